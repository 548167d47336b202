package org.lstmlens.influence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lstmlens.dsl.Lstm;
import org.lstmlens.dsl.ModelView;
import org.lstmlens.model.Tensor;
import org.lstmlens.testing.MiniJson;
import org.lstmlens.testing.NotebookData;
import org.lstmlens.testing.RandomLstm;

/**
 * The known-truth models of notebooks/data (trained with real Keras 3 by make_models.py), opened THROUGH THE LOADER
 * ({@code lstm.load}) from their .keras and .h5 files, explained through the whole model. Independent references
 * from the same exports: {@code reference_attributions.gradient}, the gradient of the summed output that JAX's
 * {@code jax.grad} computed through Keras's {@code stateless_call} in float32, and {@code occlusion_zero}, Keras's own
 * {@code model.predict} differences with one step set to 0; and {@code training.true_lags}, the lags the training
 * targets were built from, which every method must rank first.
 */
class LoadedKnownLagsTest {
    /**
     * JAX computed in float32, we in double from the same float32 weights: gradients near 1 differ by at most 3.7e-7
     * (measured over lag5, lag2_minus_lag7 and weather, .keras and .h5).
     */
    static final double FLOAT32_GRADIENT = 2e-6;
    /** Keras's occlusion is a difference of two float32 predictions near 1: measured at most 1.3e-6. */
    static final double FLOAT32_OCCLUSION = 5e-6;
    /** Integrated gradients, a mean of 64 float32 gradients: measured at most 2.9e-7 (main's exports). */
    static final double FLOAT32_IG = 2e-6;

    private static ModelView load(String file) {
        return new Lstm().load(NotebookData.folder().resolve(file));
    }

    @ParameterizedTest(name = "{0}.{1}")
    @CsvSource({"lag5, keras", "lag5, h5", "lag2_minus_lag7, keras", "lag2_minus_lag7, h5", "weather, keras",
        "weather, h5"})
    void should_equal_the_jax_grad_gradient_of_the_summed_output(String name, String ext) {
        Map<String, Object> export = NotebookData.expected(name);
        Map<String, Object> ref = MiniJson.object(export.get("reference_attributions"));
        double[][][] x = MiniJson.tensor(export.get("input"));
        double[][][] jaxGrad = MiniJson.tensor(ref.get("gradient"));

        Attribution ours = load(name + "." + ext).influence(x).sum().gradient().attributions();

        for (int b = 0; b < x.length; b++) {
            for (int t = 0; t < x[b].length; t++) {
                assertThat(ours.toArray()[b][t]).as("%s sample %d, timestep %d", name, b, t)
                        .containsExactly(jaxGrad[b][t], within(FLOAT32_GRADIENT));
            }
        }
    }

    /**
     * Against {@code reference_attributions.integrated_gradients}: JAX's gradients at the same 64 midpoints from the
     * zero baseline (make_models.py of main after 2026-11-23; older exports lack it, and the test then says so and
     * skips).
     */
    @ParameterizedTest(name = "{0}.{1}")
    @CsvSource({"lag5, keras", "lag2_minus_lag7, h5", "weather, keras"})
    void should_equal_the_jax_integrated_gradients(String name, String ext) {
        Map<String, Object> export = NotebookData.expected(name);
        Map<String, Object> ref = MiniJson.object(export.get("reference_attributions"));
        org.junit.jupiter.api.Assumptions.assumeTrue(ref.containsKey("integrated_gradients"), () -> name
                + ".expected.json has no reference integrated gradients yet (regenerate with make_models.py)");
        double[][][] x = MiniJson.tensor(export.get("input"));
        double[][][] jaxIg = MiniJson.tensor(ref.get("integrated_gradients"));

        Attribution ours = load(name + "." + ext).influence(x).sum().integratedGradients(64).attributions();

        for (int b = 0; b < x.length; b++) {
            for (int t = 0; t < x[b].length; t++) {
                assertThat(ours.toArray()[b][t]).as("%s sample %d, timestep %d", name, b, t)
                        .containsExactly(jaxIg[b][t], within(FLOAT32_IG));
            }
        }
    }

    @ParameterizedTest(name = "{0}.{1}")
    @CsvSource({"lag5, keras", "lag2_minus_lag7, h5", "weather, keras"})
    void should_equal_keras_own_occlusion_of_one_step(String name, String ext) {
        Map<String, Object> export = NotebookData.expected(name);
        double[][][] x = MiniJson.tensor(export.get("input"));
        double[][] kerasOcclusion = MiniJson.matrix(MiniJson.object(export.get("reference_attributions"))
                .get("occlusion_zero"));

        Attribution ours = load(name + "." + ext).influence(x).sum().occlusion(1).baseline(0).attributions();

        for (int b = 0; b < x.length; b++) {
            for (int t = 0; t < x[b].length; t++) {
                assertThat(ours.value(b, t, 0)).as("%s sample %d, timestep %d", name, b, t)
                        .isCloseTo(kerasOcclusion[b][t], within(FLOAT32_OCCLUSION));
            }
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"lag5, gradient", "lag5, gradient x input", "lag5, integrated gradients", "lag5, occlusion",
        "lag2_minus_lag7, gradient", "lag2_minus_lag7, gradient x input", "lag2_minus_lag7, integrated gradients",
        "lag2_minus_lag7, occlusion"})
    void should_rank_the_true_lags_first_by_every_method(String name, String method) {
        int[] truth = KerasKnownLagsTest.trueLags(name);
        double[][][] fresh = RandomLstm.tensor(new Random(2026), 64, 12, 1, 1); // as trained: uniform in [-1, 1]
        Influence i = load(name + ".keras").influence(fresh);
        switch (method) {
            case "gradient": i = i.gradient(); break;
            case "gradient x input": i = i.gradientTimesInput(); break;
            case "integrated gradients": i = i.integratedGradients(64); break;
            default: i = i.occlusion(1);
        }

        TimestepInfluence byLag = i.byTimestep();

        assertThat(byLag.top(truth.length)).containsExactlyInAnyOrder(truth);
    }

    @Test
    void should_keep_integrated_gradients_complete_within_1_percent_at_64_steps_on_the_loaded_weather_model() {
        Map<String, Object> export = NotebookData.expected("weather");
        double[][][] x = MiniJson.tensor(export.get("input"));
        ModelView weather = load("weather.keras");

        for (int unit = 0; unit < 3; unit++) {
            Attribution a = weather.influence(x).unit(unit).integratedGradients(64).attributions();

            assertThat(a.relativeCompletenessGap()).as("unit %d", unit).isLessThanOrEqualTo(0.01);
            // f(x) and f(baseline) are the loaded model's own predictions
            double[][] fx = weather.predict(x).values();
            double[][] f0 = weather.predict(new double[x.length][x[0].length][x[0][0].length]).values();
            for (int b = 0; b < x.length; b++) {
                assertThat(a.output()[b]).isCloseTo(fx[b][unit], within(1e-12));
                assertThat(a.baselineOutput()[b]).isCloseTo(f0[b][unit], within(1e-12));
            }
        }
    }

    @Test
    void should_make_occlusion_the_difference_of_two_predict_calls() {
        Map<String, Object> export = NotebookData.expected("weather");
        double[][][] x = MiniJson.tensor(export.get("input"));
        ModelView weather = load("weather.h5");
        int window = 3;
        int steps = x[0].length;

        Attribution a = weather.influence(x).unit(1).baseline(0.5).occlusion(window).attributions();

        // by hand: every window of 3 steps set to 0.5, one predict call each; a timestep's share is the mean change
        // over the windows covering it
        double[][] before = weather.model().predict(Tensor.of(x)).toArray2();
        double[][] sum = new double[x.length][steps];
        int[] cover = new int[steps];
        for (int start = 0; start + window <= steps; start++) {
            double[][][] occluded = new double[x.length][steps][];
            for (int b = 0; b < x.length; b++) {
                for (int t = 0; t < steps; t++) {
                    occluded[b][t] = t >= start && t < start + window ? new double[] {0.5, 0.5, 0.5} : x[b][t].clone();
                }
            }
            double[][] after = weather.model().predict(Tensor.of(occluded)).toArray2();
            for (int t = start; t < start + window; t++) {
                cover[t]++;
                for (int b = 0; b < x.length; b++) {
                    sum[b][t] += before[b][1] - after[b][1];
                }
            }
        }
        for (int b = 0; b < x.length; b++) {
            for (int t = 0; t < steps; t++) {
                assertThat(a.value(b, t, 0)).as("sample %d, timestep %d", b, t)
                        .isCloseTo(sum[b][t] / cover[t], within(1e-12));
            }
        }
    }
}
