package org.lstmlens.bench;

import java.util.concurrent.TimeUnit;
import org.lstmlens.core.LayerOutput;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.core.Products;
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
 * The untraced forward pass of cases (a), (b), (c) in double ({@link LstmLayer#run}) and float32
 * ({@link LstmLayer#runFloat}), in milliseconds per pass; run-all.sh turns them into GFLOP/s and ratios to the
 * peers. {@code -p kernel=java} (or ejml, native, vector) measures one product kernel; {@code auto} is the default
 * choice, the one users get.
 *
 * <p>Two more benchmarks belong beside this one and are added by their own issues: the full input gradient of case
 * (c) (a {@code GradientBench} on the backward pass) and loading a 50 MB model (a {@code LoadBench} on the loaders).
 * run-all.sh picks up every benchmark in this package whose {@code @Param("case")} names a row of its table.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ForwardBench {
    @Param({"A", "B", "C"})
    public String benchCase;

    @Param({"double", "float32"})
    public String precision;

    @Param({"auto"})
    public String kernel;

    private LstmLayer layer;
    private SequenceBatch input;

    @Setup(Level.Trial)
    public void setUp() {
        if (!kernel.equals("auto")) {
            Products.use(KernelChoice.named(kernel));
        }
        BenchCase c = BenchCase.valueOf(benchCase);
        layer = c.layer();
        input = c.input();
        layer.runFloat(input); // makes the float32 weights once, outside the measurement
    }

    @Benchmark
    public LayerOutput forward() {
        return precision.equals("double") ? layer.run(input) : layer.runFloat(input);
    }
}
