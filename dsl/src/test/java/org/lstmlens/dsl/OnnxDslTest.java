package org.lstmlens.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lstmlens.error.NameException;
import org.lstmlens.model.Tensor;
import org.lstmlens.testing.OnnxFixtures;

/**
 * ONNX models through the DSL: {@code lstm.load("m.onnx")} opens them like a Keras file; the recurrent nodes are
 * layer views whose runs give onnxruntime's numbers, and which say how the file orders the gates.
 */
class OnnxDslTest {
    private final Lstm lstm = new Lstm();

    @Test
    void load_opens_an_onnx_export_and_predicts_what_onnxruntime_computed() throws IOException {
        ModelView m = lstm.load(OnnxFixtures.file("torch_lstm_head_dynamo.onnx").toString());
        assertThat(m.rnnCount()).isEqualTo(2);
        assertThat(m.toString()).startsWith("Model \"main_graph\" (ONNX): ").contains("2 LSTM directions");
        assertThat(m.summary()).contains("(LSTM)").contains("(Gemm)").contains("From " + OnnxFixtures.file(
                "torch_lstm_head_dynamo.onnx") + ": ONNX (IR version 10, opset 20, written by pytorch 2.13.0");
        double[][][] x = OnnxFixtures.inputs("torch_lstm_head_dynamo").get("x").toArray3();
        Tensor expected = OnnxFixtures.outputs("torch_lstm_head_dynamo").get("linear");
        assertThat(m.predict(x).toString()).isNotEmpty();
        assertThat(m.model().predict(Tensor.of(x)).values()).containsExactly(expected.values(), within(1e-6));
    }

    /** A direction's own run, through the layer view, equals the node's Y at every step (ONNX's Y[t, 0, b, :]). */
    @Test
    void a_directions_run_is_the_nodes_output() throws IOException {
        ModelView m = lstm.load(OnnxFixtures.file("lstm_forward.onnx").toString());
        LayerView layer = m.layer("lstm_forward_node");
        Tensor x = OnnxFixtures.inputs("lstm_forward").get("X"); // [seq, batch, features]
        Tensor y = OnnxFixtures.outputs("lstm_forward").get("Y"); // [seq, 1, batch, hidden]
        int steps = x.dim(0);
        for (int b = 0; b < x.dim(1); b++) {
            double[][] seq = new double[steps][x.dim(2)];
            for (int t = 0; t < steps; t++) {
                for (int f = 0; f < x.dim(2); f++) {
                    seq[t][f] = x.get(t, b, f);
                }
            }
            double[][] out = layer.run(seq).outputs();
            for (int t = 0; t < steps; t++) {
                for (int j = 0; j < out[t].length; j++) {
                    assertThat(out[t][j]).isCloseTo(y.get(t, 0, b, j), within(1e-6));
                }
            }
        }
    }

    @Test
    void the_layer_view_says_how_the_file_orders_the_gates() {
        ModelView m = lstm.load(OnnxFixtures.file("lstm_forward.onnx").toString());
        String text = m.rnn(0).toMimeBundle().plain();
        assertThat(text).contains("gates in the file: ONNX stores i, o, f, c; shown here in Keras's order i, f, c, o")
                .contains("read from the file: kernel = W[0]^T (4u x in -> in x 4u, gate blocks i, o, f, c -> i, f, c, "
                        + "o); recurrent kernel = R[0]^T").contains("bias = Wb, recurrent bias = Rb");
        assertThat(m.rnn(0).provenance().arrays()).containsExactly("W", "R", "B");
        ModelView gru = lstm.load(OnnxFixtures.file("gru_lbr0.onnx").toString());
        assertThat(gru.rnn(1).toMimeBundle().plain()).contains("gates in the file: ONNX stores z, r, h; shown here in "
                + "Keras's order z, r, h").contains("bias = Wb + Rb").contains("direction reverse");
    }

    @Test
    void a_bidirectional_node_names_its_two_directions() {
        ModelView m = lstm.load(OnnxFixtures.file("lstm_bidirectional.onnx").toString());
        assertThat(m.rnn(1).name()).isEqualTo("lstm_bidirectional_node.reverse");
        assertThat(m.rnn(1).goBackwards()).isTrue();
        assertThatThrownBy(() -> m.layer("lstm_bidirectional_node")).isInstanceOf(NameException.class)
                .hasMessage("layer \"lstm_bidirectional_node\" (LSTM) runs 2 directions: rnn(0) is "
                        + "\"lstm_bidirectional_node.forward\", rnn(1) is \"lstm_bidirectional_node.reverse\"");
        List<String> names = new ArrayList<>(m.layerNames());
        assertThat(names).containsExactly("lstm_bidirectional_node");
    }
}
