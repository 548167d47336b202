package org.lstmlens.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.ShapeException;
import org.lstmlens.testing.RandomLstm;

/**
 * GRU and SimpleRNN through the one time loop: forward against {@link ReferenceCells} (the step formulas of
 * KERAS_FORMATS.md Part 2, written out naively), backward against central finite differences (an identity), and the
 * one-sample step a view spells out against the loop's own trace.
 */
class GruAndSimpleRnnTest {
    static final double TOL = 1e-12;

    /** One drawn layer and input; kind GRU (reset after or before) or SimpleRNN. */
    record Case(String name, String kind, boolean resetAfter, int biases, String act, String rec, boolean sequences,
            boolean backwards, boolean masked, boolean initial, int batch) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("GRU reset_after, two biases, sequences", "GRU", true, 2, "tanh", "sigmoid", true, false,
                        false, false, 3),
                new Case("GRU reset_after, one bias, mask, h0", "GRU", true, 1, "tanh", "sigmoid", false, false, true,
                        true, 4),
                new Case("GRU reset_after, no bias, backwards, k3 hard_sigmoid", "GRU", true, 0, "tanh",
                        "hard_sigmoid_k3", true, true, true, true, 4),
                new Case("GRU reset_before, k2 hard_sigmoid, sequences, mask", "GRU", false, 1, "tanh",
                        "hard_sigmoid_k2", true, false, true, false, 4),
                new Case("GRU reset_before, relu, backwards, h0", "GRU", false, 1, "relu", "sigmoid", false, true,
                        false, true, 2),
                new Case("GRU reset_before, no bias, one sample", "GRU", false, 0, "tanh", "sigmoid", true, false,
                        false, false, 1),
                new Case("SimpleRNN tanh sequences", "SimpleRNN", false, 1, "tanh", null, true, false, false, false, 3),
                new Case("SimpleRNN relu backwards mask h0", "SimpleRNN", false, 1, "relu", null, true, true, true,
                        true, 4),
                new Case("SimpleRNN no bias last", "SimpleRNN", false, 0, "tanh", null, false, false, true, false, 2));
    }

    /** A drawn problem: the weights as plain arrays (for the reference), the layer built from them, an input. */
    static final class Problem {
        final Case c;
        final double[][] w;
        final double[][] u;
        final double[] bias;
        final double[] recurrentBias;
        final Rnn layer;
        final double[][][] x;
        final boolean[][] mask;
        final double[][] h0;

        Problem(Case c, long seed) {
            this.c = c;
            Random rnd = new Random(seed);
            int features = 3;
            int units = 5;
            int steps = 7;
            int bands = c.kind().equals("GRU") ? 3 : 1;
            w = RandomLstm.matrix(rnd, features, bands * units, 0.8);
            u = RandomLstm.matrix(rnd, units, bands * units, 0.8);
            bias = c.biases() >= 1 ? RandomLstm.vector(rnd, bands * units, 0.5) : null;
            recurrentBias = c.biases() == 2 ? RandomLstm.vector(rnd, bands * units, 0.5) : null;
            Activation act = activation(c.act());
            RecurrentCell cell = c.kind().equals("GRU")
                    ? new GruCell(GruCell.weights(w, u, bias, recurrentBias), act, activation(c.rec()), c.resetAfter())
                    : new SimpleRnnCell(SimpleRnnCell.weights(w, u, bias), act);
            layer = new Rnn("l", cell, c.sequences(), c.backwards());
            x = RandomLstm.tensor(rnd, c.batch(), steps, features, 1.5);
            mask = c.masked() ? mask(rnd, c.batch(), steps) : null;
            h0 = c.initial() ? RandomLstm.matrix(rnd, c.batch(), units, 0.7) : null;
        }

        double[][][] reference() {
            return c.kind().equals("GRU")
                    ? ReferenceCells.gru(w, u, bias, recurrentBias, c.resetAfter(), c.act(), c.rec(), x, mask, h0,
                            c.backwards())
                    : ReferenceCells.simpleRnn(w, u, bias, c.act(), x, mask, h0, c.backwards());
        }

        LayerOutput run(double[][][] input, double[][] initial, boolean trace) {
            return layer.run(SequenceBatch.of(input), mask, initial == null ? null : RnnState.of(initial), trace);
        }
    }

    static Activation activation(String name) {
        switch (name) {
            case "hard_sigmoid_k2": return Activation.HARD_SIGMOID_KERAS2;
            case "hard_sigmoid_k3": return Activation.HARD_SIGMOID_KERAS3;
            default: return Activation.parse(name, null);
        }
    }

    /** Masks with a skipped step in the middle and, for some samples, trailing and leading ones. */
    static boolean[][] mask(Random rnd, int batch, int steps) {
        boolean[][] m = new boolean[batch][steps];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                m[b][t] = !(t == 3 || (b % 2 == 1 && t >= steps - 2) || (b == 2 && t == 0) || rnd.nextDouble() < 0.1);
            }
        }
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forward_matches_the_formulas(Case c) {
        Problem p = new Problem(c, 11);
        double[][][] ref = p.reference();
        for (boolean trace : new boolean[] {false, true}) {
            LayerOutput out = p.run(p.x, p.h0, trace);
            int steps = p.x[0].length;
            for (int b = 0; b < c.batch(); b++) {
                for (int s = 0; s < steps; s++) {
                    if (c.sequences()) {
                        for (int k = 0; k < p.layer.units(); k++) {
                            assertThat(out.output(b, s, k)).as("%s trace=%s: sample %d step %d unit %d", c, trace, b,
                                    s, k).isCloseTo(ref[b][s][k], within(TOL));
                        }
                    }
                }
                for (int k = 0; k < p.layer.units(); k++) {
                    assertThat(out.output(b, k)).as("%s: last output of %d", c, b)
                            .isCloseTo(ref[b][steps - 1][k], within(TOL));
                }
                assertThat(out.state().h(b)).as("%s: final h of %d", c, b).containsExactly(ref[b][steps], within(TOL));
            }
            assertThat(out.state().hasCellState()).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void a_step_spelled_out_is_the_step_the_loop_traced(Case c) {
        Problem p = new Problem(c, 12);
        Trace tr = p.run(p.x, p.h0, true).trace().orElseThrow();
        RecurrentCell cell = p.layer.cell();
        for (int b = 0; b < c.batch(); b++) {
            for (int s = 0; s < tr.steps(); s++) {
                CellStep step = tr.cellStep(b, s);
                for (Band band : cell.bands()) {
                    for (int k = 0; k < cell.units(); k++) {
                        assertThat(step.z(band, k)).isCloseTo(tr.z(b, s, band, k), within(TOL));
                        assertThat(step.gate(band, k)).isCloseTo(tr.gate(b, s, band, k), within(TOL));
                        double parts = step.inputPart(band, k) + step.biasPart(band, k);
                        if (cell instanceof GruCell && band == GruGate.H) {
                            GruCell gru = (GruCell) cell;
                            double r = step.gate(GruGate.R, k);
                            double rec = step.recurrentCandidate(k);
                            assertThat(rec).isCloseTo(tr.recurrentCandidate(b, s, k), within(TOL));
                            if (gru.resetAfter()) {
                                assertThat(rec).isCloseTo(step.recurrentPart(band, k)
                                        + step.recurrentBiasPart(band, k), within(TOL));
                            }
                            parts += gru.resetAfter() ? r * rec : rec;
                        } else {
                            parts += step.recurrentPart(band, k) + step.recurrentBiasPart(band, k);
                        }
                        assertThat(step.z(band, k)).as("%s: z is the sum of its parts", band).isCloseTo(parts,
                                within(TOL));
                    }
                }
                if (tr.active(b, s)) {
                    for (int k = 0; k < cell.units(); k++) {
                        assertThat(step.h(k)).isCloseTo(tr.h(b, s, k), within(TOL));
                    }
                }
            }
        }
    }

    /** L = sum(dOut * out) + sum(dhF * hFinal), with random dOut and dhF. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void backward_matches_finite_differences(Case c) {
        Problem p = new Problem(c, 13);
        Random rnd = new Random(14);
        int outSteps = c.sequences() ? p.x[0].length : 1;
        double[][][] dOut = RandomLstm.tensor(rnd, c.batch(), outSteps, p.layer.units(), 1);
        double[][] dhF = RandomLstm.matrix(rnd, c.batch(), p.layer.units(), 1);
        double[][] h0 = p.h0 != null ? p.h0 : new double[c.batch()][p.layer.units()];
        ToDoubleFunction<LayerOutput> loss = out -> {
            double l = 0;
            double[][][] o = out.toArray();
            for (int b = 0; b < c.batch(); b++) {
                for (int s = 0; s < outSteps; s++) {
                    for (int k = 0; k < o[b][s].length; k++) {
                        l += dOut[b][s][k] * o[b][s][k];
                    }
                }
                for (int k = 0; k < dhF[b].length; k++) {
                    l += dhF[b][k] * out.state().h(b, k);
                }
            }
            return l;
        };
        RnnGradients g = RnnBackward.from(p.run(p.x, h0, true)).outputGradient(dOut).finalStateGradient(dhF, null)
                .run();
        double[][][] xs = p.x;
        for (int b = 0; b < c.batch(); b++) {
            for (int t = 0; t < xs[0].length; t++) {
                for (int f = 0; f < xs[0][0].length; f++) {
                    int bb = b;
                    int tt = t;
                    int ff = f;
                    double numeric = central(e -> {
                        double[][][] x2 = deepCopy(xs);
                        x2[bb][tt][ff] += e;
                        return loss.applyAsDouble(p.run(x2, h0, false));
                    });
                    assertThat(g.dx(b, t, f)).as("%s: dx[%d][%d][%d]", c, b, t, f).isCloseTo(numeric, within(1e-7));
                }
            }
            for (int k = 0; k < p.layer.units(); k++) {
                int bb = b;
                int kk = k;
                // finite differences of h0
                double numeric = central(e -> {
                    double[][] h2 = deepCopy(h0);
                    h2[bb][kk] += e;
                    return loss.applyAsDouble(p.run(xs, h2, false));
                });
                assertThat(g.dInitial().h(b, k)).as("%s: dh0[%d][%d]", c, b, k).isCloseTo(numeric, within(1e-7));
            }
        }
    }

    /** The gradient entering at one band's activation at one step: L = sum(dG * band(step)). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void a_band_gradient_matches_finite_differences(Case c) {
        Problem p = new Problem(c, 15);
        Random rnd = new Random(16);
        int step = 4;
        for (Band band : p.layer.cell().bands()) {
            double[][] dG = RandomLstm.matrix(rnd, c.batch(), p.layer.units(), 1);
            ToDoubleFunction<LayerOutput> loss = out -> {
                Trace tr = out.trace().orElseThrow();
                double l = 0;
                for (int b = 0; b < c.batch(); b++) {
                    if (!tr.active(b, step)) {
                        continue; // a masked step's band is not part of the computation
                    }
                    for (int k = 0; k < p.layer.units(); k++) {
                        l += dG[b][k] * tr.gate(b, step, band, k);
                    }
                }
                return l;
            };
            RnnGradients g = RnnBackward.from(p.run(p.x, p.h0, true)).gateGradient(band, step, dG).run();
            for (int b = 0; b < c.batch(); b++) {
                for (int t = 0; t < p.x[0].length; t++) {
                    for (int f = 0; f < p.x[0][0].length; f++) {
                        int bb = b;
                        int tt = t;
                        int ff = f;
                        double numeric = central(e -> {
                            double[][][] x2 = deepCopy(p.x);
                            x2[bb][tt][ff] += e;
                            return loss.applyAsDouble(p.run(x2, p.h0, true));
                        });
                        assertThat(g.dx(b, t, f)).as("%s: d%s/dx[%d][%d][%d]", c, band, b, t, f)
                                .isCloseTo(numeric, within(1e-7));
                    }
                }
            }
        }
    }

    @Test
    void simple_rnn_weight_gradients_match_finite_differences() {
        Case c = cases().filter(k -> k.kind().equals("SimpleRNN")).findFirst().orElseThrow();
        Problem p = new Problem(c, 17);
        Random rnd = new Random(18);
        double[][][] dOut = RandomLstm.tensor(rnd, c.batch(), p.x[0].length, p.layer.units(), 1);
        CellWeights dW = RnnBackward.from(p.run(p.x, null, true)).outputGradient(dOut).withWeightGradients().run()
                .dWeights().orElseThrow();
        for (int r = 0; r < p.u.length; r++) {
            for (int j = 0; j < p.u[0].length; j++) {
                int rr = r;
                int jj = j;
                double numeric = central(e -> {
                    double[][] u2 = deepCopy(p.u);
                    u2[rr][jj] += e;
                    Rnn l = new Rnn("l", new SimpleRnnCell(SimpleRnnCell.weights(p.w, u2, p.bias),
                            Activation.TANH), true, false);
                    return dot(dOut, l.run(SequenceBatch.of(p.x)).toArray());
                });
                assertThat(dW.recurrent(r, SimpleRnnBand.H, j)).isCloseTo(numeric, within(1e-7));
            }
        }
    }

    @Test
    void bad_weights_and_states_are_named() {
        double[][] w = new double[2][12];
        double[][] u = new double[4][12];
        assertThatThrownBy(() -> new GruCell(GruCell.weights(w, u, new double[12], new double[12]), Activation.TANH,
                Activation.SIGMOID, false)).isInstanceOf(ShapeException.class)
                .hasMessage("GRU with reset_after=False has one bias vector (3u), but a recurrent bias was given: a"
                        + " (2, 3u) bias belongs to reset_after=True");
        assertThatThrownBy(() -> GruCell.weights(w, new double[4][8], null, null)).isInstanceOf(ShapeException.class)
                .hasMessage("GRU recurrent kernel: expected units x 3*units, got 4x8");
        assertThatThrownBy(() -> GruCell.weights(new double[2][9], u, null, null)).isInstanceOf(ShapeException.class)
                .hasMessage("GRU kernel: expected inputDim x 12 (3*units, units = 4 from the recurrent kernel 4x12),"
                        + " got 2x9");
        Rnn gru = new Rnn("gru_1", new GruCell(GruCell.weights(w, u, null, null), Activation.TANH,
                Activation.SIGMOID, true), false, false);
        SequenceBatch x = SequenceBatch.of(new double[1][3][2]);
        assertThatThrownBy(() -> gru.run(x, null, RnnState.of(new double[1][4], new double[1][4]), false))
                .isInstanceOf(ShapeException.class)
                .hasMessage("initial state of layer \"gru_1\" (GRU): a GRU keeps h only, got h and c");
        LayerOutput traced = gru.trace(x);
        assertThatThrownBy(() -> RnnBackward.from(traced).cellGradient(0, new double[1][4]))
                .isInstanceOf(LstmException.class)
                .hasMessage("layer \"gru_1\" (GRU) has no cell state c: only an LSTM keeps one; ask for the gradient"
                        + " of h instead");
        assertThatThrownBy(() -> traced.state().c(0)).isInstanceOf(LstmException.class)
                .hasMessageContaining("no cell state c");
        assertThatThrownBy(() -> RnnBackward.from(traced).withWeightGradients().run())
                .isInstanceOf(LstmException.class).hasMessageContaining("a GRU's are not yet");
    }

    @Test
    void parameter_counts_are_keras_formulas() {
        // KERAS_FORMATS.md Part 2 §5, d=6, u=4: 132, 144, 120, 44
        double[][] w = new double[6][12];
        double[][] u = new double[4][12];
        assertThat(GruCell.weights(w, u, new double[12], null).params().total()).isEqualTo(132);
        ParamCount twoBiases = GruCell.weights(w, u, new double[12], new double[12]).params();
        assertThat(twoBiases.total()).isEqualTo(144);
        assertThat(twoBiases.formula()).isEqualTo("3*(6*4 + 4*4 + 2*4) = 144");
        assertThat(GruCell.weights(w, u, null, null).params().total()).isEqualTo(120);
        ParamCount simple = SimpleRnnCell.weights(new double[6][4], new double[4][4], new double[4]).params();
        assertThat(simple.total()).isEqualTo(44);
        assertThat(simple.formula()).isEqualTo("6*4 + 4*4 + 4 = 44");
    }

    static double central(java.util.function.DoubleUnaryOperator f) {
        double eps = 1e-5;
        return (f.applyAsDouble(eps) - f.applyAsDouble(-eps)) / (2 * eps);
    }

    static double dot(double[][][] a, double[][][] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                for (int k = 0; k < a[i][j].length; k++) {
                    s += a[i][j][k] * b[i][j][k];
                }
            }
        }
        return s;
    }

    static double[][] deepCopy(double[][] a) {
        double[][] r = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i].clone();
        }
        return r;
    }

    static double[][][] deepCopy(double[][][] a) {
        double[][][] r = new double[a.length][][];
        for (int i = 0; i < a.length; i++) {
            r[i] = deepCopy(a[i]);
        }
        return r;
    }
}
