package org.lstmlens.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lstmlens.io.ModelLoader;
import org.lstmlens.model.Model;
import org.lstmlens.model.Tensor;
import org.lstmlens.testing.OnnxFixtures;

/**
 * The summary's "Output Shape" of an ONNX recurrent node: the shapes onnxruntime's outputs had (make_onnx_fixtures.py
 * wrote them beside each model), in ONNX's order; a dimension the file does not fix is None, not a "?" for the row.
 */
class OnnxSummaryShapesTest {
    static Stream<String> oneNode() throws IOException {
        return OnnxFixtures.names().stream().filter(n -> n.startsWith("lstm_") || n.startsWith("gru_")
                || n.startsWith("rnn_"));
    }

    private static String row(Model m, String layer) {
        for (String[] r : new SummaryTable(m).rows()) {
            if (r[0].startsWith(layer + " (")) {
                return r[1];
            }
        }
        throw new AssertionError("no summary row for " + layer);
    }

    @ParameterizedTest
    @MethodSource("oneNode")
    void a_recurrent_nodes_row_shows_the_shapes_onnxruntime_computed(String name) throws IOException {
        Model m = ModelLoader.load(OnnxFixtures.file(name + ".onnx"));
        List<String> shapes = new ArrayList<>();
        for (Tensor t : OnnxFixtures.outputs(name).values()) {
            shapes.add(Arrays.stream(t.shape()).mapToObj(Integer::toString).collect(Collectors.joining(", ", "(",
                    ")")));
        }
        String expected = shapes.size() == 1 ? shapes.get(0) : "[" + String.join(", ", shapes) + "]";
        assertThat(row(m, m.layers().get(0).name())).isEqualTo(expected);
    }

    /** graph_opset9's LSTM reads a Transpose's output, whose shape the file does not declare: seq and batch unknown. */
    @Test
    void dimensions_the_file_does_not_give_are_none() {
        Model m = ModelLoader.load(OnnxFixtures.file("graph_opset9.onnx"));
        assertThat(row(m, "lstm")).isEqualTo("(None, 1, None, 4)");
        assertThat(row(m, "sigmoid")).isEqualTo("(3, 1)");
    }
}
