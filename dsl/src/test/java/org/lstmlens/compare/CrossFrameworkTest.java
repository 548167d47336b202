package org.lstmlens.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One network in Keras, PyTorch and ONNX files, read by the three readers and compared: make_compare_fixtures.py
 * wrote NAME.pt (torch.save of the state_dict) and NAME.onnx (onnx.helper) from NAME.keras's weights by a mapping of
 * its own in NumPy, and checked them there against Keras's predict with torch's forward and onnxruntime (at most
 * 1.8e-7 apart). Every pair must be the same network; every broken Keras twin must be caught against the PyTorch and
 * the ONNX file as against the Keras one, with the same first divergence, and per gate and step the differences the
 * float64 NumPy reference found against the Keras file (the twins' weights differ from the Keras file's by the
 * float32 rounding of the split bias only).
 */
class CrossFrameworkTest {
    /** The PyTorch and ONNX twins' biases are a float32 split of Keras's: their sum is b within one float32 step. */
    private static final double SPLIT = 1e-6;

    static Stream<Arguments> twins() {
        List<Arguments> out = new ArrayList<>();
        for (String name : List.of("lstm", "gru", "bilstm")) {
            out.add(Arguments.of(name + ".keras", name + ".pt"));
            out.add(Arguments.of(name + ".keras", name + ".onnx"));
            out.add(Arguments.of(name + ".pt", name + ".onnx"));
        }
        return out.stream();
    }

    static Stream<Arguments> broken() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (JsonElement p : CompareFixturesTest.expected().getAsJsonArray("pairs")) {
            JsonObject o = p.getAsJsonObject();
            if (!o.get("same").getAsBoolean()) {
                String base = o.get("a").getAsString().replace(".keras", "");
                for (String ext : List.of(".pt", ".onnx")) {
                    out.add(Arguments.of(base + ext, o.get("b").getAsString(), o));
                }
            }
        }
        return out.stream();
    }

    private static Comparison compare(String a, String b) throws IOException {
        return CompareFixturesTest.compare(a, b);
    }

    @ParameterizedTest(name = "{0} vs {1}")
    @MethodSource("twins")
    void the_three_files_of_one_network_are_the_same_network(String a, String b) throws IOException {
        Comparison c = compare(a, b);
        assertThat(c.same()).as(c.verdict()).isTrue();
        assertThat(c.largestDifference()).as(c.verdict()).isLessThan(SPLIT);
    }

    @ParameterizedTest(name = "{0} vs {1}")
    @MethodSource("broken")
    void a_broken_twin_is_caught_against_another_framework_s_file(String a, String b, JsonObject want)
            throws IOException {
        Comparison c = compare(a, b);
        JsonObject cause = want.getAsJsonObject("cause");
        String kind = cause.get("kind").getAsString();
        if (cause.has("against_torch")) {
            kind = "BIAS_MISSING"; // the .pt and .onnx keep both biases apart: the dropped one is named
            assertThat(c.likelyCause().orElseThrow().text()).as(c.verdict()).contains("recurrent bias b' (PyTorch's"
                    + " bias_hh, ONNX's Rb) was dropped");
        }
        assertThat(c.likelyCause().orElseThrow(() -> new AssertionError(c.verdict())).kind()).as(c.verdict())
                .hasToString(kind);
        JsonObject f = want.getAsJsonObject("first");
        Divergence d = c.firstDivergence().orElseThrow();
        assertThat(List.of(d.step(), d.gate())).as(c.verdict()).containsExactly(f.get("step").getAsInt(),
                f.get("gate").getAsString());
        assertThat(c.layers().indexOf(c.layer(d.layer()))).as("the same layer as against the Keras file")
                .isEqualTo(indexOf(want, f.get("layer").getAsString()));
        for (int k = 0; k < c.layers().size(); k++) {
            JsonObject wl = want.getAsJsonArray("layers").get(k).getAsJsonObject();
            for (JsonElement de : wl.getAsJsonArray("directions")) {
                JsonObject wd = de.getAsJsonObject();
                DirectionComparison dc = c.layer(k).direction(wd.get("direction").getAsString());
                for (Map.Entry<String, JsonElement> g : wd.getAsJsonObject("runs").getAsJsonObject("gates")
                        .entrySet()) {
                    assertThat(dc.gateSteps(g.getKey())).as(a + " vs " + b + " gate " + g.getKey())
                            .containsExactly(CompareFixturesTest.vector(g.getValue().getAsJsonArray()), within(SPLIT));
                }
            }
        }
    }

    private static int indexOf(JsonObject want, String layer) {
        for (int k = 0; k < want.getAsJsonArray("layers").size(); k++) {
            if (want.getAsJsonArray("layers").get(k).getAsJsonObject().get("layer").getAsString().equals(layer)) {
                return k;
            }
        }
        throw new AssertionError("no layer " + layer);
    }
}
