package org.lstmlens.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Identities every correct LSTM layer satisfies, so they need no reference numbers: each side is computed by a
 * different route (reversed input vs go_backwards, truncated sequence vs trailing mask, split sequence vs one run,
 * the hoisted layer loop vs the spelled-out cell step). Semantics from Keras's RNN: masked steps carry h and c and
 * repeat the previous output (zeros before the first unmasked step), go_backwards returns outputs in processing order.
 */
class LayerIdentitiesTest {
    /** Same arithmetic in another order: only rounding differs. */
    private static final double REORDERED = 1e-12;

    private static LstmLayer layer(boolean returnSequences, boolean goBackwards) {
        LstmCell cell = new LstmCell(KerasInit.weights(3, 4, 9), Activation.TANH, Activation.HARD_SIGMOID_KERAS2);
        return new LstmLayer("lstm", cell, returnSequences, goBackwards);
    }

    private static double[][][] randomBatch(int batch, int steps, int features, long seed) {
        Random r = new Random(seed);
        double[][][] x = new double[batch][steps][features];
        for (double[][] s : x) {
            for (double[] v : s) {
                for (int j = 0; j < features; j++) {
                    v[j] = 2 * r.nextDouble() - 1;
                }
            }
        }
        return x;
    }

    private static double[][][] reversed(double[][][] x) {
        double[][][] r = new double[x.length][][];
        for (int b = 0; b < x.length; b++) {
            r[b] = new double[x[b].length][];
            for (int t = 0; t < x[b].length; t++) {
                r[b][t] = x[b][x[b].length - 1 - t];
            }
        }
        return r;
    }

    @Test
    void should_equal_a_forward_run_on_the_reversed_input_when_going_backwards() {
        double[][][] x = randomBatch(2, 6, 3, 1);

        double[][][] backwards = layer(true, true).run(SequenceBatch.of(x)).toArray();
        double[][][] forwardOnReversed = layer(true, false).run(SequenceBatch.of(reversed(x))).toArray();

        for (int b = 0; b < 2; b++) {
            for (int s = 0; s < 6; s++) {
                assertThat(backwards[b][s]).as("sample %d step %d", b, s)
                        .containsExactly(forwardOnReversed[b][s], within(REORDERED));
            }
        }
    }

    @Test
    void should_equal_the_truncated_run_when_the_tail_is_masked_and_repeat_the_last_output() {
        double[][][] x = randomBatch(1, 7, 3, 2);
        double[][][] firstFour = {java.util.Arrays.copyOf(x[0], 4)};
        boolean[][] mask = {{true, true, true, true, false, false, false}};

        LayerOutput masked = layer(true, false).run(SequenceBatch.of(x), mask, null, false);
        LayerOutput truncated = layer(true, false).run(SequenceBatch.of(firstFour));

        double[] last = truncated.lastOutput()[0];
        for (int s = 0; s < 7; s++) {
            double[] expected = s < 4 ? truncated.toArray()[0][s] : last;
            assertThat(masked.toArray()[0][s]).as("step %d", s).containsExactly(expected, within(REORDERED));
        }
        assertThat(masked.state().h(0)).containsExactly(truncated.state().h(0), within(REORDERED));
        assertThat(masked.state().c(0)).containsExactly(truncated.state().c(0), within(REORDERED));
    }

    @Test
    void should_output_zeros_for_masked_leading_steps() {
        double[][][] x = randomBatch(1, 5, 3, 3);
        boolean[][] mask = {{false, false, true, true, true}};

        double[][][] out = layer(true, false).run(SequenceBatch.of(x), mask, null, false).toArray();

        assertThat(out[0][0]).containsOnly(0.0);
        assertThat(out[0][1]).containsOnly(0.0);
        assertThat(out[0][2]).isNotEqualTo(new double[4]);
    }

    @Test
    void should_output_zeros_and_keep_the_initial_state_for_a_fully_masked_sample() {
        double[][][] x = randomBatch(2, 4, 3, 4);
        boolean[][] mask = {{true, true, true, true}, {false, false, false, false}};
        double[][] h0 = {{0.1, 0.2, 0.3, 0.4}, {0.5, -0.6, 0.7, -0.8}};
        double[][] c0 = {{1, 2, 3, 4}, {-1, 0.25, 2, -3}};

        LayerOutput out = layer(true, false).run(SequenceBatch.of(x), mask, RnnState.of(h0, c0), false);

        for (int s = 0; s < 4; s++) {
            assertThat(out.toArray()[1][s]).containsOnly(0.0);
        }
        assertThat(out.state().h(1)).containsExactly(h0[1]);
        assertThat(out.state().c(1)).containsExactly(c0[1]);
    }

    @Test
    void should_continue_from_a_given_initial_state_as_if_the_sequence_had_not_been_split() {
        double[][][] x = randomBatch(1, 6, 3, 5);
        double[][][] head = {java.util.Arrays.copyOfRange(x[0], 0, 2)};
        double[][][] tail = {java.util.Arrays.copyOfRange(x[0], 2, 6)};

        LayerOutput whole = layer(true, false).run(SequenceBatch.of(x));
        LayerOutput first = layer(true, false).run(SequenceBatch.of(head));
        RnnState carried = RnnState.of(new double[][] {first.state().h(0)}, new double[][] {first.state().c(0)});
        LayerOutput second = layer(true, false).run(SequenceBatch.of(tail), null, carried, false);

        for (int s = 0; s < 4; s++) {
            assertThat(second.toArray()[0][s]).containsExactly(whole.toArray()[0][s + 2], within(REORDERED));
        }
        // and the zero state would have given something else: the initial state is really used
        LayerOutput fromZero = layer(true, false).run(SequenceBatch.of(tail));
        assertThat(Math.abs(fromZero.toArray()[0][0][0] - second.toArray()[0][0][0])).isGreaterThan(1e-6);
    }

    @Test
    void should_give_the_same_z_whether_the_bias_joins_the_input_or_the_recurrent_transform() {
        double[][][] x = randomBatch(1, 5, 3, 6);
        Trace trace = layer(true, false).trace(SequenceBatch.of(x)).trace().orElseThrow();

        for (int s = 0; s < 5; s++) {
            CellStep step = trace.cellStep(0, s);
            for (Gate g : Gate.values()) {
                for (int k = 0; k < 4; k++) {
                    double withInput = (step.inputPart(g, k) + step.biasPart(g, k)) + step.recurrentPart(g, k);
                    double withRecurrent = step.inputPart(g, k) + (step.recurrentPart(g, k) + step.biasPart(g, k));
                    assertThat(withRecurrent).isCloseTo(withInput, within(REORDERED));
                    // the layer loop adds b to x.W before h.U: its recorded z is the same number again
                    assertThat(trace.z(0, s, g, k)).as("z_%s[%d] at step %d", g, k, s)
                            .isCloseTo(withRecurrent, within(REORDERED));
                }
            }
        }
    }
}
