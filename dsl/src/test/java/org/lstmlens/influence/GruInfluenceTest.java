package org.lstmlens.influence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lstmlens.core.Activation;
import org.lstmlens.core.GruCell;
import org.lstmlens.core.GruGate;
import org.lstmlens.core.Rnn;
import org.lstmlens.core.SequenceBatch;
import org.lstmlens.core.SimpleRnnCell;
import org.lstmlens.core.Trace;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.NameException;
import org.lstmlens.testing.RandomLstm;

/**
 * Influence through GRU and SimpleRNN layers: gradients of an output unit and of a gate inside the layer against
 * central finite differences of the forward pass (an identity), and integrated gradients' completeness (the sum of
 * the attributions is f(x) - f(baseline)).
 */
class GruInfluenceTest {
    static final double EPS = 1e-6;

    static Rnn gru(boolean resetAfter, boolean sequences) {
        Random rnd = new Random(resetAfter ? 5 : 6);
        return new Rnn("gru", new GruCell(GruCell.weights(RandomLstm.matrix(rnd, 2, 12, 0.8),
                RandomLstm.matrix(rnd, 4, 12, 0.8), RandomLstm.vector(rnd, 12, 0.4),
                resetAfter ? RandomLstm.vector(rnd, 12, 0.4) : null), Activation.TANH, Activation.SIGMOID,
                resetAfter), sequences, false);
    }

    static Rnn simple() {
        Random rnd = new Random(7);
        return new Rnn("simple_rnn", new SimpleRnnCell(SimpleRnnCell.weights(RandomLstm.matrix(rnd, 2, 4, 0.8),
                RandomLstm.matrix(rnd, 4, 4, 0.8), RandomLstm.vector(rnd, 4, 0.4)), Activation.TANH), false, false);
    }

    /** f(x): output unit k at the last step, or gate band k at the last step when band is non-null. */
    static double value(Rnn layer, double[][] x, GruGate band, int k) {
        if (band == null) {
            return layer.run(SequenceBatch.of(new double[][][] {x})).output(0, k);
        }
        Trace tr = layer.trace(SequenceBatch.of(new double[][][] {x})).trace().orElseThrow();
        return tr.gate(0, tr.steps() - 1, band, k);
    }

    static void assertGradient(Rnn layer, Attribution a, double[][] x, GruGate band, int k) {
        double scale = 0;
        for (int t = 0; t < x.length; t++) {
            for (int j = 0; j < x[0].length; j++) {
                double[][] plus = deep(x);
                double[][] minus = deep(x);
                plus[t][j] += EPS;
                minus[t][j] -= EPS;
                double numeric = (value(layer, plus, band, k) - value(layer, minus, band, k)) / (2 * EPS);
                assertThat(a.value(0, t, j)).as("%s %s t=%d j=%d", layer, band, t, j).isCloseTo(numeric,
                        within(1e-8));
                scale = Math.max(scale, Math.abs(numeric));
            }
        }
        assertThat(scale).as("the gradient is not trivially zero").isGreaterThan(1e-3);
    }

    @Test
    void output_and_gate_gradients_match_finite_differences() {
        double[][] x = RandomLstm.matrix(new Random(8), 6, 2, 1.2);
        for (boolean resetAfter : new boolean[] {true, false}) {
            Rnn layer = gru(resetAfter, false);
            assertGradient(layer, Influence.of(layer).on(x).unit(1).gradient().attributions(), x, null, 1);
            for (GruGate g : GruGate.values()) {
                Attribution a = Influence.of(layer).on(x).gate(g.symbol(), 2).gradient().attributions();
                assertGradient(layer, a, x, g, 2);
                assertThat(a.target().describe()).startsWith(g.title() + " " + g.symbol() + " of unit 2");
            }
        }
        Rnn simple = simple();
        assertGradient(simple, Influence.of(simple).on(x).unit(0).gradient().attributions(), x, null, 0);
    }

    @Test
    void integrated_gradients_are_complete() {
        double[][] x = RandomLstm.matrix(new Random(9), 8, 2, 1.0);
        for (Rnn layer : new Rnn[] {gru(true, true), gru(false, false), simple()}) {
            Attribution a = Influence.of(layer).on(x).unit(0).integratedGradients(64).attributions();
            assertThat(Math.abs(a.relativeCompletenessGap())).as("%s", layer).isLessThan(0.01);
            assertThat(a.total(0)).isCloseTo(a.output()[0] - a.baselineOutput()[0], within(0.01));
        }
    }

    @Test
    void targets_a_cell_lacks_are_named_with_what_it_has() {
        double[][] x = new double[3][2];
        assertThatThrownBy(() -> Influence.of(gru(true, false)).on(x).gate("f", 0)).isInstanceOf(NameException.class)
                .hasMessage("Unknown GRU gate \"f\" at layer \"gru\"; expected one of z, r, h (or update, reset,"
                        + " candidate/n/hh)");
        assertThatThrownBy(() -> Influence.of(gru(true, false)).on(x).cell(0)).isInstanceOf(LstmException.class)
                .hasMessage("target cell state c of unit 0 at the last step: layer \"gru\" (GRU) has no cell state c,"
                        + " only an LSTM keeps one; its state is h (explain an output unit, or a gate: z, r, h)");
        assertThatThrownBy(() -> Influence.of(simple()).on(x).gate("z", 0)).isInstanceOf(NameException.class)
                .hasMessageContaining("SimpleRNN has no gates");
    }

    static double[][] deep(double[][] a) {
        double[][] r = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i].clone();
        }
        return r;
    }
}
