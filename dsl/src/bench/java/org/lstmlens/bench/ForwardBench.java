package org.lstmlens.bench;

import java.util.concurrent.TimeUnit;
import org.lstmlens.core.LayerOutput;
import org.lstmlens.core.Rnn;
import org.lstmlens.core.products.Products;
import org.lstmlens.core.SequenceBatch;
import org.lstmlens.core.products.KernelChoice;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The untraced forward pass of cases (a), (b), (c) for each cell (LSTM, GRU with reset_after=True, SimpleRNN) in
 * double ({@link Rnn#run}) and float32 ({@link Rnn#runFloat}), in milliseconds per pass; run-all.sh turns them into GFLOP/s and ratios to the
 * peers. The forks run as users' JVMs do (the kernel's and the tests'), with the Vector API module, so this is the
 * fused vector pass. {@code -jvmArgsAppend -Dlstmlens.vector=off} measures the layer loop instead, and then
 * {@code -p kernel=java} (or ejml, native) its product kernel; {@code auto} is the default choice.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class ForwardBench {
    @Param({"LSTM", "GRU", "SimpleRNN"})
    public String cell;

    @Param({"A", "B", "C"})
    public String benchCase;

    @Param({"double", "float32"})
    public String precision;

    @Param({"auto"})
    public String kernel;

    private Rnn layer;
    private SequenceBatch input;

    @Setup(Level.Trial)
    public void setUp() {
        if (!kernel.equals("auto")) {
            Products.use(KernelChoice.named(kernel));
        }
        BenchCase c = BenchCase.valueOf(benchCase);
        layer = c.layer(cell);
        input = c.input();
        if (precision.equals("float32")) {
            runFloat(); // makes the float32 weights once, outside the measurement
        }
    }

    @Benchmark
    public LayerOutput forward() {
        return precision.equals("double") ? layer.run(input) : runFloat();
    }

    private LayerOutput runFloat() {
        return layer.runFloat(input);
    }
}
