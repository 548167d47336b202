package org.lstmlens.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
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
import org.lstmlens.testing.TestData;

/**
 * lstm.compare on the pairs of {@code dsl/src/test/data/compare} (README.md there): a Keras model against its exact
 * twin (the same model saved by Keras as .keras and as legacy .h5) and against twins broken on purpose. The truth is
 * outside this code: {@code make_compare_fixtures.py} built each twin with a known mistake, and its own float64 NumPy
 * forward pass (checked there against Keras's predict to 2e-5) gives every weight difference, every gate's
 * per-step difference and the first step and gate where the runs part.
 */
class CompareFixturesTest {
    static final String TOPIC = "compare";
    static final String SCRIPT = "make_compare_fixtures.py";
    /** Our double against NumPy's float64 on the same float32 weights: only the order of the sums differs. */
    private static final double SAME_ARITHMETIC = 1e-12;
    /** What an exact twin may differ by (the brief's bound; float32 noise would be 1e-7). */
    private static final double TWIN = 1e-6;

    static JsonObject expected() throws IOException {
        return JsonParser.parseString(Files.readString(TestData.file(TOPIC, SCRIPT, "compare.expected.json")))
                .getAsJsonObject();
    }

    static Stream<Arguments> pairs() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (JsonElement p : expected().getAsJsonArray("pairs")) {
            JsonObject o = p.getAsJsonObject();
            out.add(Arguments.of(o.get("a").getAsString(), o.get("b").getAsString(), o));
        }
        return out.stream();
    }

    /** Compares two files of the folder on the input the script used for them. */
    static Comparison compare(String a, String b) throws IOException {
        String base = a.substring(0, a.indexOf('.'));
        double[][][] x = array3(expected().getAsJsonObject("models").getAsJsonObject(base).getAsJsonArray("input"));
        return Comparison.of(a, ModelLoader.load(TestData.file(TOPIC, SCRIPT, a)), b,
                ModelLoader.load(TestData.file(TOPIC, SCRIPT, b))).on(x);
    }

    @ParameterizedTest(name = "{0} vs {1}")
    @MethodSource("pairs")
    void every_weight_and_step_difference_is_the_numpy_reference_s(String a, String b, JsonObject want)
            throws IOException {
        Comparison c = compare(a, b);
        JsonArray layers = want.getAsJsonArray("layers");
        assertThat(c.layers()).hasSize(layers.size());
        for (int k = 0; k < layers.size(); k++) {
            JsonObject wl = layers.get(k).getAsJsonObject();
            LayerComparison l = c.layer(k);
            assertThat(l.name()).isEqualTo(wl.get("layer").getAsString());
            for (JsonElement de : wl.getAsJsonArray("directions")) {
                JsonObject wd = de.getAsJsonObject();
                DirectionComparison d = l.direction(wd.get("direction").getAsString());
                String at = a + " vs " + b + ", " + l.name() + " " + d.label();
                for (Map.Entry<String, JsonElement> g : wd.getAsJsonObject("weights").entrySet()) {
                    for (Map.Entry<String, JsonElement> arr : g.getValue().getAsJsonObject().entrySet()) {
                        assertThat(d.weights(g.getKey()).largest(arr.getKey())).as(at + " " + arr.getKey() + "_"
                                + g.getKey()).isCloseTo(arr.getValue().getAsDouble(), within(SAME_ARITHMETIC));
                    }
                    assertThat(d.weights(g.getKey()).arrays()).as(at + " arrays of gate " + g.getKey())
                            .containsExactlyElementsOf(g.getValue().getAsJsonObject().keySet());
                }
                JsonObject runs = wd.getAsJsonObject("runs");
                for (Map.Entry<String, JsonElement> g : runs.getAsJsonObject("gates").entrySet()) {
                    assertThat(d.gateSteps(g.getKey())).as(at + " gate " + g.getKey() + " per step")
                            .containsExactly(vector(g.getValue().getAsJsonArray()), within(SAME_ARITHMETIC));
                }
                assertThat(d.outputSteps()).as(at + " h per step")
                        .containsExactly(vector(runs.getAsJsonArray("h")), within(SAME_ARITHMETIC));
                if (runs.has("c")) {
                    assertThat(d.cellSteps()).as(at + " c per step")
                            .containsExactly(vector(runs.getAsJsonArray("c")), within(SAME_ARITHMETIC));
                }
            }
        }
        assertThat(c.largestRunDifference()).as("largest run difference")
                .isCloseTo(want.get("largest_run_difference").getAsDouble(), within(SAME_ARITHMETIC));
        if (want.get("first").isJsonNull()) {
            assertThat(c.firstDivergence()).as("no divergence").isEmpty();
        } else {
            JsonObject f = want.getAsJsonObject("first");
            Divergence d = c.firstDivergence().orElseThrow();
            assertThat(List.of(d.layer(), d.direction(), d.step(), d.gate())).as("first divergence").containsExactly(
                    f.get("layer").getAsString(), f.get("direction").getAsString(), f.get("step").getAsInt(),
                    f.get("gate").getAsString());
        }
    }

    @ParameterizedTest(name = "{0} vs {1}")
    @MethodSource("pairs")
    void exact_twins_are_the_same_network_and_broken_ones_are_caught_with_their_cause(String a, String b,
            JsonObject want) throws IOException {
        Comparison c = compare(a, b);
        if (want.get("same").getAsBoolean()) {
            assertThat(c.same()).as(c.verdict()).isTrue();
            assertThat(c.largestDifference()).as("computed largest difference").isLessThan(TWIN);
            assertThat(c.verdict()).startsWith("same network (largest difference ");
            assertThat(c.causes()).isEmpty();
            return;
        }
        JsonObject cause = want.getAsJsonObject("cause");
        assertThat(c.same()).as(c.verdict()).isFalse();
        Cause likely = c.likelyCause().orElseThrow(() -> new AssertionError("no cause: " + c.verdict()));
        assertThat(likely.kind()).as(c.verdict()).hasToString(cause.get("kind").getAsString());
        assertThat(likely.layer()).isEqualTo(cause.get("layer").getAsString());
        if (cause.has("swapped")) {
            JsonArray s = cause.getAsJsonArray("swapped");
            assertThat(likely.text()).startsWith("gates " + s.get(0).getAsString() + " and " + s.get(1).getAsString()
                    + " swapped");
        }
        Divergence d = c.firstDivergence().orElseThrow();
        assertThat(c.verdict()).isEqualTo("differ: first at " + d.where() + "; likely cause: " + likely.text());
    }

    static double[] vector(JsonArray a) {
        double[] v = new double[a.size()];
        for (int k = 0; k < v.length; k++) {
            v[k] = a.get(k).getAsDouble();
        }
        return v;
    }

    static double[][][] array3(JsonArray a) {
        double[][][] x = new double[a.size()][][];
        for (int s = 0; s < x.length; s++) {
            JsonArray steps = a.get(s).getAsJsonArray();
            x[s] = new double[steps.size()][];
            for (int t = 0; t < x[s].length; t++) {
                x[s][t] = vector(steps.get(t).getAsJsonArray());
            }
        }
        return x;
    }
}
