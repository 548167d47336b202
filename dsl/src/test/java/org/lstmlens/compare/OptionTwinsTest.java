package org.lstmlens.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lstmlens.io.ModelLoader;
import org.lstmlens.model.Model;
import org.lstmlens.model.Tensor;
import org.lstmlens.testing.OnnxFixtures;
import org.lstmlens.testing.TestData;

/**
 * ONNX files that share W, R and B and differ in one option of the operator only (make_option_twins.py wrote them
 * with onnx.helper, and onnxruntime's outputs for each): peepholes, clip, input_forget, the LSTM's output activation,
 * an activation's alpha or beta. Each file must run as onnxruntime runs it; each pair that differs must be reported
 * as different with that option as the likely cause, also where onnxruntime's outputs on the input are equal (a clip
 * of 1000 that no value reaches); a pair written two ways with the same options must be the same network.
 */
class OptionTwinsTest {
    private static final String SCRIPT = "make_option_twins.py";
    private static final Map<String, Cause.Kind> KINDS = Map.of("peepholes", Cause.Kind.PEEPHOLES, "clip",
            Cause.Kind.CLIP, "input_forget", Cause.Kind.INPUT_FORGET, "activation", Cause.Kind.ACTIVATION);

    private static JsonObject doc() throws IOException {
        return JsonParser.parseString(Files.readString(TestData.file(CompareFixturesTest.TOPIC, SCRIPT,
                "opt_pairs.json"))).getAsJsonObject();
    }

    static Stream<Arguments> pairs() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (JsonElement p : doc().getAsJsonArray("pairs")) {
            JsonObject o = p.getAsJsonObject();
            out.add(Arguments.of(o.get("a").getAsString(), o.get("b").getAsString(), o.get("differs_in").getAsString(),
                    o.get("largest_y_difference").getAsDouble()));
        }
        return out.stream();
    }

    static Stream<String> files() throws IOException {
        return doc().getAsJsonObject("outputs").keySet().stream();
    }

    private static Model load(String file) {
        return ModelLoader.load(TestData.file(CompareFixturesTest.TOPIC, SCRIPT, file));
    }

    /** X as the script fed it, [seq, batch, features]. */
    private static Tensor input() throws IOException {
        JsonObject x = doc().getAsJsonObject("input");
        return OnnxFixtures.tensor(x);
    }

    /** X batch-major, [batch][seq][features], as compare takes it. */
    private static double[][][] batchMajor(Tensor x) {
        double[][][] a = x.toArray3();
        double[][][] r = new double[a[0].length][a.length][];
        for (int t = 0; t < a.length; t++) {
            for (int b = 0; b < a[0].length; b++) {
                r[b][t] = a[t][b];
            }
        }
        return r;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void every_twin_runs_as_onnxruntime_runs_it(String name) throws IOException {
        Model m = load("opt_" + name + ".onnx");
        List<Tensor> got = m.predict(List.of(input()));
        Tensor want = OnnxFixtures.tensor(doc().getAsJsonObject("outputs").getAsJsonObject(name));
        assertThat(got.get(0).shape()).containsExactly(want.shape());
        assertThat(got.get(0).values()).as(name + " Y").containsExactly(want.values(), within(1e-6));
    }

    @ParameterizedTest(name = "{0} vs {1}: {2}")
    @MethodSource("pairs")
    void a_network_that_differs_in_one_option_is_reported_with_that_option_as_the_cause(String a, String b,
            String differsIn, double onnxruntimeDifference) throws IOException {
        Comparison c = Comparison.of(a, load(a), b, load(b)).on(batchMajor(input()));
        if (differsIn.isEmpty()) {
            assertThat(c.same()).as(c.verdict()).isTrue();
            assertThat(c.causes()).isEmpty();
            return;
        }
        assertThat(c.same()).as(c.verdict()).isFalse();
        assertThat(c.settingsAgree()).isFalse();
        assertThat(c.likelyCause()).as(c.verdict()).hasValueSatisfying(k -> assertThat(k.kind())
                .isEqualTo(KINDS.get(differsIn)));
        assertThat(c.runsAgree()).as("onnxruntime's outputs differ by " + onnxruntimeDifference)
                .isEqualTo(onnxruntimeDifference == 0);
        if (onnxruntimeDifference == 0) {
            assertThat(c.verdict()).startsWith("differ in settings, though not on this input");
        }
    }
}
