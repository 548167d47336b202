package org.lstmlens.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.ShapeException;
import org.lstmlens.testing.RandomLstm;

/**
 * ONNX's cell options (an LSTM's peepholes, clip, input_forget and output activation; a GRU's and an RNN's clip) on
 * random shapes, with masks, go_backwards and initial states, against {@link ReferenceCells} (naive loops written
 * from the ONNX equations, with their own activation formulas), on every path the loop has: the layer loop in double,
 * the float32 loop, a traced run; the cell's own step term by term; what the cell says of itself.
 */
class CellOptionsTest {
    private static final double TOL_F64 = 1e-12;
    private static final double TOL_F32 = 3e-5;
    private static final DoubleUnaryOperator SIGMOID = v -> 1 / (1 + Math.exp(-v));
    private static final DoubleUnaryOperator HARD = v -> Math.max(0, Math.min(1, 0.3 * v + 0.4));
    private static final DoubleUnaryOperator SOFTSIGN = v -> v / (1 + Math.abs(v));
    private static final DoubleUnaryOperator ELU = v -> v >= 0 ? v : 0.6 * (Math.exp(v) - 1);

    /** Which options an LSTM case sets. */
    record Options(String name, boolean peepholes, double clip, boolean inputForget, boolean ownActivations) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> lstmCases() {
        double none = Double.POSITIVE_INFINITY;
        return Stream.of(
                new Options("peepholes", true, none, false, false),
                new Options("clip", false, 0.8, false, false),
                new Options("input_forget", false, none, true, false),
                new Options("output activation elu(0.6), gates hard_sigmoid(0.3x+0.4), softsign candidate", false,
                        none, false, true),
                new Options("all", true, 0.9, true, true))
                .flatMap(o -> Stream.of(Arguments.of(o, 1, 7), Arguments.of(o, 3, 5)));
    }

    @ParameterizedTest(name = "{0}: batch {1}, units {2}")
    @MethodSource("lstmCases")
    void should_run_an_lstm_with_options_as_the_reference(Options o, int batch, int units) {
        Lstm k = new Lstm(o, batch, units, 3, 9);
        for (boolean backwards : new boolean[] {false, true}) {
            for (boolean masked : new boolean[] {false, true}) {
                boolean[][] mask = masked ? k.mask : null;
                Rnn layer = new Rnn("l", k.cell, true, backwards);
                double[][][] ref = ReferenceCells.lstm(k.spec, k.x.toArray(), mask, k.h0, k.c0, backwards);
                String what = o + " backwards=" + backwards + " masked=" + masked;
                ReferenceLstm.assertMatches(layer.run(k.x, mask, k.initial, false), ref, TOL_F64, "run " + what);
                ReferenceLstm.assertMatches(layer.run(k.x, mask, k.initial, true), ref, TOL_F64, "traced " + what);
                ReferenceLstm.assertMatches(layer.runFloat(k.x, mask, k.initial), ref, TOL_F32, "runFloat " + what);
            }
        }
        assertThat(k.cell.fusedStep()).isEqualTo(-1);
    }

    @ParameterizedTest(name = "{0}: batch {1}, units {2}")
    @MethodSource("lstmCases")
    void should_show_the_peephole_terms_and_the_gates_in_the_cell_step(Options o, int batch, int units) {
        Lstm k = new Lstm(o, batch, units, 3, 9);
        CellStep step = k.cell.step(k.x.vector(0, 0), k.h0[0], k.c0[0]);
        double[][][] ref = ReferenceCells.lstm(k.spec, new double[][][] {{k.x.vector(0, 0)}}, null,
                new double[][] {k.h0[0]}, new double[][] {k.c0[0]}, false);
        assertThat(step.h()).as("h").containsExactly(ref[0][0], within(TOL_F64));
        assertThat(step.c()).as("c").containsExactly(ref[0][2], within(TOL_F64));
        for (Gate g : Gate.values()) {
            for (int j = 0; j < units; j++) {
                double sum = step.inputPart(g, j) + step.recurrentPart(g, j) + step.biasPart(g, j)
                        + step.recurrentBiasPart(g, j) + step.peepholePart(g, j);
                assertThat(step.z(g, j)).as("z_%s[%d] = x.W + h.U + b + b' + P*c", g, j)
                        .isCloseTo(sum, within(1e-14));
                double peep = !o.peepholes() || g == Gate.C ? 0
                        : k.peep[g == Gate.I ? 0 : g == Gate.F ? 1 : 2][j] * (g == Gate.O ? step.c(j) : k.c0[0][j]);
                assertThat(step.peepholePart(g, j)).isCloseTo(peep, within(0.0));
            }
            if (o.inputForget()) {
                assertThat(step.gate(Gate.F, 0)).isCloseTo(1 - step.gate(Gate.I, 0), within(0.0));
            }
        }
    }

    @Test
    void should_say_what_an_lstm_with_options_computes() {
        Lstm k = new Lstm(new Options("all", true, 0.9, true, true), 1, 3, 2, 2);
        assertThat(k.cell.equations()).containsExactly(
                "z = x.W + h_prev.U + b + b', split into z_i, z_f, z_c, z_o",
                "i = hard_sigmoid(0.3x+0.4)(clip(z_i + P_i * c_prev, 0.9))",
                "f = 1 - i   (input_forget: the forget gate coupled to the input gate)",
                "g = softsign(clip(z_c, 0.9))",
                "c = f * c_prev + i * g",
                "o = hard_sigmoid(0.3x+0.4)(clip(z_o + P_o * c, 0.9))   (the output gate's peephole sees the new c)",
                "h = o * elu(alpha=0.6)(c)");
        assertThat(k.cell.toString()).isEqualTo("LstmCell[units=3, inputDim=2, activation=softsign, recurrentActivation="
                + "hard_sigmoid(0.3x+0.4), options: peepholes, clip=0.9, input_forget, output activation elu(alpha=0.6)]");
        assertThat(k.cell.clip()).hasValue(0.9);
        assertThat(k.cell.outputActivation()).isEqualTo(Activation.elu(0.6));
        // ONNX's LSTM with B and P: 4du + 4u^2 + 8u + 3u (KERAS_FORMATS.md Part 2 section 5)
        assertThat(k.cell.params().total()).isEqualTo(4 * 2 * 3 + 4 * 3 * 3 + 8 * 3 + 3 * 3);
        assertThat(k.cell.params().formula()).isEqualTo("4*(2*3 + 3*3 + 2*3) + 3*3 = 93");
        LstmCell keras = new LstmCell(k.cell.weights(), Activation.TANH, Activation.SIGMOID);
        assertThat(keras.options().isNone()).isTrue();
        assertThat(keras.fusedStep()).isEqualTo(VectorPass.LSTM);
        assertThat(keras.withOptions(LstmOptions.NONE.outputActivation(Activation.TANH)).fusedStep())
                .as("an output activation equal to the activation changes nothing").isEqualTo(VectorPass.LSTM);
        assertThat(keras.withOptions(LstmOptions.NONE.clip(3)).fusedStep()).isEqualTo(-1);
        assertThat(k.cell.withActivations(Activation.TANH, Activation.SIGMOID).options()).isEqualTo(k.cell.options());
    }

    @Test
    void should_refuse_bad_options_with_what_is_valid() {
        LstmWeights w = new Lstm(new Options("none", false, Double.POSITIVE_INFINITY, false, false), 1, 3, 2, 2)
                .cell.weights();
        assertThatThrownBy(() -> new LstmCell(w, Activation.TANH, Activation.SIGMOID,
                LstmOptions.NONE.peepholes(new double[2], new double[2], new double[2])))
                .isInstanceOf(ShapeException.class).hasMessage("LSTM peepholes: expected 3 values each (units), got 2");
        assertThatThrownBy(() -> LstmOptions.NONE.peepholes(new double[2], new double[3], new double[2]))
                .isInstanceOf(ShapeException.class)
                .hasMessage("peepholes: expected three vectors of units values (P_i, P_f, P_o), got 2, 3 and 2 values");
        assertThatThrownBy(() -> LstmOptions.NONE.clip(0)).isInstanceOf(LstmException.class)
                .hasMessage("LSTM clip: the clip threshold must be a positive number (activation inputs are bounded to "
                        + "[-clip, clip]), got 0.0");
        assertThatThrownBy(() -> Peepholes.fromOnnx(new double[4])).isInstanceOf(ShapeException.class)
                .hasMessage("ONNX peepholes P: expected 3*hidden_size values (P_i, P_o, P_f), got 4");
        assertThatThrownBy(() -> new SimpleRnnCell(SimpleRnnCell.weights(new double[][] {{1}}, new double[][] {{1}},
                null), Activation.TANH).withClip(-1)).hasMessageStartingWith("SimpleRNN clip: the clip threshold");
        Peepholes p = Peepholes.fromOnnx(new double[] {1, 2, 3, 4, 5, 6});
        assertThat(p.input()).containsExactly(1, 2);
        assertThat(p.output()).containsExactly(3, 4);
        assertThat(p.forget()).containsExactly(5, 6);
    }

    static Stream<Arguments> clipCases() {
        return Stream.of(Arguments.of("GRU", true, 1, 6), Arguments.of("GRU", true, 4, 9),
                Arguments.of("GRU", false, 3, 5), Arguments.of("SimpleRNN", false, 1, 7),
                Arguments.of("SimpleRNN", false, 4, 12));
    }

    @ParameterizedTest(name = "{0} resetAfter={1}: batch {2}, units {3}")
    @MethodSource("clipCases")
    void should_clip_a_gru_and_an_rnn_as_the_reference(String kind, boolean resetAfter, int batch, int units) {
        Random rnd = new Random(31L * units + batch);
        int n = (kind.equals("GRU") ? 3 : 1) * units;
        double[][] w = RandomLstm.matrix(rnd, 3, n, 1.5);
        double[][] u = RandomLstm.matrix(rnd, units, n, 1.5);
        double[] b = RandomLstm.vector(rnd, n, 0.8);
        double[] rb = resetAfter ? RandomLstm.vector(rnd, n, 0.8) : null;
        double[][][] x = RandomLstm.tensor(rnd, batch, 8, 3, 1.5);
        double[][] h0 = RandomLstm.matrix(rnd, batch, units, 0.5);
        boolean[][] mask = new boolean[batch][8];
        for (int s = 0; s < batch; s++) {
            for (int t = 0; t < 8; t++) {
                mask[s][t] = (s + t) % 4 != 1;
            }
        }
        double clip = 0.7;
        RecurrentCell cell = kind.equals("GRU")
                ? new GruCell(GruCell.weights(w, u, b, rb), Activation.TANH, Activation.SIGMOID, resetAfter)
                        .withClip(clip)
                : new SimpleRnnCell(SimpleRnnCell.weights(w, u, b), Activation.TANH).withClip(clip);
        assertThat(cell.fusedStep()).isEqualTo(-1);
        assertThat(cell.equations().get(0)).contains("clip(");
        for (boolean backwards : new boolean[] {false, true}) {
            Rnn layer = new Rnn("l", cell, true, backwards);
            double[][][] ref = kind.equals("GRU")
                    ? ReferenceCells.gru(w, u, b, rb, resetAfter, "tanh", "sigmoid", clip, x, mask, h0, backwards)
                    : ReferenceCells.simpleRnn(w, u, b, "tanh", clip, x, mask, h0, backwards);
            double[][][] unclipped = kind.equals("GRU")
                    ? ReferenceCells.gru(w, u, b, rb, resetAfter, "tanh", "sigmoid", x, mask, h0, backwards)
                    : ReferenceCells.simpleRnn(w, u, b, "tanh", x, mask, h0, backwards);
            assertThat(Math.abs(ref[0][7][0] - unclipped[0][7][0]) + Math.abs(ref[batch - 1][6][units - 1]
                    - unclipped[batch - 1][6][units - 1])).as("the clip bites").isGreaterThan(1e-3);
            SequenceBatch in = SequenceBatch.of(x);
            FusedCellsTest.assertMatches(layer.run(in, mask, RnnState.of(h0), false), ref, TOL_F64, "run " + kind);
            FusedCellsTest.assertMatches(layer.run(in, mask, RnnState.of(h0), true), ref, TOL_F64, "trace " + kind);
            FusedCellsTest.assertMatches(layer.runFloat(in, mask, RnnState.of(h0)), ref, TOL_F32, "float " + kind);
        }
    }

    /** A random LSTM with the case's options, its reference spec, an input, a mask and initial states. */
    static final class Lstm {
        final LstmCell cell;
        final ReferenceCells.Lstm spec;
        final double[][] peep;
        final SequenceBatch x;
        final boolean[][] mask;
        final double[][] h0;
        final double[][] c0;
        final RnnState initial;

        Lstm(Options o, int batch, int units, int features, int steps) {
            Random rnd = new Random(17L * units + batch + o.name().length());
            double[][] w = RandomLstm.matrix(rnd, features, 4 * units, 1.2);
            double[][] u = RandomLstm.matrix(rnd, units, 4 * units, 1.2);
            double[] b = RandomLstm.vector(rnd, 4 * units, 0.6);
            double[] rb = RandomLstm.vector(rnd, 4 * units, 0.6);
            peep = o.peepholes() ? RandomLstm.matrix(rnd, 3, units, 0.9) : null;
            LstmOptions opts = LstmOptions.NONE.inputForget(o.inputForget());
            if (peep != null) {
                opts = opts.peepholes(peep[0], peep[1], peep[2]);
            }
            if (o.clip() != Double.POSITIVE_INFINITY) {
                opts = opts.clip(o.clip());
            }
            Activation act = o.ownActivations() ? Activation.SOFTSIGN : Activation.TANH;
            Activation rec = o.ownActivations() ? Activation.hardSigmoid(0.3, 0.4) : Activation.SIGMOID;
            if (o.ownActivations()) {
                opts = opts.outputActivation(Activation.elu(0.6));
            }
            cell = new LstmCell(LstmWeights.of(w, u, b, rb), act, rec, opts);
            spec = new ReferenceCells.Lstm(w, u, b, rb, peep, o.clip(), o.inputForget(),
                    o.ownActivations() ? HARD : SIGMOID, o.ownActivations() ? SOFTSIGN : Math::tanh,
                    o.ownActivations() ? ELU : Math::tanh, null);
            x = RandomLstm.input(rnd, batch, steps, features, 1.5);
            mask = new boolean[batch][steps];
            for (int s = 0; s < batch; s++) {
                for (int t = 0; t < steps; t++) {
                    mask[s][t] = s % 3 == 0 ? t > 1 : s % 3 == 1 ? t < steps - 2 : t % 4 != 2;
                }
            }
            h0 = RandomLstm.matrix(rnd, batch, units, 0.5);
            c0 = RandomLstm.matrix(rnd, batch, units, 1.5);
            initial = RnnState.of(h0, c0);
        }
    }
}
