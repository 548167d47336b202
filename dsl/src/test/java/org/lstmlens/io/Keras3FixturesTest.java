package org.lstmlens.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lstmlens.model.Layer;
import org.lstmlens.model.Model;
import org.lstmlens.model.Tensor;
import org.lstmlens.testing.Fixtures;

/**
 * The 12 models of ../shared/fixtures/keras3, each saved by real Keras 3.15.1 three ways (.keras, legacy .h5,
 * .weights.h5), against Keras's own {@code model.predict} output and {@code count_params()} in
 * {@code NAME.expected.json}.
 */
class Keras3FixturesTest {
    /**
     * Keras computed in float32, we in double from the same float32 weights: its README expects about 1e-6 (the
     * issue asks 1e-5); the largest difference measured over all 24 model files is 1.2e-7.
     */
    private static final double TOL = 1e-6;

    static Stream<String> models() throws IOException {
        try (Stream<Path> s = Files.list(Fixtures.keras3())) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".expected.json"))
                    .map(n -> n.substring(0, n.length() - ".expected.json".length())).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}.keras")
    @MethodSource("models")
    void should_predict_like_keras_from_the_keras_zip(String name) throws IOException {
        check(name, ModelLoader.load(file(name + ".keras")));
    }

    @ParameterizedTest(name = "{0}.h5")
    @MethodSource("models")
    void should_predict_like_keras_from_the_legacy_h5(String name) throws IOException {
        check(name, ModelLoader.load(file(name + ".h5")));
    }

    @ParameterizedTest(name = "{0}.weights.h5")
    @MethodSource("models")
    void should_predict_like_keras_from_weights_once_the_architecture_is_given(String name) throws IOException {
        Model alone = ModelLoader.load(file(name + ".weights.h5"));
        assertThat(alone.runnable()).as("a weights-only file has no graph of its own").isFalse();
        assertThat(alone.info().weightsOnly()).isTrue();
        assertThat(alone.info().assumptions()).isNotEmpty();
        assertThat(alone.params()).as(name + " params counted from the weights alone")
                .isEqualTo(expected(name).get("summary_params").getAsLong());
        check(name, ModelLoader.load(file(name + ".weights.h5"), file(name + ".keras")));
        check(name, ModelLoader.load(file(name + ".weights.h5"), file(name + ".h5")));
    }

    private static void check(String name, Model model) throws IOException {
        JsonObject want = expected(name);
        assertThat(model.params()).as(name + " summary params").isEqualTo(want.get("summary_params").getAsLong());
        JsonArray layers = want.getAsJsonArray("layers");
        assertThat(model.layers()).as(name + " layers").hasSize(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            JsonObject l = layers.get(i).getAsJsonObject();
            Layer got = model.layer(l.get("name").getAsString());
            assertThat(got.type()).as(name + " layer " + i + " class").isEqualTo(l.get("class_name").getAsString());
            assertThat(got.params()).as(name + " layer " + i + " params").isEqualTo(l.get("params").getAsLong());
        }
        JsonElement input = want.get("input");
        Tensor x = input.getAsJsonArray().get(0).getAsJsonArray().get(0).isJsonArray()
                ? Tensor.of(Fixture.cube(input.getAsJsonArray())) : Tensor.of(Fixture.matrix(input.getAsJsonArray()));
        Tensor out = model.predict(x);
        assertThat(out.values()).as(name + " output").containsExactly(Fixture.flatten(want.get("expected_output")),
                within(TOL));
    }

    private static Path file(String name) {
        return Fixtures.keras3().resolve(name);
    }

    private static JsonObject expected(String name) throws IOException {
        return JsonParser.parseString(Files.readString(Fixtures.keras3().resolve(name + ".expected.json")))
                .getAsJsonObject();
    }
}
