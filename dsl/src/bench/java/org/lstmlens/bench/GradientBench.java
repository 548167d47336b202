package org.lstmlens.bench;

import java.util.concurrent.TimeUnit;
import org.lstmlens.core.LayerOutput;
import org.lstmlens.core.RnnBackward;
import org.lstmlens.core.RnnGradients;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.core.SequenceBatch;
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
 * The full input gradient of one output (the sum of the last output's units) for case (c), batch 1, 128 features,
 * 512 units, 1000 steps: a traced forward pass plus backpropagation through time to dL/dx. Measured beside the
 * untraced forward pass of the same layer in the same fork, so {@code gradient / forward} is the ratio the issues
 * ask about (at most 3).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class GradientBench {
    @Param({"C"})
    public String benchCase;

    private LstmLayer layer;
    private SequenceBatch input;
    private double[][] ones;

    @Setup(Level.Trial)
    public void setUp() {
        BenchCase c = BenchCase.valueOf(benchCase);
        layer = c.layer();
        input = c.input();
        ones = new double[c.batch][c.units];
        for (double[] row : ones) {
            java.util.Arrays.fill(row, 1.0);
        }
    }

    @Benchmark
    public LayerOutput forward() {
        return layer.run(input);
    }

    @Benchmark
    public RnnGradients inputGradient() {
        LayerOutput traced = layer.run(input, null, null, true);
        return RnnBackward.from(traced).lastOutputGradient(ones).run();
    }
}
