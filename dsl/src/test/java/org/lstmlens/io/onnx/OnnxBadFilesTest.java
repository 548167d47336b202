package org.lstmlens.io.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lstmlens.error.ModelFileException;
import org.lstmlens.io.ModelLoader;
import org.lstmlens.io.onnx.proto.Onnx.ModelProto;
import org.lstmlens.io.onnx.proto.Onnx.StringStringEntryProto;
import org.lstmlens.io.onnx.proto.Onnx.TensorProto;
import org.lstmlens.model.Model;
import org.lstmlens.model.Tensor;
import org.lstmlens.testing.OnnxFixtures;

/** Damaged and unusual ONNX files: each refused with the file and what is wrong, or opened as far as it can be. */
class OnnxBadFilesTest {
    @TempDir
    Path dir;

    @Test
    void a_truncated_protobuf_is_refused_naming_the_file() throws IOException {
        byte[] good = Files.readAllBytes(OnnxFixtures.file("lstm_forward.onnx"));
        Path cut = dir.resolve("cut.onnx");
        Files.write(cut, Arrays.copyOf(good, good.length / 2));
        assertThatThrownBy(() -> ModelLoader.load(cut)).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(cut + ": is not a valid ONNX model: its protobuf cannot be parsed (truncated or "
                        + "damaged?)");
    }

    @Test
    void corrupted_bytes_are_refused_naming_the_file() throws IOException {
        byte[] bad = Files.readAllBytes(OnnxFixtures.file("lstm_forward.onnx"));
        Arrays.fill(bad, 20, 60, (byte) 0xFF);
        Path f = dir.resolve("corrupt.onnx");
        Files.write(f, bad);
        assertThatThrownBy(() -> ModelLoader.load(f)).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(f + ": is not a");
    }

    @Test
    void a_text_file_named_onnx_is_refused() throws IOException {
        Path f = dir.resolve("notes.onnx");
        Files.writeString(f, "these are not the weights you are looking for");
        assertThatThrownBy(() -> ModelLoader.load(f)).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(f + ": is not a");
    }

    @Test
    void a_graph_without_a_recurrent_node_lists_what_it_holds() {
        Path f = OnnxFixtures.file("no_recurrent.onnx");
        assertThatThrownBy(() -> ModelLoader.load(f)).isInstanceOf(ModelFileException.class)
                .hasMessage(f + ": holds no LSTM, GRU or RNN node, so nothing LSTM Lens explains; its 2 nodes: MatMul, "
                        + "Relu");
    }

    /**
     * erf(x) -> LSTM -> Squeeze -> erf -> Relu: the Erf nodes are not run, and neither is the Relu reading one; the
     * LSTM takes its input as an input of the model and computes what onnxruntime computes for it alone.
     */
    @Test
    void nodes_that_do_not_run_are_listed_and_the_recurrent_layers_still_open() throws IOException {
        Model m = ModelLoader.load(OnnxFixtures.file("unsupported_op.onnx"));
        assertThat(m.info().assumptions()).contains("nodes not run (LSTM Lens does not run their operator, or they "
                + "read the output of one that is not run): Erf \"erf_in\", Erf \"erf_out\", Relu \"relu_after_erf\" "
                + "(reads Erf \"erf_out\")");
        assertThat(m.info().assumptions()).contains("LSTM \"lstm\" reads \"x_erf\" from Erf \"erf_in\", which is not "
                + "run: it is an input of this model instead");
        assertThat(m.inputNames()).containsExactly("x_erf");
        assertThat(m.recurrentDirections()).hasSize(1);
        List<Tensor> got = m.predict(new ArrayList<>(OnnxFixtures.inputs("unsupported_op_lstm_alone").values()));
        List<Tensor> expected = new ArrayList<>(OnnxFixtures.outputs("unsupported_op_lstm_alone").values());
        assertThat(got).hasSize(2);
        for (int k = 0; k < 2; k++) {
            assertThat(got.get(k).values()).containsExactly(expected.get(k).values(), within(1e-6));
        }
    }

    @Test
    void a_missing_external_data_file_is_named() throws IOException {
        Path f = dir.resolve("lstm_external.onnx");
        Files.copy(OnnxFixtures.file("lstm_external.onnx"), f);
        assertThatThrownBy(() -> ModelLoader.load(f)).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith(f + ": tensor \"W\" is stored in the external file lstm_external.weights, which "
                        + "does not exist (looked for " + dir.resolve("lstm_external.weights") + ")");
    }

    @Test
    void external_data_outside_the_models_folder_is_refused() throws IOException {
        Path inner = Files.createDirectories(dir.resolve("model"));
        Files.copy(OnnxFixtures.file("lstm_external.weights"), dir.resolve("lstm_external.weights"));
        for (String location : List.of("../lstm_external.weights", dir.resolve("lstm_external.weights").toString())) {
            Path f = inner.resolve("escaping.onnx");
            Files.write(f, withLocation(location).toByteArray());
            assertThatThrownBy(() -> ModelLoader.load(f)).isInstanceOf(ModelFileException.class)
                    .hasMessageStartingWith(f + ": tensor \"W\" names the external file \"" + location + "\", outside "
                            + "the model's folder");
        }
    }

    @Test
    void a_short_external_data_file_is_named() throws IOException {
        Path f = dir.resolve("lstm_external.onnx");
        Files.copy(OnnxFixtures.file("lstm_external.onnx"), f);
        byte[] data = Files.readAllBytes(OnnxFixtures.file("lstm_external.weights"));
        Files.write(dir.resolve("lstm_external.weights"), Arrays.copyOf(data, 100));
        assertThatThrownBy(() -> ModelLoader.load(f)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining(f + ": tensor \"").hasMessageContaining("of lstm_external.weights, which has 100 "
                        + "bytes (truncated?)");
    }

    /** The external fixture with every tensor's location replaced. */
    private static ModelProto withLocation(String location) throws IOException {
        ModelProto m = ModelProto.parseFrom(Files.readAllBytes(OnnxFixtures.file("lstm_external.onnx")));
        ModelProto.Builder b = m.toBuilder();
        var g = b.getGraph().toBuilder();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            TensorProto.Builder t = g.getInitializer(i).toBuilder();
            for (int k = 0; k < t.getExternalDataCount(); k++) {
                if (t.getExternalData(k).getKey().equals("location")) {
                    t.setExternalData(k, StringStringEntryProto.newBuilder().setKey("location").setValue(location));
                }
            }
            g.setInitializer(i, t);
        }
        return b.setGraph(g).build();
    }
}
