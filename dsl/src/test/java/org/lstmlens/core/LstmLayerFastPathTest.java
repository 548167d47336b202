package org.lstmlens.core;

import org.lstmlens.core.products.Products;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.lstmlens.testing.RandomLstm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.lstmlens.core.products.KernelChoice;

/**
 * The layer loop (hoisted x.W, in-place h.U per step, block activations) under every product kernel this machine
 * has, and the default untraced pass (the fused vector pass where the JVM allows it; {@code FusedPassTest} covers
 * it in depth), against two outside references: the seed question's printed Keras outputs, and
 * {@link ReferenceLstm}, a naive loop written from Keras's cell definition. The float32 path is held to float32
 * rounding of the same references.
 */
class LstmLayerFastPathTest {
    /** Double arithmetic in a different order over 9 steps: far below float noise. */
    private static final double TOL_F64 = 1e-12;
    /** The seed question's printed precision. */
    private static final double TOL_PRINTED = 1e-7;
    /** float32 rounding accumulated over up to 40 steps of outputs in (-1, 1). */
    private static final double TOL_F32 = 2e-5;

    private final Products before = Products.current();

    @AfterEach
    void restoreKernel() {
        Products.use(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ejml", "java", "native"})
    void should_reproduce_the_seed_question_with_every_kernel(String kernel) {
        useKernel(kernel);

        LayerOutput out = SeedOrderQuestionTest.seedLayer()
                .loop(SequenceBatch.ofValues(0.83467698, 0.1, -0.5, 0.3), null, null, false);

        for (int t = 0; t < 4; t++) {
            assertThat(row(out, 0, t)).as("h[t=%d]", t)
                    .containsExactly(SeedOrderQuestionTest.EXPECTED_H[t], within(TOL_PRINTED));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ejml", "java", "native"})
    void should_equal_the_naive_reference_with_masks_initial_state_and_both_directions(String kernel) {
        useKernel(kernel);
        Case k = new Case(5, 7, 3, 9, false);

        for (boolean backwards : new boolean[] {false, true}) {
            LstmLayer layer = k.layer(backwards);
            LayerOutput out = layer.loop(SequenceBatch.of(k.x), k.mask, RnnState.of(k.h0, k.c0), false);
            double[][][] ref = ReferenceLstm.run(k.w, k.u, k.b, k.x, k.mask, k.h0, k.c0, backwards, false);

            k.assertMatches(out, ref, TOL_F64, "backwards=" + backwards);
        }
    }

    @Test
    void should_hoist_the_input_product_in_chunks_of_timesteps_in_both_directions() {
        Case k = new Case(3, 300, 2, 120, false); // chunks of 54 timesteps: 54, 54, then a remainder of 12
        assertThat(LstmLayer.chunkSteps(2, 4 * 300, 120)).isEqualTo(54);

        for (boolean backwards : new boolean[] {false, true}) {
            LstmLayer layer = k.layer(backwards);
            double[][][] ref = ReferenceLstm.run(k.w, k.u, k.b, k.x, k.mask, k.h0, k.c0, backwards, false);

            k.assertMatches(layer.loop(SequenceBatch.of(k.x), k.mask, RnnState.of(k.h0, k.c0), false), ref,
                    TOL_F64, "double backwards=" + backwards);
            k.assertMatches(layer.loopFloat(SequenceBatch.of(k.x), k.mask, RnnState.of(k.h0, k.c0)), ref,
                    TOL_F32, "float32 backwards=" + backwards);
            k.assertMatches(layer.run(SequenceBatch.of(k.x), k.mask, RnnState.of(k.h0, k.c0), false), ref,
                    TOL_F64, "default pass, double, backwards=" + backwards);
        }
    }

    @Test
    void should_give_the_same_numbers_traced_and_untraced() {
        Case k = new Case(4, 6, 2, 7, true);
        LstmLayer layer = k.layer(false);

        LayerOutput plain = layer.run(SequenceBatch.of(k.x), k.mask, null, false);
        LayerOutput traced = layer.run(SequenceBatch.of(k.x), k.mask, null, true);

        assertThat(traced.toArray()).isDeepEqualTo(plain.toArray());
        Trace tr = traced.trace().orElseThrow();
        assertThat(tr.h(1, 6, 5)).isEqualTo(traced.state().h(1, 5));
        // z is kept as it was before the activations, which the trace applies separately
        assertThat(tr.gate(0, 0, Gate.I, 2)).isCloseTo(0.2 * tr.z(0, 0, Gate.I, 2) + 0.5, within(1e-15));
    }

    @ParameterizedTest
    @ValueSource(strings = {"java", "native"})
    void should_run_in_float32_within_float_rounding_of_the_double_reference(String kernel) {
        useKernel(kernel);
        Case k = new Case(6, 32, 2, 40, false);

        for (boolean backwards : new boolean[] {false, true}) {
            LstmLayer layer = k.layer(backwards);
            LayerOutput out = layer.loopFloat(SequenceBatch.of(k.x), k.mask, RnnState.of(k.h0, k.c0));
            double[][][] ref = ReferenceLstm.run(k.w, k.u, k.b, k.x, k.mask, k.h0, k.c0, backwards, false);

            k.assertMatches(out, ref, TOL_F32, "float32 backwards=" + backwards);
        }
    }

    @Test
    void should_reproduce_the_seed_question_in_float32() {
        LayerOutput out = SeedOrderQuestionTest.seedLayer()
                .runFloat(SequenceBatch.ofValues(0.83467698, 0.1, -0.5, 0.3));

        for (int t = 0; t < 4; t++) {
            assertThat(row(out, 0, t)).as("h[t=%d]", t)
                    .containsExactly(SeedOrderQuestionTest.EXPECTED_H[t], within(TOL_PRINTED));
        }
        assertThat(out.trace()).isEmpty();
    }

    private static void useKernel(String name) {
        Products p = name.equals("native") ? KernelChoice.nativeBlas() : KernelChoice.named(name);
        org.junit.jupiter.api.Assumptions.assumeTrue(p != null, "skipped: no native BLAS loads on this machine");
        Products.use(p);
    }

    private static double[] row(LayerOutput out, int sample, int step) {
        double[] r = new double[out.units()];
        for (int k = 0; k < r.length; k++) {
            r[k] = out.output(sample, step, k);
        }
        return r;
    }

    /** Random Keras-like weights, inputs, a ragged mask (sample 1 masked at the end, sample 2 in the middle). */
    private static final class Case {
        final double[][] w;
        final double[][] u;
        final double[] b;
        final double[][][] x;
        final boolean[][] mask;
        final double[][] h0;
        final double[][] c0;
        final boolean hardSigmoid;

        Case(int features, int units, int batch, int steps, boolean hardSigmoid) {
            Random rnd = new Random(345L + features * 100L + units);
            this.hardSigmoid = hardSigmoid;
            w = RandomLstm.matrix(rnd, features, 4 * units, 0.6);
            // scaled like Keras's orthogonal initialiser, so the dynamics stay contracting: a chaotic net would
            // amplify the float32 rounding the tolerances are meant to bound
            u = RandomLstm.matrix(rnd, units, 4 * units, 1.2 / Math.sqrt(units));
            b = RandomLstm.matrix(rnd, 1, 4 * units, 0.5)[0];
            x = new double[batch][][];
            for (int s = 0; s < batch; s++) {
                x[s] = RandomLstm.matrix(rnd, steps, features, 1.5);
            }
            mask = new boolean[batch][steps];
            for (int s = 0; s < batch; s++) {
                for (int t = 0; t < steps; t++) {
                    mask[s][t] = s == 0 || (s == 1 ? t < steps - 3 : t % 4 != 2);
                }
            }
            h0 = RandomLstm.matrix(rnd, batch, units, 0.3);
            c0 = RandomLstm.matrix(rnd, batch, units, 0.8);
        }

        LstmLayer layer(boolean backwards) {
            LstmCell cell = new LstmCell(LstmWeights.of(w, u, b), Activation.TANH,
                    hardSigmoid ? Activation.HARD_SIGMOID_KERAS2 : Activation.SIGMOID);
            return new LstmLayer("lstm", cell, true, backwards);
        }

        void assertMatches(LayerOutput out, double[][][] ref, double tol, String what) {
            ReferenceLstm.assertMatches(out, ref, tol, what);
        }
    }
}
