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
import org.lstmlens.core.Gate;
import org.lstmlens.core.LayerOutput;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.core.LstmWeights;
import org.lstmlens.core.SequenceBatch;
import org.lstmlens.model.Model;
import org.lstmlens.model.Tensor;
import org.lstmlens.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real Keras file in ../shared/fixtures/keras (Keras 1.2 to 3.15) against {@code NAME.expected.json}, computed
 * outside this project in float64 with NumPy + h5py (the folder's README): each LSTM direction's gate sums, output
 * sequence, h and c on the README's input formula, and the whole model's output where the reference gives one.
 */
class KerasFixturesTest {
    /** The README's agreement for gate sums: relative, or absolute below magnitude 1. */
    private static final double SUM_TOL = 1e-9;
    /** The README's agreement for outputs (the reference is float64; weights are float32 as stored). */
    private static final double OUT_TOL = 1e-6;

    static Stream<String> fixtures() throws IOException {
        Path dir = Fixtures.keras();
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".expected.json"))
                    .map(n -> n.substring(0, n.length() - ".expected.json".length())).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void should_match_every_lstm_direction_of_the_reference(String name) throws IOException {
        JsonObject expected = expected(name);
        Model model = ModelLoader.load(modelFile(name));
        List<LstmLayer> directions = model.lstmDirections();
        JsonArray layers = expected.getAsJsonArray("layers");
        assertThat(directions).as("LSTM directions of " + name).hasSize(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            JsonObject want = layers.get(i).getAsJsonObject();
            LstmLayer got = directions.get(i);
            String where = name + " direction " + i + " (" + want.get("group").getAsString() + ")";
            assertThat(got.units()).as(where + " units").isEqualTo(want.get("units").getAsInt());
            assertThat(got.inputDim()).as(where + " input_dim").isEqualTo(want.get("input_dim").getAsInt());
            assertThat(got.weights().params().total()).as(where + " params").isEqualTo(want.get("params").getAsLong());
            assertThat(got.goBackwards()).as(where + " go_backwards").isEqualTo(want.get("go_backwards").getAsBoolean());
            assertThat(got.cell().activation().kerasName()).as(where + " activation")
                    .isEqualTo(want.get("activation").getAsString());
            assertThat(got.cell().recurrentActivation().kerasName()).as(where + " recurrent_activation")
                    .isEqualTo(want.get("recurrent_activation").getAsString());
            if (!want.get("hard_sigmoid_formula").isJsonNull() && got.cell().recurrentActivation().kerasName()
                    .equals("hard_sigmoid")) {
                assertThat(got.cell().recurrentActivation().label()).as(where + " formula")
                        .contains(want.get("hard_sigmoid_formula").getAsString());
            }
            checkGateSums(where, got.weights(), want);
            checkRun(where, got, want);
        }
    }

    /** The fixtures whose reference has a whole-model output (weights-only files have none). */
    static Stream<String> fixturesWithModelOutput() throws IOException {
        List<String> names = new ArrayList<>();
        for (String name : fixtures().toList()) {
            JsonElement m = expected(name).get("model");
            if (m != null && m.isJsonObject() && m.getAsJsonObject().has("expected_output")) {
                names.add(name);
            }
        }
        assertThat(names).as("fixtures with a whole-model reference").isNotEmpty();
        return names.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixturesWithModelOutput")
    void should_compute_the_whole_model_output_of_the_reference(String name) throws IOException {
        JsonObject model = expected(name).get("model").getAsJsonObject();
        Model loaded = ModelLoader.load(modelFile(name));
        Tensor input = model.get("input_kind").getAsString().equals("token ids")
                ? Tensor.of(Fixture.matrix(model.getAsJsonArray("input")))
                : Tensor.of(Fixture.cube(model.getAsJsonArray("input")));
        Tensor out = loaded.predict(input);
        double[] want = Fixture.flatten(model.get("expected_output"));
        assertThat(out.values()).as(name + " model output").containsExactly(want, within(OUT_TOL));
    }

    private static void checkGateSums(String where, LstmWeights w, JsonObject want) {
        for (Gate g : Gate.values()) {
            close(where + " kernel sum " + g, sum(w.kernelBlock(g).data),
                    want.getAsJsonArray("kernel_sum_by_gate").get(g.index()).getAsDouble());
            close(where + " recurrent sum " + g, sum(w.recurrentBlock(g).data),
                    want.getAsJsonArray("recurrent_sum_by_gate").get(g.index()).getAsDouble());
            close(where + " bias sum " + g, sum(w.biasBlock(g)),
                    want.getAsJsonArray("bias_by_gate_sum").get(g.index()).getAsDouble());
        }
    }

    private static void checkRun(String where, LstmLayer layer, JsonObject want) {
        double[][][] x = new double[2][6][layer.inputDim()];
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 6; t++) {
                for (int j = 0; j < layer.inputDim(); j++) {
                    x[b][t][j] = 0.8 * Math.sin(0.37 * (t + 1) * (j + 1) + 0.5 * b + 0.1);
                }
            }
        }
        LayerOutput out = layer.withReturnSequences(true).run(SequenceBatch.of(x));
        assertThat(Fixture.flatten(out.toArray())).as(where + " output sequence")
                .containsExactly(Fixture.flatten(want.get("output_sequence")), within(OUT_TOL));
        double[] h = new double[2 * layer.units()];
        double[] c = new double[2 * layer.units()];
        for (int b = 0; b < 2; b++) {
            System.arraycopy(out.state().h(b), 0, h, b * layer.units(), layer.units());
            System.arraycopy(out.state().c(b), 0, c, b * layer.units(), layer.units());
        }
        assertThat(h).as(where + " h_last").containsExactly(Fixture.flatten(want.get("h_last")), within(OUT_TOL));
        assertThat(c).as(where + " c_last").containsExactly(Fixture.flatten(want.get("c_last")), within(OUT_TOL));
    }


    private static void close(String what, double got, double want) {
        double tol = Math.abs(want) < 1 ? SUM_TOL : SUM_TOL * Math.abs(want);
        assertThat(got).as(what).isCloseTo(want, within(tol));
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s;
    }

    private static Path modelFile(String name) throws IOException {
        try (Stream<Path> s = Files.list(Fixtures.keras())) {
            return s.filter(p -> p.getFileName().toString().startsWith(name + ".")
                    && !p.getFileName().toString().endsWith(".json")).findFirst().orElseThrow();
        }
    }

    private static JsonObject expected(String name) throws IOException {
        return JsonParser.parseString(Files.readString(Fixtures.keras().resolve(name + ".expected.json")))
                .getAsJsonObject();
    }
}
