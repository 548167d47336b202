package org.lstmlens.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lstmlens.testing.RandomLstm;

/**
 * The fused vector steps of GRU (reset_after=True) and SimpleRNN under the time loop, on one and two threads, in
 * double and float32, against {@link ReferenceCells} (naive loops from Keras's step formulas, sharing no code with
 * the layers), with masks, go_backwards and initial states; their traces against the loop's own (the cell's step
 * over the product kernel); and the float32 layer loop of every cell against the same reference. The shapes hit the
 * edges of the split: units that fill no whole block, one block only, many blocks (SimpleRNN's blocks are four times
 * an LSTM's), odd batches, chunks of hoisted x.W + b that end mid-sequence.
 */
class FusedCellsTest {
    /** Double sums in another order: rounding of the last digits only. */
    private static final double TOL_F64 = 1e-12;
    /** float32 against the double reference (outputs in (-1, 1), up to 70 steps of a contracting net). */
    private static final double TOL_F32 = 3e-5;

    static Stream<Arguments> shapes() {
        return Stream.of(
                // kind, batch, features, units, steps
                Arguments.of("GRU", 1, 3, 1, 5),
                Arguments.of("GRU", 1, 2, 7, 9),
                Arguments.of("GRU", 1, 5, 33, 40),
                Arguments.of("GRU", 1, 3, 600, 70),
                Arguments.of("GRU", 3, 3, 16, 7),
                Arguments.of("GRU", 5, 6, 40, 12),
                Arguments.of("GRU", 8, 2, 130, 60),
                Arguments.of("SimpleRNN", 1, 3, 1, 5),
                Arguments.of("SimpleRNN", 1, 5, 33, 40),
                Arguments.of("SimpleRNN", 1, 3, 600, 70),
                Arguments.of("SimpleRNN", 2, 4, 17, 6),
                Arguments.of("SimpleRNN", 5, 6, 70, 12),
                Arguments.of("SimpleRNN", 64, 8, 20, 5));
    }

    @ParameterizedTest(name = "{0}: batch {1}, features {2}, units {3}, steps {4}")
    @MethodSource("shapes")
    void should_equal_the_naive_reference_on_one_and_two_threads(String kind, int batch, int features, int units,
                                                                 int steps) {
        Case k = new Case(kind, batch, features, units, steps);
        for (boolean backwards : new boolean[] {false, true}) {
            for (boolean masked : new boolean[] {false, true}) {
                for (boolean initial : new boolean[] {false, true}) {
                    boolean[][] mask = masked ? k.mask : null;
                    double[][] h0 = initial ? k.h0 : null;
                    RnnState state = initial ? RnnState.of(k.h0) : null;
                    double[][][] ref = k.reference(mask, h0, backwards);
                    Rnn layer = k.layer(backwards);
                    String what = kind + " backwards=" + backwards + " masked=" + masked + " initial=" + initial;
                    for (int workers = 1; workers <= 2; workers++) {
                        assertMatches(layer.fused(k.input(), mask, state, workers, false), ref, TOL_F64,
                                "double " + what + " workers=" + workers);
                        assertMatches(layer.fused(k.input(), mask, state, workers, true), ref, TOL_F32,
                                "float32 " + what + " workers=" + workers);
                    }
                    assertMatches(layer.run(k.input(), mask, state, false), ref, TOL_F64, "run " + what);
                    assertMatches(layer.runFloat(k.input(), mask, state), ref, TOL_F32, "runFloat " + what);
                    assertMatches(layer.loopFloat(k.input(), mask, state), ref, TOL_F32, "float32 loop " + what);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}: batch {1}, units {2}")
    @MethodSource("traceShapes")
    void should_record_the_same_trace_as_the_layer_loop(String kind, int batch, int units) {
        Case k = new Case(kind, batch, 3, units, 13);
        for (boolean backwards : new boolean[] {false, true}) {
            Rnn layer = k.layer(backwards);
            RecurrentCell cell = layer.cell();
            Trace loop = layer.loop(k.input(), k.mask, RnnState.of(k.h0), true).trace().orElseThrow();
            for (int workers = 1; workers <= 2; workers++) {
                Trace fused = layer.fused(k.input(), k.mask, RnnState.of(k.h0), workers, false).trace()
                        .orElseThrow();
                for (int b = 0; b < batch; b++) {
                    for (int s = 0; s < 13; s++) {
                        for (int j = 0; j < units; j++) {
                            String at = kind + " backwards=" + backwards + " workers=" + workers + " sample " + b
                                    + " step " + s + " unit " + j;
                            for (Band g : cell.bands()) {
                                assertThat(fused.z(b, s, g, j)).as("z_%s %s", g.symbol(), at)
                                        .isCloseTo(loop.z(b, s, g, j), within(TOL_F64));
                                assertThat(fused.gate(b, s, g, j)).as("%s %s", g.symbol(), at)
                                        .isCloseTo(loop.gate(b, s, g, j), within(TOL_F64));
                            }
                            if (kind.equals("GRU")) {
                                assertThat(fused.recurrentCandidate(b, s, j)).as("h.U_h + b'_h %s", at)
                                        .isCloseTo(loop.recurrentCandidate(b, s, j), within(TOL_F64));
                            }
                            assertThat(fused.h(b, s, j)).as("h %s", at).isCloseTo(loop.h(b, s, j), within(TOL_F64));
                        }
                    }
                }
            }
        }
    }

    static Stream<Arguments> traceShapes() {
        return Stream.of(Arguments.of("GRU", 1, 7), Arguments.of("GRU", 1, 40), Arguments.of("GRU", 3, 17),
                Arguments.of("SimpleRNN", 1, 40), Arguments.of("SimpleRNN", 6, 33));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loopOnly")
    void should_run_the_float32_loop_of_cells_without_a_fused_step(String name, boolean resetAfter, String rec) {
        // GRU with reset_after=False (r before U_h) has no fused step: run and runFloat take the loop
        Case k = new Case("GRU", 3, 4, 9, 11);
        RecurrentCell cell = new GruCell(GruCell.weights(k.w, k.u, k.bias, null), Activation.TANH,
                GruAndSimpleRnnTest.activation(rec), resetAfter);
        Rnn layer = new Rnn("gru", cell, true, true);
        double[][][] ref = ReferenceCells.gru(k.w, k.u, k.bias, null, resetAfter, "tanh", rec, k.x, k.mask, k.h0,
                true);
        assertThat(VectorPass.runs(cell)).isEqualTo(resetAfter);
        assertMatches(layer.run(k.input(), k.mask, RnnState.of(k.h0), false), ref, TOL_F64, name + " run");
        assertMatches(layer.runFloat(k.input(), k.mask, RnnState.of(k.h0)), ref, TOL_F32, name + " runFloat");
        assertMatches(layer.loopFloat(k.input(), k.mask, RnnState.of(k.h0)), ref, TOL_F32, name + " float loop");
    }

    static Stream<Arguments> loopOnly() {
        return Stream.of(Arguments.of("GRU reset_before, hard_sigmoid", false, "hard_sigmoid_k2"),
                Arguments.of("GRU reset_after, one bias row", true, "sigmoid"));
    }

    /** Outputs (every step) and the final state against the reference's. */
    static void assertMatches(LayerOutput out, double[][][] ref, double tol, String what) {
        int steps = ref[0].length - 1;
        for (int b = 0; b < ref.length; b++) {
            for (int s = 0; s < steps; s++) {
                for (int j = 0; j < ref[b][s].length; j++) {
                    assertThat(out.output(b, s, j)).as("%s: sample %d step %d unit %d", what, b, s, j)
                            .isCloseTo(ref[b][s][j], within(tol));
                }
            }
            assertThat(out.state().h(b)).as("%s: final h of %d", what, b).containsExactly(ref[b][steps], within(tol));
        }
    }

    /** Keras-like random weights (both GRU biases), inputs, a mask with leading, trailing and skipped steps. */
    private static final class Case {
        final String kind;
        final double[][] w;
        final double[][] u;
        final double[] bias;
        final double[] recurrentBias;
        final double[][][] x;
        final boolean[][] mask;
        final double[][] h0;
        final String act;
        final String rec;

        Case(String kind, int batch, int features, int units, int steps) {
            this.kind = kind;
            Random rnd = new Random(57L * batch + 5L * units + steps + kind.length());
            int n = (kind.equals("GRU") ? 3 : 1) * units;
            w = RandomLstm.matrix(rnd, features, n, 0.6);
            u = RandomLstm.matrix(rnd, units, n, 1.2 / Math.sqrt(units));
            bias = RandomLstm.vector(rnd, n, 0.5);
            recurrentBias = kind.equals("GRU") ? RandomLstm.vector(rnd, n, 0.5) : null;
            x = RandomLstm.tensor(rnd, batch, steps, features, 1.5);
            mask = new boolean[batch][steps];
            for (int s = 0; s < batch; s++) {
                for (int t = 0; t < steps; t++) {
                    mask[s][t] = s % 3 == 0 ? t > 1 : s % 3 == 1 ? t < steps - 2 : t % 4 != 2;
                }
            }
            h0 = RandomLstm.matrix(rnd, batch, units, 0.3);
            // both recurrent activations (and a SimpleRNN relu) across the shapes
            act = kind.equals("SimpleRNN") && units % 2 == 0 ? "relu" : "tanh";
            rec = units % 2 == 1 ? "hard_sigmoid_k3" : "sigmoid";
        }

        SequenceBatch input() {
            return SequenceBatch.of(x);
        }

        Rnn layer(boolean backwards) {
            RecurrentCell cell = kind.equals("GRU")
                    ? new GruCell(GruCell.weights(w, u, bias, recurrentBias), Activation.TANH,
                            GruAndSimpleRnnTest.activation(rec), true)
                    : new SimpleRnnCell(SimpleRnnCell.weights(w, u, bias), GruAndSimpleRnnTest.activation(act));
            return new Rnn("l", cell, true, backwards);
        }

        double[][][] reference(boolean[][] m, double[][] h, boolean backwards) {
            return kind.equals("GRU")
                    ? ReferenceCells.gru(w, u, bias, recurrentBias, true, "tanh", rec, x, m, h, backwards)
                    : ReferenceCells.simpleRnn(w, u, bias, act, x, m, h, backwards);
        }
    }
}
