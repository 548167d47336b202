package org.lstmlens.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.lstmlens.testing.RandomLstm;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused vector pass ({@code org.lstmlens.core.vector}) on one and on two threads, against
 * {@link ReferenceLstm} (a naive loop written from Keras's cell, sharing no code with it) and, for activations the
 * reference does not have, against the layer loop. The shapes are chosen to hit every edge of the pass: units that
 * fill no whole block (1, 7, 33), one block only (so a second thread has nothing to do), an odd number of samples
 * (the last pair is one sample), samples split unevenly between the threads, chunks of hoisted x.W + b that end
 * mid-sequence, masks that start and end inside a chunk, initial states and both directions.
 */
class FusedPassTest {
    /** Double sums in another order: rounding of the last digits only. */
    private static final double TOL_F64 = 1e-12;
    /** float32 against the double reference (outputs in (-1, 1), up to 70 steps of a contracting net). */
    private static final double TOL_F32 = 3e-5;

    @Test
    void should_be_available_where_the_build_runs_its_tests() {
        // surefire starts the JVM with --add-modules jdk.incubator.vector and C2, so every other test here runs
        // the fused pass itself, not the loop it would fall back to
        assertThat(VectorPass.available()).as(VectorPass.describe()).isTrue();
        assertThat(VectorPass.describe()).startsWith("fused vector pass (");
    }

    static Stream<Arguments> shapes() {
        return Stream.of(
                // batch, features, units, steps
                Arguments.of(1, 3, 1, 5),
                Arguments.of(1, 2, 7, 9),
                Arguments.of(1, 5, 33, 40),
                Arguments.of(1, 3, 600, 70), // two blocks per thread or more, hoisted in two chunks
                Arguments.of(2, 4, 17, 6),
                Arguments.of(3, 3, 16, 7),
                Arguments.of(5, 6, 40, 12),
                Arguments.of(8, 2, 130, 60), // three chunks of hoisted x.W + b
                Arguments.of(64, 8, 20, 5));
    }

    @ParameterizedTest(name = "batch {0}, features {1}, units {2}, steps {3}")
    @MethodSource("shapes")
    void should_equal_the_naive_reference_on_one_and_two_threads(int batch, int features, int units, int steps) {
        Case k = new Case(batch, features, units, steps);
        for (boolean backwards : new boolean[] {false, true}) {
            for (boolean masked : new boolean[] {false, true}) {
                for (boolean initial : new boolean[] {false, true}) {
                    boolean[][] mask = masked ? k.mask : null;
                    RnnState state = initial ? RnnState.of(k.h0, k.c0) : null;
                    double[][][] ref = ReferenceLstm.run(k.w, k.u, k.b, k.x, mask, initial ? k.h0 : null,
                            initial ? k.c0 : null, backwards, k.hardSigmoid);
                    LstmLayer layer = k.layer(backwards, Activation.TANH);
                    for (int workers = 1; workers <= 2; workers++) {
                        String what = "backwards=" + backwards + " masked=" + masked + " initial=" + initial
                                + " workers=" + workers;
                        k.assertMatches(layer.fused(k.input(), mask, state, workers, false), ref, TOL_F64,
                                "double " + what);
                        k.assertMatches(layer.fused(k.input(), mask, state, workers, true), ref, TOL_F32,
                                "float32 " + what);
                    }
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("activations")
    void should_equal_the_layer_loop_for_every_activation(Activation activation, Activation recurrent) {
        Case k = new Case(3, 4, 21, 11);
        LstmLayer layer = new LstmLayer("lstm", new LstmCell(LstmWeights.of(k.w, k.u, k.b), activation, recurrent),
                true, false);

        double[][][] loop = layer.loop(k.input(), k.mask, null, false).toArray();
        double[][][] loopFloat = layer.loopFloat(k.input(), k.mask, null).toArray();
        for (int workers = 1; workers <= 2; workers++) {
            assertThat(flat(layer.fused(k.input(), k.mask, null, workers, false).toArray()))
                    .as("double, %d workers", workers).containsExactly(flat(loop), within(TOL_F64));
            // the same float32 arithmetic in another summation order
            assertThat(flat(layer.fused(k.input(), k.mask, null, workers, true).toArray()))
                    .as("float32, %d workers", workers).containsExactly(flat(loopFloat), within(1e-5));
        }
    }

    static Stream<Arguments> activations() {
        return Stream.of(
                Arguments.of(Activation.TANH, Activation.SIGMOID),
                Arguments.of(Activation.TANH, Activation.HARD_SIGMOID_KERAS2),
                Arguments.of(Activation.TANH, Activation.HARD_SIGMOID_KERAS3),
                Arguments.of(Activation.RELU, Activation.SIGMOID),
                Arguments.of(Activation.LINEAR, Activation.HARD_SIGMOID_KERAS3),
                Arguments.of(Activation.SOFTSIGN, Activation.SIGMOID),
                Arguments.of(Activation.ELU, Activation.SWISH));
    }

    @ParameterizedTest(name = "batch {0}, units {1}")
    @MethodSource("traceShapes")
    void should_record_the_same_trace_as_the_layer_loop(int batch, int units) {
        Case k = new Case(batch, 3, units, 13);
        for (boolean backwards : new boolean[] {false, true}) {
            LstmLayer layer = k.layer(backwards, Activation.TANH);
            Trace loop = layer.loop(k.input(), k.mask, RnnState.of(k.h0, k.c0), true).trace().orElseThrow();
            for (int workers = 1; workers <= 2; workers++) {
                Trace fused = layer.fused(k.input(), k.mask, RnnState.of(k.h0, k.c0), workers, false).trace()
                        .orElseThrow();
                for (int b = 0; b < batch; b++) {
                    for (int s = 0; s < 13; s++) {
                        for (int j = 0; j < units; j++) {
                            String at = "backwards=" + backwards + " workers=" + workers + " sample " + b + " step "
                                    + s + " unit " + j;
                            for (Gate g : Gate.values()) {
                                assertThat(fused.z(b, s, g, j)).as("z_%s %s", g.symbol(), at)
                                        .isCloseTo(loop.z(b, s, g, j), within(TOL_F64));
                                assertThat(fused.gate(b, s, g, j)).as("%s %s", g.symbol(), at)
                                        .isCloseTo(loop.gate(b, s, g, j), within(TOL_F64));
                            }
                            assertThat(fused.c(b, s, j)).as("c %s", at).isCloseTo(loop.c(b, s, j), within(TOL_F64));
                            assertThat(fused.h(b, s, j)).as("h %s", at).isCloseTo(loop.h(b, s, j), within(TOL_F64));
                        }
                    }
                }
            }
        }
    }

    static Stream<Arguments> traceShapes() {
        return Stream.of(Arguments.of(1, 7), Arguments.of(1, 40), Arguments.of(3, 17), Arguments.of(6, 33));
    }

    @Test
    void should_be_the_untraced_default_and_agree_with_a_trace() {
        Case k = new Case(4, 5, 40, 30);
        LstmLayer layer = k.layer(false, Activation.TANH);

        double[][][] plain = layer.run(k.input(), k.mask, null, false).toArray();
        double[][][] traced = layer.run(k.input(), k.mask, null, true).toArray();

        assertThat(flat(plain)).containsExactly(flat(traced), within(TOL_F64));
    }

    @Test
    void should_leave_its_inputs_as_they_were() {
        Case k = new Case(3, 4, 18, 9);
        SequenceBatch x = k.input();
        double[] before = x.data().clone();
        RnnState state = RnnState.of(k.h0, k.c0);
        double[] h0 = state.hData().clone();

        k.layer(true, Activation.TANH).fused(x, k.mask, state, 2, false);

        assertThat(x.data()).containsExactly(before);
        assertThat(state.hData()).containsExactly(h0);
    }

    private static double[] flat(double[][][] v) {
        return Stream.of(v).flatMap(Stream::of).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    /** Keras-like random weights and inputs; a mask with leading, trailing and scattered skipped steps. */
    private static final class Case {
        final double[][] w;
        final double[][] u;
        final double[] b;
        final double[][][] x;
        final boolean[][] mask;
        final double[][] h0;
        final double[][] c0;
        final boolean hardSigmoid;

        Case(int batch, int features, int units, int steps) {
            Random rnd = new Random(91L * batch + 7L * units + steps);
            hardSigmoid = units % 2 == 1; // both recurrent activations the reference knows, across the shapes
            w = RandomLstm.matrix(rnd, features, 4 * units, 0.6);
            u = RandomLstm.matrix(rnd, units, 4 * units, 1.2 / Math.sqrt(units));
            b = RandomLstm.matrix(rnd, 1, 4 * units, 0.5)[0];
            x = new double[batch][][];
            for (int s = 0; s < batch; s++) {
                x[s] = RandomLstm.matrix(rnd, steps, features, 1.5);
            }
            mask = new boolean[batch][steps];
            for (int s = 0; s < batch; s++) {
                for (int t = 0; t < steps; t++) {
                    mask[s][t] = s % 3 == 0 ? t > 1 : s % 3 == 1 ? t < steps - 2 : t % 4 != 2;
                }
            }
            h0 = RandomLstm.matrix(rnd, batch, units, 0.3);
            c0 = RandomLstm.matrix(rnd, batch, units, 0.8);
        }

        SequenceBatch input() {
            return SequenceBatch.of(x);
        }

        LstmLayer layer(boolean backwards, Activation activation) {
            LstmCell cell = new LstmCell(LstmWeights.of(w, u, b), activation,
                    hardSigmoid ? Activation.HARD_SIGMOID_KERAS2 : Activation.SIGMOID);
            return new LstmLayer("lstm", cell, true, backwards);
        }

        void assertMatches(LayerOutput out, double[][][] ref, double tol, String what) {
            ReferenceLstm.assertMatches(out, ref, tol, what);
        }
    }
}
