package org.lstmlens.influence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lstmlens.core.Activation;
import org.lstmlens.core.LayerOutput;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.core.SequenceBatch;
import org.lstmlens.model.Model;
import org.lstmlens.testing.Built;
import org.lstmlens.testing.RandomLstm;

/**
 * The four methods on random models, each against an identity that does not use the code under test: gradients
 * against central finite differences of the forward pass, gradient x input against gradient times x, integrated
 * gradients against completeness (attributions sum to f(x) - f(baseline)), occlusion against two forward passes of
 * the layer computed here, with the Dense head applied by hand.
 */
class AttributionMethodsTest {
    static final double REL_TOL = 1e-6;
    static final double EPS = 1e-5;
    /** Integrated gradients at 64 steps: the completeness gap the issue allows. */
    static final double COMPLETENESS_TOL = 0.01;
    static final double EXACT = 1e-12;

    static LstmLayer layer(Random rnd, boolean sequences, boolean backwards) {
        return RandomLstm.layer(rnd, 3, 4, 0.9, Activation.TANH, Activation.SIGMOID, sequences, backwards);
    }

    static Model withHead(Random rnd, LstmLayer layer, int outputs, Activation act) {
        return Built.withHead(layer, RandomLstm.matrix(rnd, layer.units(), outputs, 1), RandomLstm.vector(rnd,
                outputs, 0.5), act);
    }

    /** f(x) for one sequence, computed from the layer's forward pass and the head written out here. */
    static double target(LstmLayer layer, double[][] kernel, double[] bias, Activation act, double[] w,
            double[][] x, boolean[] mask, int step) {
        LayerOutput out = layer.run(SequenceBatch.of(x), mask == null ? null : new boolean[][] {mask}, null, false);
        double f = 0;
        for (int j = 0; j < w.length; j++) {
            double z = bias[j];
            for (int k = 0; k < layer.units(); k++) {
                double h = layer.returnSequences() ? out.output(0, step, k) : out.output(0, k);
                z += h * kernel[k][j];
            }
            f += w[j] * act.apply(z);
        }
        return f;
    }

    @Test
    void should_match_finite_differences_through_a_dense_head_at_a_chosen_step_with_masks_and_go_backwards() {
        for (boolean backwards : new boolean[] {false, true}) {
            Random rnd = new Random(backwards ? 11 : 12);
            LstmLayer layer = layer(rnd, true, backwards);
            double[][] kernel = RandomLstm.matrix(rnd, 4, 2, 1);
            double[] bias = RandomLstm.vector(rnd, 2, 0.5);
            double[][][] x = RandomLstm.tensor(rnd, 3, 7, 3, 1);
            boolean[][] mask = {{true, true, true, true, true, true, true}, {false, true, true, false, true, true,
                true}, {true, true, true, true, false, false, false}};
            double[] w = {0.7, -1.3};
            int step = 4;

            Attribution a = Influence.of(Built.withHead(layer, kernel, bias, Activation.TANH)).on(x).mask(mask)
                    .target(Target.weights(w).atStep(step))
                    .gradient().attributions();

            double worst = 0;
            double scale = 0;
            for (int b = 0; b < 3; b++) {
                for (int t = 0; t < 7; t++) {
                    for (int j = 0; j < 3; j++) {
                        double[][] plus = copy(x[b]);
                        double[][] minus = copy(x[b]);
                        plus[t][j] += EPS;
                        minus[t][j] -= EPS;
                        double numeric = (target(layer, kernel, bias, Activation.TANH, w, plus, mask[b], step)
                                - target(layer, kernel, bias, Activation.TANH, w, minus, mask[b], step)) / (2 * EPS);
                        worst = Math.max(worst, Math.abs(numeric - a.value(b, t, j)));
                        scale = Math.max(scale, Math.abs(a.value(b, t, j)));
                    }
                }
            }
            assertThat(scale).as("gradient not trivially zero").isGreaterThan(1e-3);
            assertThat(worst / scale).as("relative error, go_backwards=%s", backwards).isLessThanOrEqualTo(REL_TOL);
            assertThat(a.output()[1]).isCloseTo(target(layer, kernel, bias, Activation.TANH, w, x[1], mask[1], step),
                    within(EXACT));
        }
    }

    @Test
    void should_match_finite_differences_for_a_gate_and_the_cell_state_inside_the_layer() {
        Random rnd = new Random(31);
        LstmLayer layer = layer(rnd, true, false);
        double[][][] x = RandomLstm.tensor(rnd, 2, 6, 3, 1);
        for (Target target : new Target[] {Target.gate("f", 1).atStep(3), Target.gate("candidate", 2),
            Target.cell(0).atStep(4)}) {
            Attribution a = Influence.of(layer).on(x).target(target).gradient().attributions();

            double worst = 0;
            double scale = 0;
            for (int b = 0; b < 2; b++) {
                for (int t = 0; t < 6; t++) {
                    for (int j = 0; j < 3; j++) {
                        double[][] plus = copy(x[b]);
                        double[][] minus = copy(x[b]);
                        plus[t][j] += EPS;
                        minus[t][j] -= EPS;
                        double numeric = (internal(layer, target, plus) - internal(layer, target, minus)) / (2 * EPS);
                        worst = Math.max(worst, Math.abs(numeric - a.value(b, t, j)));
                        scale = Math.max(scale, Math.abs(a.value(b, t, j)));
                    }
                }
            }
            assertThat(scale).as("%s: gradient not trivially zero", target).isGreaterThan(1e-3);
            assertThat(worst / scale).as("%s", target).isLessThanOrEqualTo(REL_TOL);
            assertThat(a.output()[0]).isCloseTo(internal(layer, target, x[0]), within(EXACT));
        }
    }

    /** The gate or cell value read from a traced forward pass of one sequence. */
    static double internal(LstmLayer layer, Target named, double[][] x) {
        org.lstmlens.core.Trace tr = layer.trace(SequenceBatch.of(x)).trace().orElseThrow();
        Target target = named.resolvedIn(layer.cell(), layer.name());
        int step = target.step(x.length);
        double[] w = target.weightsFor(layer.units(), "test");
        double v = 0;
        for (int k = 0; k < w.length; k++) {
            v += w[k] * (target.isCell() ? tr.c(0, step, k) : tr.gate(0, step, target.gateOrNull(), k));
        }
        return v;
    }

    @Test
    void should_match_finite_differences_through_stacked_layers_the_lower_one_going_backwards() {
        Random rnd = new Random(41);
        LstmLayer bottom = RandomLstm.layer(rnd, 3, 4, 0.9, Activation.TANH, Activation.SIGMOID, true, true);
        LstmLayer top = RandomLstm.layer(rnd, 4, 3, 0.9, Activation.SOFTSIGN, Activation.HARD_SIGMOID_KERAS2, false,
                false);
        double[][] kernel = RandomLstm.matrix(rnd, 3, 1, 1);
        double[] bias = {0.2};
        Model model = Built.stack(kernel, bias, Activation.LINEAR, bottom, top);
        double[][][] x = RandomLstm.tensor(rnd, 2, 6, 3, 1);
        boolean[][] mask = {{true, true, true, true, true, true}, {true, true, false, true, true, false}};

        Attribution a = Influence.of(model).on(x).mask(mask).gradient().attributions();

        double worst = 0;
        double scale = 0;
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 6; t++) {
                for (int j = 0; j < 3; j++) {
                    double[][] plus = copy(x[b]);
                    double[][] minus = copy(x[b]);
                    plus[t][j] += EPS;
                    minus[t][j] -= EPS;
                    double numeric = (stacked(bottom, top, kernel, bias, plus, mask[b])
                            - stacked(bottom, top, kernel, bias, minus, mask[b])) / (2 * EPS);
                    worst = Math.max(worst, Math.abs(numeric - a.value(b, t, j)));
                    scale = Math.max(scale, Math.abs(a.value(b, t, j)));
                }
            }
        }
        assertThat(scale).isGreaterThan(1e-3);
        assertThat(worst / scale).isLessThanOrEqualTo(REL_TOL);
        assertThat(a.value(1, 2, 0)).as("a masked timestep has no influence").isZero();
        assertThat(a.model()).isEqualTo("random + random + Dense");
    }

    /** Two layers run one after the other, the mask given to both (as Keras propagates it), the head by hand. */
    static double stacked(LstmLayer bottom, LstmLayer top, double[][] kernel, double[] bias, double[][] x,
            boolean[] mask) {
        boolean[][] m = {mask};
        SequenceBatch h1 = bottom.run(SequenceBatch.of(x), m, null, false).asSequence();
        LayerOutput out = top.run(h1, m, null, false);
        double z = bias[0];
        for (int k = 0; k < top.units(); k++) {
            z += out.output(0, k) * kernel[k][0];
        }
        return z;
    }

    @Test
    void should_give_gradient_times_input_as_the_gradient_times_x() {
        Random rnd = new Random(3);
        LstmLayer layer = layer(rnd, false, false);
        double[][][] x = RandomLstm.tensor(rnd, 2, 5, 3, 1);
        LayerInfluence inf = Influence.of(layer).on(x).unit(2);

        Attribution g = inf.gradient().attributions();
        Attribution gx = inf.gradientTimesInput().attributions();

        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 5; t++) {
                for (int j = 0; j < 3; j++) {
                    assertThat(gx.value(b, t, j)).isEqualTo(g.value(b, t, j) * x[b][t][j]);
                }
            }
        }
    }

    @Test
    void should_keep_integrated_gradients_complete_within_one_percent_at_64_steps() {
        Random rnd = new Random(21);
        for (int trial = 0; trial < 4; trial++) {
            boolean sequences = trial % 2 == 1;
            LstmLayer layer = RandomLstm.layer(rnd, 3, 5, 1.5, trial == 2 ? Activation.SOFTSIGN : Activation.TANH,
                    trial == 3 ? Activation.HARD_SIGMOID_KERAS3 : Activation.SIGMOID, sequences, trial == 1);
            Model model = withHead(rnd, layer, 2, trial == 0 ? Activation.LINEAR : Activation.TANH);
            double[][][] x = RandomLstm.tensor(rnd, 3, 8, 3, 2);
            ModelInfluence inf = Influence.of(model).on(x).integratedGradients(64).target(Target.sum())
                    .baseline(trial == 2 ? 0.3 : 0);

            Attribution a = inf.attributions();

            double[] gap = a.completenessGap();
            for (int b = 0; b < 3; b++) {
                double delta = a.output()[b] - a.baselineOutput()[b];
                assertThat(Math.abs(delta)).as("trial %d: f(x) differs from f(baseline)", trial).isGreaterThan(1e-3);
                assertThat(Math.abs(gap[b])).as("trial %d sample %d: |gap| vs |f(x) - f(x')| = %s", trial, b,
                        Math.abs(delta)).isLessThanOrEqualTo(COMPLETENESS_TOL * Math.abs(delta));
            }
            assertThat(a.relativeCompletenessGap()).isLessThanOrEqualTo(COMPLETENESS_TOL);
        }
        LstmLayer layer = RandomLstm.layer(rnd, 3, 5, 1.5, Activation.TANH, Activation.SIGMOID, false, false);
        Attribution cell = Influence.of(layer).on(RandomLstm.tensor(rnd, 3, 8, 3, 2)).cell(3).attributions();
        assertThat(cell.relativeCompletenessGap()).as("cell-state target").isLessThanOrEqualTo(COMPLETENESS_TOL);
    }

    @Test
    void should_give_the_same_integrated_gradients_whatever_the_batch_size() {
        Random rnd = new Random(4);
        LstmLayer layer = layer(rnd, false, false);
        double[][][] x = RandomLstm.tensor(rnd, 2, 6, 3, 1);
        LayerInfluence inf = Influence.of(layer).on(x).integratedGradients(16);

        double[][][] big = inf.attributions().toArray();
        double[][][] small = inf.batchSize(3).attributions().toArray();

        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 6; t++) {
                assertThat(small[b][t]).containsExactly(big[b][t], within(EXACT));
            }
        }
    }

    @Test
    void should_give_occlusion_as_the_difference_of_two_forward_passes() {
        Random rnd = new Random(8);
        LstmLayer layer = layer(rnd, false, false);
        double[][] kernel = RandomLstm.matrix(rnd, 4, 1, 1);
        double[] bias = {0.1};
        Model head = Built.withHead(layer, kernel, bias, Activation.LINEAR);
        double[][][] x = RandomLstm.tensor(rnd, 2, 6, 3, 1);
        double[] w = {1};

        Attribution single = Influence.of(head).on(x).occlusion(1).baseline(0.25).attributions();
        Attribution perFeature = Influence.of(head).on(x).occlusionPerFeature(1).attributions();
        Attribution window = Influence.of(head).on(x).occlusion(2).attributions();

        for (int b = 0; b < 2; b++) {
            double fx = target(layer, kernel, bias, Activation.LINEAR, w, x[b], null, 5);
            double[] windowDelta = new double[5];
            for (int t = 0; t < 6; t++) {
                double[][] occluded = copy(x[b]);
                java.util.Arrays.fill(occluded[t], 0.25);
                double expected = fx - target(layer, kernel, bias, Activation.LINEAR, w, occluded, null, 5);
                assertThat(single.value(b, t, 0)).as("sample %d timestep %d", b, t).isCloseTo(expected, within(EXACT));
                for (int j = 0; j < 3; j++) {
                    double[][] one = copy(x[b]);
                    one[t][j] = 0;
                    assertThat(perFeature.value(b, t, j)).isCloseTo(
                            fx - target(layer, kernel, bias, Activation.LINEAR, w, one, null, 5), within(EXACT));
                }
                if (t < 5) {
                    double[][] two = copy(x[b]);
                    java.util.Arrays.fill(two[t], 0);
                    java.util.Arrays.fill(two[t + 1], 0);
                    windowDelta[t] = fx - target(layer, kernel, bias, Activation.LINEAR, w, two, null, 5);
                }
            }
            // a timestep's share of window occlusion: the mean over the windows covering it
            assertThat(window.value(b, 0, 0)).isCloseTo(windowDelta[0], within(EXACT));
            assertThat(window.value(b, 3, 0)).isCloseTo((windowDelta[2] + windowDelta[3]) / 2, within(EXACT));
            assertThat(window.value(b, 5, 0)).isCloseTo(windowDelta[4], within(EXACT));
        }
    }

    static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }
}
