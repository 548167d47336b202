package org.lstmlens.core;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lstmlens.core.RnnBackwardTest.assertClose;
import static org.lstmlens.core.RnnBackwardTest.assertInputGradient;
import static org.lstmlens.core.RnnBackwardTest.central;

import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lstmlens.error.LstmException;
import org.lstmlens.testing.RandomLstm;

/**
 * The backward pass of cells with ONNX's options (an LSTM's peepholes, clip, input_forget, own activations; a GRU's
 * and an RNN's clip) against central finite differences of the forward pass, as {@link RnnBackwardTest} does for
 * Keras's cells: the input, the initial state, each gate and the cell state at a middle step, and the weights where
 * they are computed. The objective is {@code sum(dOut * out) + sum(dhF * hFinal) + sum(dcF * cFinal)}. Draws whose
 * activation inputs fall near a kink (the clip's bounds, hard_sigmoid's corners, elu's 0) are redrawn; each clip case
 * checks that the clip holds somewhere, so its zero gradient is exercised.
 */
class CellOptionsBackwardTest {
    private static final double KINK = 1e-3;
    private static final double CLIP = 0.9;

    /** A cell from weights W, U, b, b' (the options fixed by the case). */
    record Case(String name, String kind, Function<double[][][], RecurrentCell> cell, boolean sequences,
                boolean backwards, boolean masked) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        LstmOptions peep = LstmOptions.NONE.peepholes(new double[] {0.7, -0.4, 0.9}, new double[] {-0.8, 0.5, 0.3},
                new double[] {0.6, 0.9, -0.7});
        return Stream.of(
                lstm("LSTM peepholes, sequences, mask", peep, Activation.TANH, Activation.SIGMOID, true, false, true),
                lstm("LSTM clip, last, backwards", LstmOptions.NONE.clip(CLIP), Activation.TANH, Activation.SIGMOID,
                        false, true, false),
                lstm("LSTM input_forget, sequences", LstmOptions.NONE.inputForget(true), Activation.TANH,
                        Activation.SIGMOID, true, false, false),
                lstm("LSTM hard_sigmoid(0.3x+0.4) gates, softsign, elu(0.6) output, mask",
                        LstmOptions.NONE.outputActivation(Activation.elu(0.6)), Activation.SOFTSIGN,
                        Activation.hardSigmoid(0.3, 0.4), true, true, true),
                lstm("LSTM every option", peep.clip(CLIP).inputForget(true).outputActivation(Activation.SOFTSIGN),
                        Activation.TANH, Activation.SIGMOID, true, false, true),
                new Case("GRU reset_after clip", "GRU", w -> new GruCell(GruCell.weights(w[0], w[1], w[2][0], w[3][0]),
                        Activation.TANH, Activation.SIGMOID, true).withClip(CLIP), true, false, true),
                new Case("GRU reset_before clip", "GRU", w -> new GruCell(GruCell.weights(w[0], w[1], w[2][0], null),
                        Activation.TANH, Activation.SIGMOID, false).withClip(CLIP), false, true, false),
                new Case("SimpleRNN clip", "SimpleRNN", w -> new SimpleRnnCell(SimpleRnnCell.weights(w[0], w[1],
                        w[2][0], w[3][0]), Activation.TANH).withClip(CLIP), true, false, true))
                .map(Arguments::of);
    }

    private static Case lstm(String name, LstmOptions o, Activation act, Activation rec, boolean sequences,
                             boolean backwards, boolean masked) {
        return new Case(name, "LSTM", w -> new LstmCell(LstmWeights.of(w[0], w[1], w[2][0], w[3][0]), act, rec, o),
                sequences, backwards, masked);
    }

    /** A drawn problem: the weights, the layer, an input, mask, initial state and the objective's weights. */
    static final class Problem {
        Case c;
        double[][][] weights;
        Rnn layer;
        SequenceBatch x;
        boolean[][] mask;
        RnnState h0;
        double[][][] dOut;
        double[][] dhF;
        double[][] dcF;

        Rnn layer(double[][][] w) {
            return new Rnn("l", c.cell().apply(w), c.sequences(), c.backwards());
        }

        double loss(Rnn l, SequenceBatch in, RnnState init) {
            return RnnBackwardTest.objective(l.run(in, mask, init, false), dOut, dhF, dcF);
        }

        RnnBackward backward() {
            return RnnBackward.from(layer.run(x, mask, h0, true)).outputGradient(dOut).finalStateGradient(dhF, dcF);
        }
    }

    static Problem draw(Case c) {
        int bands = c.kind().equals("LSTM") ? 4 : c.kind().equals("GRU") ? 3 : 1;
        int in = 2;
        int u = 3;
        int steps = 6;
        int batch = 3;
        for (int seed = 1; seed < 400; seed++) {
            Random rnd = new Random(seed * 104729L + c.name().hashCode());
            Problem p = new Problem();
            p.c = c;
            p.weights = new double[][][] {RandomLstm.matrix(rnd, in, bands * u, 1.3),
                RandomLstm.matrix(rnd, u, bands * u, 1.3), {RandomLstm.vector(rnd, bands * u, 0.6)},
                {RandomLstm.vector(rnd, bands * u, 0.6)}};
            p.layer = p.layer(p.weights);
            p.x = RandomLstm.input(rnd, batch, steps, in, 1.5);
            p.mask = c.masked() ? RnnBackwardTest.mask(batch, steps) : null;
            double[][] h = RandomLstm.matrix(rnd, batch, u, 0.8);
            p.dcF = c.kind().equals("LSTM") ? RandomLstm.matrix(rnd, batch, u, 1) : null;
            p.h0 = p.dcF != null ? RnnState.of(h, RandomLstm.matrix(rnd, batch, u, 1.2)) : RnnState.of(h);
            p.dOut = RandomLstm.tensor(rnd, batch, c.sequences() ? steps : 1, u, 1);
            p.dhF = RandomLstm.matrix(rnd, batch, u, 1);
            Trace tr = p.layer.run(p.x, p.mask, p.h0, true).trace().orElseThrow();
            if (clearOfKinks(tr) && (!tr.layer().cell().clip().isPresent() || clipHolds(tr))) {
                return p;
            }
        }
        throw new AssertionError("no draw clear of kinks for " + c);
    }

    private static boolean clearOfKinks(Trace tr) {
        RecurrentCell cell = tr.layer().cell();
        double clip = cell.clip().orElse(Double.POSITIVE_INFINITY);
        boolean coupled = cell instanceof LstmCell && ((LstmCell) cell).options().inputForget();
        for (int b = 0; b < tr.batch(); b++) {
            for (int s = 0; s < tr.steps(); s++) {
                for (int k = 0; k < tr.units() && tr.active(b, s); k++) {
                    for (Band g : cell.bands()) {
                        if (coupled && g == Gate.F) {
                            continue; // f = 1 - i: z_f is not used
                        }
                        double z = tr.z(b, s, g, k);
                        if (Math.abs(Math.abs(z) - clip) < KINK || nearKink(cell.activationOf(g), z)) {
                            return false;
                        }
                    }
                    if (cell instanceof LstmCell && nearKink(((LstmCell) cell).outputActivation(), tr.c(b, s, k))) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private static boolean nearKink(Activation a, double z) {
        if (a.kerasName().equals("hard_sigmoid")) {
            double v = a.alpha() * z + a.beta();
            return Math.abs(v) < KINK || Math.abs(v - 1) < KINK;
        }
        return a.kerasName().equals("elu") && Math.abs(z) < KINK;
    }

    private static boolean clipHolds(Trace tr) {
        int held = 0;
        for (int b = 0; b < tr.batch(); b++) {
            for (int s = 0; s < tr.steps(); s++) {
                for (int k = 0; k < tr.units() && tr.active(b, s); k++) {
                    for (Band g : tr.layer().cell().bands()) {
                        held += Math.abs(tr.z(b, s, g, k)) > CLIP ? 1 : 0;
                    }
                }
            }
        }
        return held >= 3;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void should_match_finite_differences_for_the_input(Case c) {
        Problem p = draw(c);
        assertInputGradient(p.x, p.backward().run(), in -> p.loss(p.layer, in, p.h0), "dL/dx " + c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void should_match_finite_differences_for_the_initial_state(Case c) {
        Problem p = draw(c);
        RnnGradients g = p.backward().run();
        int batch = p.x.batch();
        int u = p.layer.units();
        boolean lstm = p.dcF != null;
        double[] analytic = new double[(lstm ? 2 : 1) * batch * u];
        double[] numeric = new double[analytic.length];
        int n = 0;
        for (int which = 0; which < (lstm ? 2 : 1); which++) {
            for (int b = 0; b < batch; b++) {
                for (int k = 0; k < u; k++) {
                    int w = which, bb = b, kk = k;
                    analytic[n] = which == 0 ? g.dInitial().h(b, k) : g.dInitial().c(b, k);
                    numeric[n++] = central(e -> {
                        double[][] h = new double[batch][];
                        double[][] cc = new double[batch][];
                        for (int i = 0; i < batch; i++) {
                            h[i] = p.h0.h(i);
                            cc[i] = lstm ? p.h0.c(i) : null;
                        }
                        (w == 0 ? h : cc)[bb][kk] += e;
                        return p.loss(p.layer, p.x, lstm ? RnnState.of(h, cc) : RnnState.of(h));
                    });
                }
            }
        }
        assertClose(numeric, analytic, "dL/d(h0, c0) " + c);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void should_match_finite_differences_for_each_gate_at_a_middle_step(Case c) {
        Problem p = draw(c);
        RnnBackwardTest.assertGateGradients(p.layer, p.x, p.mask, p.h0, new Random(c.name().length()), c.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void should_match_finite_differences_for_the_weights_where_it_computes_them(Case c) {
        Problem p = draw(c);
        boolean peepholes = p.layer.cell() instanceof LstmCell
                && ((LstmCell) p.layer.cell()).options().peepholes().isPresent();
        if (c.kind().equals("GRU") || peepholes) {
            assertThatThrownBy(() -> p.backward().withWeightGradients().run()).isInstanceOf(LstmException.class)
                    .hasMessageContaining("weight gradients of layer \"l\"");
            return;
        }
        CellWeights dW = p.backward().withWeightGradients().run().dWeights().orElseThrow();
        double[][][] w = p.weights;
        int count = w[0].length * w[0][0].length + w[1].length * w[1][0].length + 2 * w[2][0].length;
        double[] analytic = new double[count];
        double[] numeric = new double[count];
        int n = 0;
        for (int part = 0; part < 4; part++) {
            for (int r = 0; r < w[part].length; r++) {
                for (int j = 0; j < w[part][r].length; j++) {
                    int pp = part, rr = r, jj = j;
                    analytic[n] = part == 0 ? dW.kernel().get(r, j) : part == 1 ? dW.recurrentKernel().get(r, j)
                            : part == 2 ? dW.bias().orElseThrow()[j] : dW.recurrentBias().orElseThrow()[j];
                    numeric[n++] = central(e -> {
                        double[][][] we = new double[4][][];
                        for (int i = 0; i < 4; i++) {
                            we[i] = java.util.Arrays.stream(w[i]).map(double[]::clone).toArray(double[][]::new);
                        }
                        we[pp][rr][jj] += e;
                        return p.loss(p.layer(we), p.x, p.h0);
                    });
                }
            }
        }
        assertClose(numeric, analytic, "dL/d(W, U, b, b') " + c);
    }
}

