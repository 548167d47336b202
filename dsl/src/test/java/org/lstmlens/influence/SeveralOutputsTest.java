package org.lstmlens.influence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lstmlens.io.ModelLoader;
import org.lstmlens.model.Model;
import org.lstmlens.model.Tensor;
import org.lstmlens.testing.RnnFixtures;

/**
 * Influence through whole Keras 3 models of dsl/src/test/data/rnn (GRU, SimpleRNN, Bidirectional in every merge mode,
 * return_state), through {@link ModelInfluence}: the gradient of the recorded target against {@code jax.grad}'s
 * {@code input_gradient} (float32, 1e-5), and the outputs JAX recorded no gradient for (return_state's final state,
 * merge_mode=None's backward sequence) against central differences of {@link Model#predict} (an identity; step
 * 1e-5, truncation and rounding far below the tolerance).
 */
class SeveralOutputsTest {
    /** The frameworks' float32 gradients against our double ones. */
    static final double GRADIENT_TOL = 1e-5;
    static final double H = 1e-5;

    static Stream<String> withGradients() throws IOException {
        List<String> out = new ArrayList<>();
        for (String name : RnnFixtures.names()) {
            JsonObject want = expected(name);
            // the legacy .h5 layouts carry no gradient; the Keras 3 files come first in "files"
            if (want.has("input_gradient") && want.getAsJsonArray("files").get(0).getAsString().endsWith(".keras")) {
                out.add(name);
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withGradients")
    void should_differentiate_every_keras3_rnn_model_as_jax_did(String name) throws IOException {
        JsonObject want = expected(name);
        Model model = ModelLoader.load(RnnFixtures.file(want.getAsJsonArray("files").get(0).getAsString()));
        JsonObject target = want.getAsJsonObject("gradient_target");
        double[][][] x = ModelGradientTest.cube(want.getAsJsonArray("input"));
        int output = target.get("output").isJsonNull() ? 0 : target.get("output").getAsInt();
        Target t = Target.unit(target.get("index").getAsInt());
        if (!target.get("timestep").isJsonNull()) {
            t = t.atStep(target.get("timestep").getAsInt());
        }

        Attribution a = Influence.of(model).on(x).output(output).target(t).gradient().attributions();

        // jax.grad of sum_b output[b, ..., k]: each sample's own gradient
        double[][][] jax = ModelGradientTest.cube(want.getAsJsonArray("input_gradient"));
        double scale = 0;
        for (int b = 0; b < x.length; b++) {
            for (int s = 0; s < x[b].length; s++) {
                assertThat(a.toArray()[b][s]).as("%s sample %d step %d", name, b, s).containsExactly(jax[b][s],
                        within(GRADIENT_TOL));
                for (double v : jax[b][s]) {
                    scale = Math.max(scale, Math.abs(v));
                }
            }
        }
        assertThat(scale).as("%s: the recorded gradient is not all zero", name).isGreaterThan(1e-3);
    }

    @Test
    void should_explain_return_states_final_h_as_central_differences_of_predict() throws IOException {
        Model model = load("gru_return_state");
        double[][][] x = input("gru_return_state");

        for (int unit = 0; unit < 4; unit++) {
            Attribution a = Influence.of(model).on(x).output("gru[1]").unit(unit).gradient().attributions();

            int k = unit;
            ModelGradientTest.assertRelative(a.toArray(), differences(x, v -> model.predict(List.of(Tensor.of(v)))
                    .get(1).toArray2()[0][k]), "final h of unit " + unit);
            assertThat(a.where()).isEqualTo("output \"gru[1]\"");
            assertThat(a.output()[2]).isCloseTo(model.predict(List.of(Tensor.of(x))).get(1).get(2, unit),
                    within(1e-15));
        }
    }

    @Test
    void should_explain_both_outputs_of_merge_mode_none_as_central_differences_of_predict() throws IOException {
        Model model = load("bidirectional_gru_none");
        double[][][] x = input("bidirectional_gru_none");
        ModelInfluence inf = Influence.of(model).on(x).gradient();

        assertThat(inf.outputNames()).containsExactly("bidirectional[0]", "bidirectional[1]");
        for (int output = 0; output < 2; output++) {
            for (int unit = 0; unit < 3; unit++) {
                Attribution a = inf.output(output).unit(unit).attributions();

                int o = output;
                int k = unit;
                ModelGradientTest.assertRelative(a.toArray(), differences(x, v -> model.predict(List.of(
                        Tensor.of(v))).get(o).toArray2()[0][k]), "output " + output + " unit " + unit);
            }
        }
    }

    /**
     * d(value)/dx of one sample at a time, (f(x + h e) - f(x - h e)) / 2h for every input value; f reads the
     * first row of a batch of one.
     */
    static double[][][] differences(double[][][] x, ToDoubleFunction<double[][][]> f) {
        double[][][] g = new double[x.length][x[0].length][x[0][0].length];
        for (int b = 0; b < x.length; b++) {
            double[][][] one = {x[b]};
            for (int t = 0; t < x[b].length; t++) {
                for (int j = 0; j < x[b][t].length; j++) {
                    double keep = x[b][t][j];
                    x[b][t][j] = keep + H;
                    double plus = f.applyAsDouble(one);
                    x[b][t][j] = keep - H;
                    double minus = f.applyAsDouble(one);
                    x[b][t][j] = keep;
                    g[b][t][j] = (plus - minus) / (2 * H);
                }
            }
        }
        return g;
    }

    static Model load(String name) throws IOException {
        return ModelLoader.load(RnnFixtures.file(name + ".keras"));
    }

    static double[][][] input(String name) throws IOException {
        return ModelGradientTest.cube(expected(name).getAsJsonArray("input"));
    }

    static JsonObject expected(String name) throws IOException {
        return com.google.gson.JsonParser.parseString(Files.readString(RnnFixtures.folder().resolve(name
                + ".expected.json"))).getAsJsonObject();
    }
}
