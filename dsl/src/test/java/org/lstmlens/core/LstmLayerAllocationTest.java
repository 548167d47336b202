package org.lstmlens.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * An untraced forward pass allocates nothing per timestep beyond what a pass over all steps needs at once (the
 * hoisted {@code x.W} matrix, float copies of the input for the float32 path): the bytes this thread allocates for a
 * 1000-step run exceed those of a 100-step run by that and no more. Measured with the JVM's per-thread allocation
 * counter ({@code com.sun.management.ThreadMXBean}), not timed.
 */
class LstmLayerAllocationTest {
    private static final int BATCH = 2;
    private static final int FEATURES = 3;
    private static final int UNITS = 8;
    /** Room for the counter's own granularity (TLAB bookkeeping), far below one object per step over 900 steps. */
    private static final long SLACK_BYTES = 4096;

    @Test
    void should_allocate_nothing_per_step_in_double() {
        long perStep = (long) BATCH * 4 * UNITS * Double.BYTES; // one step's rows of x.W
        assertPerStepBytes(layer -> () -> layer.run(input(100)), layer -> () -> layer.run(input(1000)), perStep);
    }

    @Test
    void should_allocate_nothing_per_step_in_float32() {
        long perStep = (long) BATCH * 4 * UNITS * Float.BYTES + (long) BATCH * FEATURES * Float.BYTES;
        assertPerStepBytes(layer -> () -> layer.runFloat(input(100)), layer -> () -> layer.runFloat(input(1000)),
                perStep);
    }

    private void assertPerStepBytes(java.util.function.Function<LstmLayer, Supplier<LayerOutput>> shortRun,
                                    java.util.function.Function<LstmLayer, Supplier<LayerOutput>> longRun,
                                    long perStep) {
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        assumeTrue(mx instanceof com.sun.management.ThreadMXBean, "skipped: this JVM has no allocation counter");
        com.sun.management.ThreadMXBean counter = (com.sun.management.ThreadMXBean) mx;
        LstmLayer wide = new LstmLayer("wide", new LstmCell(randomWeights(), Activation.TANH, Activation.SIGMOID),
                false, false);
        Supplier<LayerOutput> small = shortRun.apply(wide);
        Supplier<LayerOutput> large = longRun.apply(wide);
        for (int i = 0; i < 200; i++) { // warm up: JIT and class loading allocate too
            small.get();
            large.get();
        }

        long smallBytes = allocated(counter, small);
        long largeBytes = allocated(counter, large);

        assertThat(largeBytes - smallBytes).as("extra bytes for 900 more steps").isLessThanOrEqualTo(900 * perStep
                + SLACK_BYTES);
    }

    private static long allocated(com.sun.management.ThreadMXBean counter, Supplier<LayerOutput> run) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long before = counter.getThreadAllocatedBytes(Thread.currentThread().getId());
            LayerOutput out = run.get();
            long after = counter.getThreadAllocatedBytes(Thread.currentThread().getId());
            assertThat(out.batch()).isEqualTo(BATCH);
            best = Math.min(best, after - before);
        }
        return best;
    }

    private static final SequenceBatch[] INPUTS = new SequenceBatch[1001];

    /** Made once per length, so the measured runs do not count the input's construction. */
    private static SequenceBatch input(int steps) {
        if (INPUTS[steps] == null) {
            double[][][] x = new double[BATCH][steps][FEATURES];
            for (int t = 0; t < steps; t++) {
                x[0][t][t % FEATURES] = 0.5;
                x[1][t][(t + 1) % FEATURES] = -0.25;
            }
            INPUTS[steps] = SequenceBatch.of(x);
        }
        return INPUTS[steps];
    }

    private static LstmWeights randomWeights() {
        java.util.Random rnd = new java.util.Random(345);
        double[][] w = new double[FEATURES][4 * UNITS];
        double[][] u = new double[UNITS][4 * UNITS];
        for (double[][] m : new double[][][] {w, u}) {
            for (double[] r : m) {
                for (int j = 0; j < r.length; j++) {
                    r[j] = rnd.nextDouble() - 0.5;
                }
            }
        }
        return LstmWeights.of(w, u, new double[4 * UNITS]);
    }
}
