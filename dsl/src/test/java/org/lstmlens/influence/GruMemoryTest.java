package org.lstmlens.influence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.lstmlens.core.Activation;
import org.lstmlens.core.GruCell;
import org.lstmlens.core.GruGate;
import org.lstmlens.core.Rnn;
import org.lstmlens.core.SequenceBatch;
import org.lstmlens.core.SimpleRnnCell;
import org.lstmlens.error.LstmException;

/**
 * The update gate's memory on a two-unit GRU whose update gates are known by hand (h = z * h_prev + (1 - z) * hh,
 * KERAS_FORMATS.md Part 2 §8): unit 0 has W_z = 1, U_z = 0, b_z = 0, so z = sigmoid(x), and x = ln 3, 0, -ln 3 give
 * z = 3/4, 1/2, 1/4; unit 1 has b_z = ln 9 only, so z = 9/10 at every step. The r and h blocks have arbitrary
 * weights: they do not enter the products. A SimpleRNN has no keeping gate and says what to look at instead.
 */
class GruMemoryTest {
    static final double TOL = 1e-12;
    static final double LN3 = Math.log(3);
    static final SequenceBatch X = SequenceBatch.ofValues(0.2, LN3, 0, -LN3);

    static Rnn gru(boolean resetAfter) {
        int u = 2;
        double[][] kernel = new double[1][3 * u];
        double[][] recurrent = new double[u][3 * u];
        double[] bias = new double[3 * u];
        kernel[0][GruGate.Z.column(u, 0)] = 1;
        bias[GruGate.Z.column(u, 1)] = Math.log(9);
        kernel[0][GruGate.R.column(u, 0)] = 0.7;
        kernel[0][GruGate.H.column(u, 1)] = -0.4;
        recurrent[0][GruGate.H.column(u, 1)] = 0.9;
        recurrent[1][GruGate.R.column(u, 0)] = 0.3;
        double[] recurrentBias = resetAfter ? new double[] {0, 0, 0.1, -0.2, 0.3, 0.4} : null;
        return new Rnn("tiny_gru", new GruCell(GruCell.weights(kernel, recurrent, bias, recurrentBias),
                Activation.TANH, Activation.SIGMOID, resetAfter), false, false);
    }

    @Test
    void should_multiply_the_later_update_gates() {
        for (boolean resetAfter : new boolean[] {true, false}) {
            Memory m = Memory.of(gru(resetAfter), X);
            assertThat(m.survival(0, 0, 0)).isCloseTo(1, within(TOL));
            assertThat(m.survival(0, 1, 0)).isCloseTo(0.25, within(TOL));
            assertThat(m.survival(0, 2, 0)).isCloseTo(0.125, within(TOL));
            assertThat(m.survival(0, 3, 0)).isCloseTo(0.09375, within(TOL));
            assertThat(m.survival(0, 3, 1)).isCloseTo(0.729, within(TOL));
            assertThat(m.unit(0).horizon()).isEqualTo(2);
            assertThat(m.toMimeBundle().plain()).startsWith("update-gate memory of \"tiny_gru\" (mean of 2 units)");
            assertThat(m.toMimeBundle().get("text/html")).contains("share of the state h written at each lag");
        }
    }

    @Test
    void should_say_a_simple_rnn_has_no_gate_memory() {
        Rnn simple = new Rnn("simple_rnn", new SimpleRnnCell(SimpleRnnCell.weights(new double[][] {{0.5, 0.1}},
                new double[][] {{0.2, 0}, {0, 0.3}}, null), Activation.TANH), false, false);
        assertThatThrownBy(() -> Memory.of(simple, X)).isInstanceOf(LstmException.class)
                .hasMessage("layer \"simple_rnn\" (SimpleRNN) has no gate that keeps its state, so it has no gate"
                        + " memory: its h is rewritten at every step by h = tanh(x.W + h_prev.U + b). How far back its"
                        + " output reaches: the influence views (influence(x).byTimestep(), gradients through time)");
    }
}
