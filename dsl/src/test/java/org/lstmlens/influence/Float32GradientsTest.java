package org.lstmlens.influence;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lstmlens.io.ModelLoader;
import org.lstmlens.model.Model;
import org.lstmlens.model.RecurrentLayer;
import org.lstmlens.testing.TorchFixtures;
import org.lstmlens.testing.TorchGradients;

/**
 * Gradients in float32 ({@link Influence#float32()}) against torch 2.13's own autograd on the same nn.LSTM
 * ({@code dsl/src/test/data/torch/make_float32_gradients.py}): the input gradient and integrated gradients (16 points,
 * zero baseline, midpoint rule) of {@code f = w . h_last}, within float32's noise of torch in float32 and of torch in
 * float64; the double path within 1e-9 of torch in float64; a GRU, which the float32 path runs in double, too.
 */
class Float32GradientsTest {
    /**
     * Relative to the largest |torch value|. torch's own float32 results are 1.4e-7 to 4.7e-7 of it from its float64
     * ones (the script prints them; 4.7e-7 for the large case's input gradient), so two float32 computations summed in
     * another order may be about twice that apart: 5e-6 is about 10x the noise either of them has.
     */
    private static final double FLOAT32 = 5e-6;
    /** The double path against torch's float64, relative: measured worst 5.5e-16 (GRU integrated gradients). */
    private static final double DOUBLE = 1e-9;

    private static Attribution attributions(TorchGradients c, boolean ig, boolean float32) {
        Model m = c.model();
        ModelInfluence inf = Influence.of(m).on(c.x()).target(Target.weights(c.w()));
        inf = ig ? inf.integratedGradients(c.igSteps()) : inf.gradient();
        return (float32 ? inf.float32() : inf).attributions();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"f32grad_lstm_small, gradient, gradient (float32)",
            "f32grad_lstm_small, ig, 'integrated gradients (16 steps, baseline 0, float32)'",
            "f32grad_lstm_large, gradient, gradient (float32)",
            "f32grad_lstm_large, ig, 'integrated gradients (16 steps, baseline 0, float32)'"})
    void should_give_torchs_gradients_in_float32(String name, String method, String detail) {
        TorchGradients c = TorchGradients.of(name);

        Attribution a = attributions(c, method.equals("ig"), true);

        double[] got = TorchFixtures.flat(a.toArray());
        assertThat(a.methodDetail()).isEqualTo(detail);
        assertThat(TorchGradients.relativeError(got, c.flat(method + "_f32"))).as(name + " " + method
                + " against torch float32").isLessThanOrEqualTo(FLOAT32);
        assertThat(TorchGradients.relativeError(got, c.flat(method + "_f64"))).as(name + " " + method
                + " against torch float64").isLessThanOrEqualTo(FLOAT32);
        double[] exact = TorchFixtures.flat(attributions(c, method.equals("ig"), false).toArray());
        assertThat(TorchGradients.relativeError(got, exact)).as("float32 ran: not the double path's numbers")
                .isPositive();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"f32grad_lstm_small", "f32grad_lstm_large", "f32grad_gru_small"})
    void should_give_torchs_float64_gradients_in_double(String name) {
        TorchGradients c = TorchGradients.of(name);

        Attribution g = attributions(c, false, false);
        Attribution ig = attributions(c, true, false);

        assertThat(g.methodDetail()).isEqualTo("gradient");
        assertThat(ig.methodDetail()).isEqualTo("integrated gradients (16 steps, baseline 0)");
        assertThat(TorchGradients.relativeError(TorchFixtures.flat(g.toArray()), c.flat("gradient_f64")))
                .as(name + " gradient against torch float64").isLessThanOrEqualTo(DOUBLE);
        assertThat(TorchGradients.relativeError(TorchFixtures.flat(ig.toArray()), c.flat("ig_f64")))
                .as(name + " integrated gradients against torch float64").isLessThanOrEqualTo(DOUBLE);
    }

    /** A GRU (reset_after, as PyTorch's) runs float32 too: within float32's noise of torch's float64 gradients. */
    @Test
    void should_give_a_grus_gradients_in_float32() {
        TorchGradients c = TorchGradients.of("f32grad_gru_small");

        Attribution g = attributions(c, false, true);
        Attribution ig = attributions(c, true, true);

        assertThat(g.methodDetail()).isEqualTo("gradient (float32)");
        double[] got = TorchFixtures.flat(g.toArray());
        assertThat(TorchGradients.relativeError(got, c.flat("gradient_f64")))
                .as("GRU gradient in float32 against torch float64").isLessThanOrEqualTo(FLOAT32);
        assertThat(TorchGradients.relativeError(TorchFixtures.flat(ig.toArray()), c.flat("ig_f64")))
                .as("GRU integrated gradients in float32 against torch float64").isLessThanOrEqualTo(FLOAT32);
        assertThat(TorchGradients.relativeError(got, TorchFixtures.flat(attributions(c, false, false).toArray())))
                .as("float32 ran: not the double path's numbers").isPositive();
    }

    /**
     * A SimpleRNN with relu (Keras 3, {@code dsl/src/test/data/rnn}) has no float32 backward in the core: asked for
     * float32, its gradient runs double and the detail says so; within float32's noise of jax.grad's float32 gradient.
     */
    @Test
    void should_name_a_layer_whose_gradients_run_double() throws java.io.IOException {
        JsonObject want = com.google.gson.JsonParser.parseString(java.nio.file.Files.readString(
                org.lstmlens.testing.RnnFixtures.file("simple_rnn_relu.expected.json"))).getAsJsonObject();
        Model m = ModelLoader.load(org.lstmlens.testing.RnnFixtures.file("simple_rnn_relu.keras"));
        int unit = want.getAsJsonObject("gradient_target").get("index").getAsInt();
        ModelInfluence inf = Influence.of(m).on(TorchFixtures.array3(want.get("input"))).gradient()
                .target(Target.unit(unit));

        Attribution a = inf.float32().attributions();

        assertThat(a.methodDetail()).startsWith("gradient (float32; gradients of SimpleRNN \"").endsWith(
                " in double: no float32 backward for that cell)");
        assertThat(TorchGradients.relativeError(TorchFixtures.flat(a.toArray()),
                TorchFixtures.flat(want.get("input_gradient")))).isLessThanOrEqualTo(FLOAT32);
    }

    /** Both directions of a bidirectional nn.LSTM take the precision: torch's float64 gradient of a reverse unit. */
    @Test
    void should_carry_float32_to_both_directions() throws java.io.IOException {
        JsonObject want = TorchFixtures.expected("lstm_bidirectional");
        Model m = ModelLoader.load(TorchFixtures.file("lstm_bidirectional.pt"));
        JsonObject at = want.getAsJsonObject("gradient_target");
        ModelInfluence inf = Influence.of(m).on(TorchFixtures.array3(want.get("input"))).gradient()
                .target(Target.unit(at.get("index").getAsInt()).atStep(at.get("timestep").getAsInt()));

        double[] f32 = TorchFixtures.flat(inf.float32().attributions().toArray());
        double[] f64 = TorchFixtures.flat(inf.attributions().toArray());

        double[] torch = TorchFixtures.flat(want.get("input_gradient"));
        assertThat(TorchGradients.relativeError(f64, torch)).as("double").isLessThanOrEqualTo(DOUBLE);
        assertThat(TorchGradients.relativeError(f32, torch)).as("float32").isLessThanOrEqualTo(FLOAT32);
    }

    /** Gate and cell-state targets are differentiated in double whatever is asked: the same bits, no float32 label. */
    @Test
    void should_keep_gate_targets_in_double() {
        TorchGradients c = TorchGradients.of("f32grad_lstm_small");
        RecurrentLayer lstm = (RecurrentLayer) c.model().layers().stream().filter(l -> l instanceof RecurrentLayer)
                .findFirst().orElseThrow();
        LayerInfluence inf = Influence.of(lstm).on(c.x()).integratedGradients(c.igSteps()).gate("f", 3);

        Attribution asked = inf.float32().attributions();
        Attribution plain = inf.attributions();

        assertThat(asked.methodDetail()).isEqualTo(plain.methodDetail())
                .isEqualTo("integrated gradients (16 steps, baseline 0)");
        assertThat(asked.toArray()).isDeepEqualTo(plain.toArray());
        assertThat(inf.float32().toString()).doesNotContain("float32");
    }

    @Test
    void should_name_float32_in_the_question() {
        ModelInfluence inf = Influence.of(TorchGradients.of("f32grad_lstm_small").model()).integratedGradients(16);

        assertThat(inf.float32().toString()).startsWith("Influence[").contains("integrated gradients (16 steps, "
                + "float32)");
        assertThat(inf.gradient().float32().toString()).contains("gradient (float32)");
        assertThat(inf.occlusion(2).float32().toString()).contains("occlusion (window 2, float32)");
        assertThat(inf.toString()).contains("integrated gradients (16 steps)").doesNotContain("float32");
    }
}
