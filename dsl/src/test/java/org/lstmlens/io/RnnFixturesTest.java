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
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lstmlens.model.BidirectionalLayer;
import org.lstmlens.model.Layer;
import org.lstmlens.model.Model;
import org.lstmlens.model.RecurrentLayer;
import org.lstmlens.model.Tensor;
import org.lstmlens.testing.ChainGradient;
import org.lstmlens.testing.RnnFixtures;

/**
 * Every GRU and SimpleRNN fixture of {@code dsl/src/test/data/rnn} (see its README.md), in every form it was saved
 * in: Keras 3 models as {@code .keras}, legacy {@code .h5} and {@code .weights.h5} (with the architecture of the
 * {@code .keras}); tf_keras 2 models as {@code .h5}; the legacy Keras 1 / Keras 2 / CuDNNGRU files written in their
 * era's layout. Expected values come from outside this code: Keras's own {@code model.predict}, {@code count_params()}
 * and {@code jax.grad} (tf.GradientTape for tf_keras), or, for the legacy layouts no installed Keras can write, the
 * fixtures' float64 NumPy reference (rnn_reference.py, from ../shared/notes/KERAS_FORMATS.md Part 2).
 */
class RnnFixturesTest {
    /** Keras computes in float32, we in double from the same float32 weights. */
    private static final double OUTPUT_TOL = 1e-6;
    /** The frameworks' float32 gradients against our double ones. */
    private static final double GRADIENT_TOL = 1e-5;

    @TempDir
    Path dir;

    static Stream<Arguments> files() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String name : RnnFixtures.names()) {
            for (JsonElement f : expected(name).getAsJsonArray("files")) {
                out.add(Arguments.of(name, f.getAsString()));
            }
        }
        return out.stream();
    }

    static Stream<String> withGradients() throws IOException {
        List<String> out = new ArrayList<>();
        for (String name : RnnFixtures.names()) {
            if (expected(name).has("input_gradient")) {
                out.add(name);
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("files")
    void should_predict_what_keras_predicted_and_count_its_params(String name, String file) throws IOException {
        JsonObject want = expected(name);
        Path path = RnnFixtures.file(file);
        Model model = ModelLoader.load(path);
        if (model.info().weightsOnly() && !model.runnable()) {
            // weights alone: every layer is recognised from its arrays, its kind shown, the params Keras counts
            assertThat(model.params()).as(file + " params from the weights alone")
                    .isEqualTo(want.get("summary_params").getAsLong());
            // a layer without arrays (an input, a Masking) cannot be recognised from them; every other one is
            assertThat(model.layers()).as(file + " layer kinds").noneMatch(l -> l.type().equals("?") && l.params() > 0);
            assertThat(model.info().assumptions()).as(file + " says what it assumed").isNotEmpty();
            model = ModelLoader.load(path, architecture(name, want));
        }
        check(file, model, want);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withGradients")
    void should_differentiate_the_input_as_jax_did(String name) throws IOException {
        JsonObject want = expected(name);
        Path path = RnnFixtures.file(want.getAsJsonArray("files").get(0).getAsString());
        Model model = ModelLoader.load(path);
        if (!model.runnable()) {
            model = ModelLoader.load(path, architecture(name, want));
        }
        JsonObject target = want.getAsJsonObject("gradient_target");
        double[][][] x = Fixture.cube(want.getAsJsonArray("input"));
        double[][][] got = ChainGradient.of(model, x, integer(target, "output"), integer(target, "timestep"),
                target.get("index").getAsInt());
        assertThat(Fixture.flatten(got)).as(name + " input gradient")
                .containsExactly(Fixture.flatten(want.get("input_gradient")), within(GRADIENT_TOL));
    }

    private static void check(String file, Model model, JsonObject want) {
        assertThat(model.params()).as(file + " summary params").isEqualTo(want.get("summary_params").getAsLong());
        JsonArray layers = want.getAsJsonArray("layers");
        for (JsonElement e : layers) {
            JsonObject l = e.getAsJsonObject();
            Layer got = model.layer(l.get("name").getAsString());
            assertThat(got.type()).as(file + " layer " + got.name() + " class").isEqualTo(l.get("class_name")
                    .getAsString());
            assertThat(got.params()).as(file + " layer " + got.name() + " params").isEqualTo(l.get("params")
                    .getAsLong());
        }
        assertThat(model.layers()).as(file + " layers").hasSize(layers.size());
        checkRecurrentConfig(file, model, want);
        Tensor x = input(want);
        List<Tensor> out = model.predict(List.of(x));
        if (want.has("expected_outputs")) {
            JsonArray all = want.getAsJsonArray("expected_outputs");
            assertThat(out).as(file + " outputs").hasSize(all.size());
            for (int i = 0; i < all.size(); i++) {
                assertThat(out.get(i).values()).as(file + " output " + i)
                        .containsExactly(Fixture.flatten(all.get(i)), within(OUTPUT_TOL));
            }
        } else {
            assertThat(out).as(file + " outputs").hasSize(1);
            assertThat(out.get(0).values()).as(file + " output")
                    .containsExactly(Fixture.flatten(want.get("expected_output")), within(OUTPUT_TOL));
        }
    }

    /** What the fixture recorded of each recurrent direction's config: units, go_backwards, return_sequences. */
    private static void checkRecurrentConfig(String file, Model model, JsonObject want) {
        if (!want.has("recurrent")) {
            return;
        }
        List<RecurrentLayer> directions = new ArrayList<>();
        for (Layer l : model.layers()) {
            if (l instanceof RecurrentLayer r) {
                directions.add(r);
            } else if (l instanceof BidirectionalLayer b) {
                directions.add(b.forwardLayer());
                directions.add(b.backwardLayer());
            }
        }
        JsonArray rec = want.getAsJsonArray("recurrent");
        assertThat(directions).as(file + " recurrent directions").hasSize(rec.size());
        for (int i = 0; i < rec.size(); i++) {
            JsonObject c = rec.get(i).getAsJsonObject().getAsJsonObject("config");
            RecurrentLayer r = directions.get(i);
            assertThat(r.units()).as(file + " direction " + i + " units").isEqualTo(c.get("units").getAsInt());
            assertThat(r.rnn().goBackwards()).as(file + " direction " + i + " go_backwards")
                    .isEqualTo(c.get("go_backwards").getAsBoolean());
        }
    }

    /** The architecture of a weights-only file: the same model's .keras, or the config the fixture recorded. */
    private Path architecture(String name, JsonObject want) throws IOException {
        for (JsonElement f : want.getAsJsonArray("files")) {
            if (f.getAsString().endsWith(".keras")) {
                return RnnFixtures.file(f.getAsString());
            }
        }
        JsonObject arch = want.getAsJsonObject("architecture");
        assertThat(arch).as(name + ": a weights-only fixture records its architecture").isNotNull();
        Path json = dir.resolve(name + ".config.json");
        Files.writeString(json, arch.get("model_config").toString());
        return json;
    }

    private static Tensor input(JsonObject want) {
        JsonArray in = want.getAsJsonArray("input");
        if (want.has("input_dtype") && want.get("input_dtype").getAsString().startsWith("int")) {
            double[][] ids = Fixture.matrix(in);
            int[][] tokens = new int[ids.length][];
            for (int b = 0; b < ids.length; b++) {
                tokens[b] = java.util.Arrays.stream(ids[b]).mapToInt(v -> (int) v).toArray();
            }
            return Tensor.ofTokens(tokens);
        }
        return Tensor.of(Fixture.cube(in));
    }

    private static Integer integer(JsonObject o, String key) {
        return o.has(key) && !o.get(key).isJsonNull() ? o.get(key).getAsInt() : null;
    }

    static JsonObject expected(String name) throws IOException {
        return JsonParser.parseString(Files.readString(RnnFixtures.file(name + ".expected.json"))).getAsJsonObject();
    }
}
