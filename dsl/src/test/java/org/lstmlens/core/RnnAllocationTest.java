package org.lstmlens.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * An untraced forward pass that returns only the last output allocates nothing per timestep, for every cell, in double
 * and float32, through the fused steps and through the fallback loop (the cell's own step): the hoisted
 * {@code x.W} is computed in fixed-size chunks of timesteps, so the bytes this thread allocates for a 4000-step run
 * exceed those of an 1100-step run by no more than the counter's granularity. Measured with the JVM's per-thread allocation
 * counter ({@code com.sun.management.ThreadMXBean}), not timed.
 */
class RnnAllocationTest {
    private static final int BATCH = 2;
    // both longer than one hoisted chunk of every cell here (SimpleRNN's: 1024 steps), so x.W's buffer is the same
    private static final int SHORT = 1100;
    private static final int LONG = 4000;
    private static final int FEATURES = 3;
    private static final int UNITS = 64; // LSTM chunks of 256 timesteps, GRU 341, SimpleRNN 1024
    /** Room for the counter's own granularity (TLAB bookkeeping), far below one object per step over 2900 steps. */
    private static final long SLACK_BYTES = 4096;

    private static final LstmLayer LSTM = new LstmLayer("wide", new LstmCell(LstmWeights.of(matrix(FEATURES, 4),
            matrix(UNITS, 4), new double[4 * UNITS]), Activation.TANH, Activation.SIGMOID), false, false);

    @Test
    void should_allocate_nothing_per_step_in_double() {
        assertPerStepBytes("LSTM", () -> LSTM.run(input(SHORT)), () -> LSTM.run(input(LONG)));
    }

    @Test
    void should_allocate_nothing_per_step_in_float32() {
        assertPerStepBytes("LSTM float32", () -> LSTM.runFloat(input(SHORT)), () -> LSTM.runFloat(input(LONG)));
    }

    @Test
    void should_allocate_nothing_per_step_through_the_loop_for_any_cell() {
        CellWeights gru = GruCell.weights(matrix(FEATURES, 3), matrix(UNITS, 3), new double[3 * UNITS],
                new double[3 * UNITS]);
        CellWeights gruBefore = GruCell.weights(matrix(FEATURES, 3), matrix(UNITS, 3), new double[3 * UNITS], null);
        for (RecurrentCell cell : new RecurrentCell[] {LSTM.cell(),
            new GruCell(gru, Activation.TANH, Activation.SIGMOID, true),
            new GruCell(gruBefore, Activation.TANH, Activation.HARD_SIGMOID_KERAS2, false),
            new SimpleRnnCell(SimpleRnnCell.weights(matrix(FEATURES, 1), matrix(UNITS, 1), new double[UNITS]),
                    Activation.TANH)}) {
            Rnn layer = new Rnn("wide", cell, false, false);
            assertPerStepBytes(cell.toString(), () -> layer.run(input(SHORT)), () -> layer.run(input(LONG)));
            assertPerStepBytes(cell + " float32", () -> layer.runFloat(input(SHORT)),
                    () -> layer.runFloat(input(LONG)));
            // the fallbacks: the cell's own step over the product kernel, double and float32
            assertPerStepBytes(cell + " loop", () -> layer.loop(input(SHORT), null, null, false),
                    () -> layer.loop(input(LONG), null, null, false));
            assertPerStepBytes(cell + " float32 loop", () -> layer.loopFloat(input(SHORT), null, null),
                    () -> layer.loopFloat(input(LONG), null, null));
        }
    }

    private void assertPerStepBytes(String what, Supplier<LayerOutput> small, Supplier<LayerOutput> large) {
        long perStep = 0;
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        assumeTrue(mx instanceof com.sun.management.ThreadMXBean, "skipped: this JVM has no allocation counter");
        com.sun.management.ThreadMXBean counter = (com.sun.management.ThreadMXBean) mx;
        // a claim about compiled code: class loading and the JIT allocate too, and until C2 has compiled the fused
        // pass's Vector API kernels, the interim code boxes every vector (in a busy suite that takes seconds). So
        // measure until the figure settles, for at most ~100 rounds, and report the last one.
        long limit = (LONG - SHORT) * perStep + SLACK_BYTES;
        long extra = Long.MAX_VALUE;
        for (int round = 0; round < 100 && extra > limit; round++) {
            extra = allocated(counter, large) - allocated(counter, small);
        }

        assertThat(extra).as("%s: extra bytes for %d more steps", what, LONG - SHORT).isLessThanOrEqualTo(limit);
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

    private static final SequenceBatch[] INPUTS = new SequenceBatch[LONG + 1];

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

    /** rows x bands*UNITS, uniform in [-0.5, 0.5), seeded. */
    private static double[][] matrix(int rows, int bands) {
        java.util.Random rnd = new java.util.Random(345 + rows * 7L + bands);
        double[][] m = new double[rows][bands * UNITS];
        for (double[] r : m) {
            for (int j = 0; j < r.length; j++) {
                r[j] = rnd.nextDouble() - 0.5;
            }
        }
        return m;
    }
}
