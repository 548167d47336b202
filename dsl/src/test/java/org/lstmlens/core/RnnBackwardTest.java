package org.lstmlens.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.ShapeException;
import org.lstmlens.testing.RandomLstm;

/**
 * The backward pass against central finite differences of the forward pass (an identity: the derivative is the limit
 * of the difference quotient), on random layers. The objective is {@code L = sum(dOut * out) + sum(dhF * hFinal) +
 * sum(dcF * cFinal)} with random weights dOut, dhF, dcF, so every output and the final state carry gradient. Cases
 * whose pre-activations fall near a kink of relu or hard_sigmoid are redrawn, since there the difference quotient
 * straddles two slopes.
 */
class RnnBackwardTest {
    /** Largest |numeric - analytic| relative to the largest analytic entry. */
    static final double REL_TOL = 1e-6;
    static final double EPS = 1e-5;
    /** Pre-activations closer than this to a kink are redrawn (EPS moves them by far less). */
    static final double KINK_MARGIN = 1e-3;

    record Case(String name, Activation act, Activation rec, boolean sequences, boolean backwards, boolean masked,
            boolean initial, int batch) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                new Case("tanh/sigmoid sequences", Activation.TANH, Activation.SIGMOID, true, false, false, false, 3),
                new Case("tanh/hard_sigmoid k2 last, mask, h0", Activation.TANH, Activation.HARD_SIGMOID_KERAS2,
                        false, false, true, true, 4),
                new Case("softsign/hard_sigmoid k3 backwards sequences mask", Activation.SOFTSIGN,
                        Activation.HARD_SIGMOID_KERAS3, true, true, true, true, 4),
                new Case("relu/sigmoid backwards last h0", Activation.RELU, Activation.SIGMOID, false, true, false,
                        true, 2),
                new Case("elu/sigmoid sequences h0", Activation.ELU, Activation.SIGMOID, true, false, false, true, 2),
                new Case("selu/hard_sigmoid k2 sequences mask", Activation.SELU, Activation.HARD_SIGMOID_KERAS2, true,
                        false, true, false, 4),
                new Case("swish/sigmoid last", Activation.SWISH, Activation.SIGMOID, false, false, false, true, 1),
                new Case("softplus/tanh backwards", Activation.SOFTPLUS, Activation.TANH, true, true, true, true, 4),
                new Case("linear/sigmoid last", Activation.LINEAR, Activation.SIGMOID, false, false, true, true, 4))
                .map(Arguments::of);
    }

    /** One drawn problem: a layer, an input, mask, state and the random objective weights. */
    static final class Problem {
        LstmLayer layer;
        SequenceBatch x;
        boolean[][] mask;
        RnnState h0;
        double[][][] dOut;
        double[][] dhF;
        double[][] dcF;

        double loss(LstmLayer l, SequenceBatch in, RnnState init) {
            return objective(l.run(in, mask, init, false), dOut, dhF, dcF);
        }

        RnnGradients analytic() {
            LayerOutput traced = layer.run(x, mask, h0, true);
            return RnnBackward.from(traced).outputGradient(dOut).finalStateGradient(dhF, dcF).withWeightGradients()
                    .run();
        }
    }

    static Problem draw(Case c) {
        for (int seed = 1; seed < 200; seed++) {
            Random rnd = new Random(seed * 7919L + c.name().hashCode());
            int steps = 6;
            int in = 3;
            int u = 3;
            Problem p = new Problem();
            p.layer = RandomLstm.layer(rnd, in, u, 1.2, c.act(), c.rec(), c.sequences(), c.backwards());
            p.x = RandomLstm.input(rnd, c.batch(), steps, in, 1.5);
            p.mask = c.masked() ? mask(c.batch(), steps) : null;
            p.h0 = c.initial() ? RnnState.of(RandomLstm.matrix(rnd, c.batch(), u, 0.8),
                    RandomLstm.matrix(rnd, c.batch(), u, 0.8)) : null;
            p.dOut = RandomLstm.tensor(rnd, c.batch(), c.sequences() ? steps : 1, u, 1);
            p.dhF = RandomLstm.matrix(rnd, c.batch(), u, 1);
            p.dcF = RandomLstm.matrix(rnd, c.batch(), u, 1);
            if (clearOfKinks(p.layer.run(p.x, p.mask, p.h0, true).trace().orElseThrow(), c)) {
                return p;
            }
        }
        throw new AssertionError("no draw clear of the activations' kinks for " + c);
    }

    /** Sample 0 full, 1 with leading masked steps, 2 with holes, 3 fully masked (all outputs zero). */
    static boolean[][] mask(int batch, int steps) {
        boolean[][] m = new boolean[batch][steps];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                m[b][t] = b == 0 || (b == 1 && t >= 2) || (b == 2 && t % 3 != 1);
            }
        }
        return m;
    }

    static boolean clearOfKinks(Trace tr, Case c) {
        for (int b = 0; b < tr.batch(); b++) {
            for (int s = 0; s < tr.steps(); s++) {
                for (int k = 0; k < tr.units() && tr.active(b, s); k++) {
                    for (Gate g : Gate.values()) {
                        Activation a = g.usesRecurrentActivation() ? c.rec() : c.act();
                        if (nearKink(a, tr.z(b, s, g, k))) {
                            return false;
                        }
                    }
                    if (nearKink(c.act(), tr.c(b, s, k))) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    static boolean nearKink(Activation a, double v) {
        if (a == Activation.RELU || a == Activation.ELU || a == Activation.SELU) {
            return Math.abs(v) < KINK_MARGIN;
        }
        if (a == Activation.HARD_SIGMOID_KERAS2) {
            return Math.abs(Math.abs(v) - 2.5) < KINK_MARGIN;
        }
        return a == Activation.HARD_SIGMOID_KERAS3 && Math.abs(Math.abs(v) - 3) < KINK_MARGIN;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void should_match_finite_differences_for_the_input(Case c) {
        Problem p = draw(c);
        RnnGradients g = p.analytic();
        assertInputGradient(p.x, g, in -> p.loss(p.layer, in, p.h0), "dL/dx " + c);
        if (c.masked()) {
            // a masked timestep does not reach the output at all
            assertThat(g.dx(1, 0, 0)).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void should_match_finite_differences_for_the_initial_state(Case c) {
        Problem p = draw(c);
        RnnState h0 = p.h0 != null ? p.h0 : RnnState.zeros(p.x.batch(), p.layer.units());
        RnnGradients g = p.analytic();
        int batch = p.x.batch();
        int u = p.layer.units();

        double[] analytic = new double[2 * batch * u];
        double[] numeric = new double[analytic.length];
        int n = 0;
        for (int which = 0; which < 2; which++) {
            for (int b = 0; b < batch; b++) {
                for (int k = 0; k < u; k++) {
                    int w = which, bb = b, kk = k;
                    analytic[n] = which == 0 ? g.dInitial().h(b, k) : g.dInitial().c(b, k);
                    numeric[n++] = central(e -> {
                        double[][] h = new double[batch][];
                        double[][] cc = new double[batch][];
                        for (int i = 0; i < batch; i++) {
                            h[i] = h0.h(i);
                            cc[i] = h0.c(i);
                        }
                        (w == 0 ? h : cc)[bb][kk] += e;
                        return p.loss(p.layer, p.x, RnnState.of(h, cc));
                    });
                }
            }
        }
        assertClose(numeric, analytic, "dL/d(h0, c0) " + c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void should_match_finite_differences_for_the_weights(Case c) {
        Problem p = draw(c);
        CellWeights dW = p.analytic().dWeights().orElseThrow();
        LstmWeights w = p.layer.weights();
        int in = w.inputDim();
        int g4 = 4 * w.units();

        int count = in * g4 + w.units() * g4 + g4;
        double[] analytic = new double[count];
        double[] numeric = new double[count];
        int n = 0;
        for (int part = 0; part < 3; part++) {
            int rows = part == 0 ? in : part == 1 ? w.units() : 1;
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < g4; j++) {
                    int pp = part, rr = r, jj = j;
                    analytic[n] = part == 0 ? dW.kernel().get(r, j) : part == 1 ? dW.recurrentKernel().get(r, j)
                            : dW.bias().orElseThrow()[j];
                    numeric[n++] = central(e -> p.loss(p.layer.withCell(p.layer.cell().withWeights(
                            perturbed(w, pp, rr, jj, e))), p.x, p.h0));
                }
            }
        }
        assertClose(numeric, analytic, "dL/d(W, U, b) " + c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void should_match_finite_differences_for_a_gate_and_the_cell_state_at_a_middle_step(Case c) {
        Problem p = draw(c);
        assertGateGradients(p.layer, p.x, p.mask, p.h0, new Random(c.name().length()), c.toString());
    }

    /**
     * For each band at processing step 3 (and, for an LSTM, the cell state after step 2): dL/dx of a random gradient
     * given at the gate's value, against central differences of {@code sum(dGate * gate) + sum(dCell * c)}.
     */
    static void assertGateGradients(Rnn layer, SequenceBatch x, boolean[][] mask, RnnState h0, Random rnd,
                                    String what) {
        int step = 3;
        int batch = x.batch();
        int u = layer.units();
        boolean lstm = layer.cell().hasCellState();
        for (Band gate : layer.cell().bands()) {
            double[][] dGate = RandomLstm.matrix(rnd, batch, u, 1);
            double[][] dCell = lstm ? RandomLstm.matrix(rnd, batch, u, 1) : null;
            RnnBackward back = RnnBackward.from(layer.run(x, mask, h0, true)).gateGradient(gate, step, dGate);
            RnnGradients g = (lstm ? back.cellGradient(step - 1, dCell) : back).run();
            ToDoubleFunction<SequenceBatch> loss = in -> {
                Trace tr = layer.run(in, mask, h0, true).trace().orElseThrow();
                double sum = 0;
                for (int b = 0; b < batch; b++) {
                    for (int k = 0; k < u; k++) {
                        // a skipped step computed no gate: the trace holds a stale value there
                        sum += (tr.active(b, step) ? dGate[b][k] * tr.gate(b, step, gate, k) : 0)
                                + (lstm ? dCell[b][k] * tr.c(b, step - 1, k) : 0);
                    }
                }
                return sum;
            };
            assertInputGradient(x, g, loss, "gate " + gate.symbol() + (lstm ? " and cell, " : ", ") + what);
        }
    }

    @Test
    void should_send_no_gradient_through_a_step_whose_output_is_the_masked_zeros() {
        Random rnd = new Random(5);
        LstmLayer layer = RandomLstm.layer(rnd, 2, 3, 1, Activation.TANH, Activation.SIGMOID, true, false);
        SequenceBatch x = RandomLstm.input(rnd, 1, 4, 2, 1);
        boolean[][] mask = {{false, false, true, true}};
        RnnState h0 = RnnState.of(new double[][] {{0.5, -0.2, 0.3}}, new double[][] {{0.1, 0.4, -0.6}});
        double[][][] onlyEarly = new double[1][4][3];
        onlyEarly[0][0] = new double[] {1, 1, 1};
        onlyEarly[0][1] = new double[] {1, -1, 2};

        RnnGradients g = RnnBackward.from(layer.run(x, mask, h0, true)).outputGradient(onlyEarly).run();

        // the outputs at steps 0 and 1 are the zeros Keras emits before the first unmasked step: constant
        assertThat(g.dInitial().h(0)).containsOnly(0.0);
        assertThat(g.dx().toArray()[0]).isDeepEqualTo(new double[4][2]);
    }

    @Test
    void should_give_one_steps_gradient_as_the_full_output_gradient_that_is_zero_elsewhere() {
        Random rnd = new Random(9);
        LstmLayer layer = RandomLstm.layer(rnd, 2, 3, 1, Activation.TANH, Activation.SIGMOID, true, true);
        SequenceBatch x = RandomLstm.input(rnd, 2, 5, 2, 1);
        double[][] d = RandomLstm.matrix(rnd, 2, 3, 1);
        double[][][] full = new double[2][5][3];
        full[0][3] = d[0];
        full[1][3] = d[1];
        LayerOutput traced = layer.trace(x);

        RnnGradients one = RnnBackward.from(traced).stepOutputGradient(3, d).run();
        RnnGradients all = RnnBackward.from(traced).outputGradient(full).run();

        for (int b = 0; b < 2; b++) {
            assertThat(one.dx().toArray()[b]).isDeepEqualTo(all.dx().toArray()[b]);
        }
        assertThat(one.dInitial().h(1)).containsExactly(all.dInitial().h(1));
    }

    @Test
    void should_refuse_a_run_without_trace_and_name_the_fix() {
        Random rnd = new Random(1);
        LstmLayer layer = RandomLstm.layer(rnd, 2, 3, 1, Activation.TANH, Activation.SIGMOID, false, false);
        LayerOutput plain = layer.run(RandomLstm.input(rnd, 1, 3, 2, 1));

        assertThatThrownBy(() -> RnnBackward.from(plain)).isInstanceOf(LstmException.class)
                .hasMessageContaining("layer \"random\"").hasMessageContaining("trace=true");
    }

    @Test
    void should_name_the_expected_shape_of_a_wrong_output_gradient() {
        Random rnd = new Random(1);
        LstmLayer layer = RandomLstm.layer(rnd, 2, 3, 1, Activation.TANH, Activation.SIGMOID, false, false);
        RnnBackward back = RnnBackward.from(layer.trace(RandomLstm.input(rnd, 2, 3, 2, 1)));

        assertThatThrownBy(() -> back.lastOutputGradient(new double[][] {{1, 2, 3}})).isInstanceOf(ShapeException.class)
                .hasMessage("output gradient at step 2 of layer \"random\": expected 2 x 3 (samples x units), got 1 x 3");
    }

    static LstmWeights perturbed(LstmWeights w, int part, int r, int j, double e) {
        double[][] k = rows(w.kernel());
        double[][] u = rows(w.recurrentKernel());
        double[] b = w.bias().orElseThrow();
        if (part == 0) {
            k[r][j] += e;
        } else if (part == 1) {
            u[r][j] += e;
        } else {
            b[j] += e;
        }
        return LstmWeights.of(k, u, b);
    }

    static double[][] rows(org.ejml.data.DMatrixRMaj m) {
        double[][] r = new double[m.numRows][m.numCols];
        for (int i = 0; i < m.numRows; i++) {
            for (int j = 0; j < m.numCols; j++) {
                r[i][j] = m.get(i, j);
            }
        }
        return r;
    }

    /** {@code sum(dOut * out) + sum(dhF * hFinal) + sum(dcF * cFinal)}; dcF null for cells without c. */
    static double objective(LayerOutput out, double[][][] dOut, double[][] dhF, double[][] dcF) {
        double[][][] y = out.toArray();
        double sum = 0;
        for (int b = 0; b < y.length; b++) {
            for (int s = 0; s < y[b].length; s++) {
                for (int k = 0; k < y[b][s].length; k++) {
                    sum += dOut[b][s][k] * y[b][s][k];
                }
            }
            for (int k = 0; k < dhF[b].length; k++) {
                sum += dhF[b][k] * out.state().h(b, k);
            }
            for (int k = 0; dcF != null && k < dcF[b].length; k++) {
                sum += dcF[b][k] * out.state().c(b, k);
            }
        }
        return sum;
    }

    /** dL/dx of {@code g} against central differences of {@code loss} at every entry of x. */
    static void assertInputGradient(SequenceBatch x, RnnGradients g, ToDoubleFunction<SequenceBatch> loss,
                                    String what) {
        double[][][] v = x.toArray();
        double[] analytic = new double[v.length * v[0].length * v[0][0].length];
        double[] numeric = new double[analytic.length];
        int n = 0;
        for (int b = 0; b < v.length; b++) {
            for (int t = 0; t < v[b].length; t++) {
                for (int j = 0; j < v[b][t].length; j++) {
                    int bb = b, tt = t, jj = j;
                    analytic[n] = g.dx(b, t, j);
                    numeric[n++] = central(e -> {
                        double[][][] xe = x.toArray();
                        xe[bb][tt][jj] += e;
                        return loss.applyAsDouble(SequenceBatch.of(xe));
                    });
                }
            }
        }
        assertClose(numeric, analytic, what);
    }

    static double central(ToDoubleFunction<Double> f) {
        return (f.applyAsDouble(EPS) - f.applyAsDouble(-EPS)) / (2 * EPS);
    }

    static void assertClose(double[] numeric, double[] analytic, String what) {
        double scale = 0;
        double worst = 0;
        int at = -1;
        for (int i = 0; i < analytic.length; i++) {
            scale = Math.max(scale, Math.abs(analytic[i]));
            double d = Math.abs(numeric[i] - analytic[i]);
            if (d > worst) {
                worst = d;
                at = i;
            }
        }
        assertThat(scale).as("%s: the gradient is not trivially zero", what).isGreaterThan(1e-3);
        assertThat(worst / scale).as("%s: relative error at entry %d (numeric %s vs analytic %s)", what, at,
                at < 0 ? 0 : numeric[at], at < 0 ? 0 : analytic[at]).isLessThanOrEqualTo(REL_TOL);
    }
}
