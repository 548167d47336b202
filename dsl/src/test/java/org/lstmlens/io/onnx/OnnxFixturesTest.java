package org.lstmlens.io.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lstmlens.io.ModelLoader;
import org.lstmlens.model.Model;
import org.lstmlens.model.Tensor;
import org.lstmlens.testing.OnnxFixtures;

/**
 * Every runnable fixture of {@code dsl/src/test/data/onnx} (make_onnx_fixtures.py there): opened through
 * {@code ModelLoader} as {@code lstm.load} opens it, run on the inputs onnxruntime was fed, every output compared with
 * onnxruntime's. onnxruntime computes in float32, we in double from the same float32 weights.
 */
class OnnxFixturesTest {
    private static final double TOL = 1e-6;

    /**
     * Our float32 loop against onnxruntime's float32 kernels: the same rounding, other summation orders (worst seen
     * 2.5e-7 over the 21 one-node fixtures; the double path's worst 1.7e-7 over all 28).
     */
    private static final double FLOAT_TOL = 1e-6;

    /** Every fixture of one recurrent node, run by the core's float32 loop. */
    @ParameterizedTest
    @MethodSource("oneNode")
    void the_float32_path_equals_onnxruntimes_too(String name) throws IOException {
        Model m = ModelLoader.load(OnnxFixtures.file(name + ".onnx"));
        assertThat(m.calls()).hasSize(1);
        RecurrentNode node = (RecurrentNode) m.calls().get(0).layer();
        List<Tensor> got = node.forwardFloat(new ArrayList<>(OnnxFixtures.inputs(name).values()));
        List<Tensor> expected = new ArrayList<>(OnnxFixtures.outputs(name).values());
        for (int k = 0; k < expected.size(); k++) {
            assertThat(got.get(k).values()).as(name + " output " + k + " in float32")
                    .containsExactly(expected.get(k).values(), org.assertj.core.api.Assertions.within(FLOAT_TOL));
        }
    }

    static Stream<String> runnable() throws IOException {
        return OnnxFixtures.names().stream().filter(n -> !n.equals("no_recurrent") && !n.startsWith("unsupported"));
    }

    /** The fixtures of one recurrent node (built with onnx.helper). */
    static Stream<String> oneNode() throws IOException {
        return runnable().filter(n -> n.startsWith("lstm_") || n.startsWith("gru_") || n.startsWith("rnn_"));
    }

    @ParameterizedTest
    @MethodSource("runnable")
    void every_output_equals_onnxruntimes(String name) throws IOException {
        Model m = ModelLoader.load(OnnxFixtures.file(name + ".onnx"));
        Map<String, Tensor> in = OnnxFixtures.inputs(name);
        assertThat(m.inputNames()).containsExactlyElementsOf(in.keySet());
        List<Tensor> got = m.predict(new ArrayList<>(in.values()));
        List<Tensor> expected = new ArrayList<>(OnnxFixtures.outputs(name).values());
        assertThat(got).hasSameSizeAs(expected);
        for (int k = 0; k < got.size(); k++) {
            assertThat(got.get(k).shape()).as(name + " output " + k + " shape").containsExactly(expected.get(k).shape());
            assertThat(got.get(k).values()).as(name + " output " + k)
                    .containsExactly(expected.get(k).values(), org.assertj.core.api.Assertions.within(TOL));
        }
    }
}
