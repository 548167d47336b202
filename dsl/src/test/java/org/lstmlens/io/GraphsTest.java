package org.lstmlens.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lstmlens.core.GruCell;
import org.lstmlens.error.LstmException;
import org.lstmlens.model.Model;
import org.lstmlens.model.RecurrentLayer;
import org.lstmlens.model.Tensor;

/**
 * Model graphs from hand-written Keras 2 configs and jhdf-written weights: a functional model with two inputs and a
 * merge, and models holding layers LSTM Lens does not compute. Expected outputs are worked out in the test from the
 * LSTM equations with the weights chosen here.
 */
class GraphsTest {
    private static final double TOL = 1e-6; // weights are stored as float32

    @TempDir
    Path dir;

    private static final String TWO_INPUTS = "{\"class_name\": \"Model\", \"config\": {\"name\": \"two\", \"layers\": ["
            + "{\"name\": \"input_a\", \"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 3, 2],"
            + " \"name\": \"input_a\"}, \"inbound_nodes\": []},"
            + "{\"name\": \"input_b\", \"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 3, 2],"
            + " \"name\": \"input_b\"}, \"inbound_nodes\": []},"
            + "{\"name\": \"lstm_a\", \"class_name\": \"LSTM\", \"config\": {\"name\": \"lstm_a\", \"units\": 1,"
            + " \"activation\": \"tanh\", \"recurrent_activation\": \"sigmoid\"}, \"inbound_nodes\": [[[\"input_a\", 0, 0, {}]]]},"
            + "{\"name\": \"lstm_b\", \"class_name\": \"LSTM\", \"config\": {\"name\": \"lstm_b\", \"units\": 1,"
            + " \"activation\": \"tanh\", \"recurrent_activation\": \"sigmoid\"}, \"inbound_nodes\": [[[\"input_b\", 0, 0, {}]]]},"
            + "{\"name\": \"add_1\", \"class_name\": \"Add\", \"config\": {\"name\": \"add_1\"},"
            + " \"inbound_nodes\": [[[\"lstm_a\", 0, 0, {}], [\"lstm_b\", 0, 0, {}]]]},"
            + "{\"name\": \"dense_1\", \"class_name\": \"Dense\", \"config\": {\"name\": \"dense_1\", \"units\": 1,"
            + " \"activation\": \"linear\", \"use_bias\": true}, \"inbound_nodes\": [[[\"add_1\", 0, 0, {}]]]}],"
            + " \"input_layers\": [[\"input_a\", 0, 0], [\"input_b\", 0, 0]], \"output_layers\": [[\"dense_1\", 0, 0]]}}";

    @Test
    void should_run_a_functional_model_with_two_inputs_and_a_merge() throws IOException {
        // lstm_a: only the candidate reads its input (kernel 1 on both features), lstm_b: candidate bias 2 only;
        // every other weight 0, so i = f = o = sigmoid(0) = 1/2 at each step
        Path weights = H5Writer.write(dir.resolve("two.h5"), h -> {
            h.putAttribute("keras_version", "2.2.4");
            h.putAttribute("layer_names", new String[] {"input_a", "input_b", "lstm_a", "lstm_b", "add_1", "dense_1"});
            lstm(h, "lstm_a", new float[][] {{0, 0, 1, 0}, {0, 0, 1, 0}}, new float[] {0, 0, 0, 0});
            lstm(h, "lstm_b", new float[2][4], new float[] {0, 0, 2, 0});
            WritableGroup d = h.putGroup("dense_1");
            d.putAttribute("weight_names", new String[] {"dense_1/kernel:0", "dense_1/bias:0"});
            WritableGroup di = d.putGroup("dense_1");
            di.putDataset("kernel:0", new float[][] {{2}});
            di.putDataset("bias:0", new float[] {1});
        });
        Path config = Files.writeString(dir.resolve("two.json"), TWO_INPUTS);
        Model m = ModelLoader.load(weights, config);
        double[][] xa = {{0.1, 0.2}, {-0.3, 0.5}, {0.4, 0.4}};
        double[][] xb = {{9, 9}, {9, 9}, {9, 9}};
        Tensor out = m.predict(List.of(Tensor.of(new double[][][] {xa}), Tensor.of(new double[][][] {xb}))).get(0);
        double ca = 0;
        double cb = 0;
        for (double[] x : xa) {
            ca = 0.5 * ca + 0.5 * Math.tanh(x[0] + x[1]);
            cb = 0.5 * cb + 0.5 * Math.tanh(2);
        }
        double want = 2 * (0.5 * Math.tanh(ca) + 0.5 * Math.tanh(cb)) + 1;
        assertThat(out.values()).containsExactly(new double[] {want}, within(TOL));
        assertThat(m.inputNames()).containsExactly("input_a", "input_b");
    }

    @Test
    void should_build_a_keras2_gru_with_its_era_defaults_and_name_an_unknown_layer_when_run() {
        String config = "{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": \"GRU\", \"config\": {\"name\":"
                + " \"gru_1\", \"units\": 1, \"batch_input_shape\": [null, 3, 2]}}, {\"class_name\": \"Conv1D\", "
                + "\"config\": {\"name\": \"conv1d_1\"}}]}";
        Path f = H5Writer.write(dir.resolve("gru.h5"), h -> {
            h.putAttribute("keras_version", "2.2.4");
            h.putAttribute("model_config", config);
            WritableGroup mw = h.putGroup("model_weights");
            mw.putAttribute("layer_names", new String[] {"gru_1", "conv1d_1"});
            WritableGroup g = mw.putGroup("gru_1");
            g.putAttribute("weight_names", new String[] {"k", "r", "b"});
            g.putDataset("k", new float[2][3]);
            g.putDataset("r", new float[1][3]);
            g.putDataset("b", new float[3]);
        });
        Model m = ModelLoader.load(f);
        assertThat(m.layer("gru_1").type()).isEqualTo("GRU");
        assertThat(m.layer("gru_1").params()).isEqualTo(6 + 3 + 3);
        // Keras 2.2.4: a (3u,) bias is reset_after=False; the config names no recurrent activation, so the era's
        // default hard_sigmoid, 0.2x+0.5 before Keras 3 (../shared/notes/KERAS_FORMATS.md Part 2 §2)
        GruCell cell = (GruCell) ((RecurrentLayer) m.layer("gru_1")).cell();
        assertThat(cell.resetAfter()).isFalse();
        assertThat(cell.recurrentActivation().label()).isEqualTo("hard_sigmoid(0.2x+0.5)");
        assertThat(m.info().assumptions()).anyMatch(a -> a.contains("gru_1") && a.contains("hard_sigmoid"));
        assertThat(m.layer("conv1d_1").type()).isEqualTo("Conv1D");
        assertThatThrownBy(() -> m.predict(Tensor.of(new double[][][] {{{1, 2}, {3, 4}, {5, 6}}})))
                .isInstanceOf(LstmException.class)
                .hasMessage("layer \"conv1d_1\" (Conv1D) cannot be run: LSTM Lens does not compute layers of type "
                        + "Conv1D");
    }

    @Test
    void should_run_a_keras1_functional_model_with_a_merge_layer() {
        // Keras 1: 3-element inbound nodes, Merge(mode="concat"), Dense with output_dim and W/b arrays
        String config = "{\"class_name\": \"Model\", \"config\": {\"name\": \"k1\", \"layers\": ["
                + "{\"name\": \"a\", \"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 2],"
                + " \"name\": \"a\"}, \"inbound_nodes\": []},"
                + "{\"name\": \"b\", \"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 1],"
                + " \"name\": \"b\"}, \"inbound_nodes\": []},"
                + "{\"name\": \"merge_1\", \"class_name\": \"Merge\", \"config\": {\"name\": \"merge_1\", \"mode\":"
                + " \"concat\", \"concat_axis\": -1}, \"inbound_nodes\": [[[\"a\", 0, 0], [\"b\", 0, 0]]]},"
                + "{\"name\": \"dense_1\", \"class_name\": \"Dense\", \"config\": {\"name\": \"dense_1\", "
                + "\"output_dim\": 1, \"activation\": \"hard_sigmoid\", \"bias\": true}, \"inbound_nodes\": "
                + "[[[\"merge_1\", 0, 0]]]}], \"input_layers\": [[\"a\", 0, 0], [\"b\", 0, 0]], \"output_layers\": "
                + "[[\"dense_1\", 0, 0]]}}";
        Path f = H5Writer.write(dir.resolve("k1.h5"), h -> {
            h.putAttribute("keras_version", "1.2.2");
            h.putAttribute("model_config", config);
            WritableGroup mw = h.putGroup("model_weights");
            mw.putAttribute("layer_names", new String[] {"a", "b", "merge_1", "dense_1"});
            WritableGroup d = mw.putGroup("dense_1");
            d.putAttribute("weight_names", new String[] {"dense_1_W", "dense_1_b"});
            d.putDataset("dense_1_W", new float[][] {{1}, {2}, {3}});
            d.putDataset("dense_1_b", new float[] {0.5f});
        });
        Model m = ModelLoader.load(f);
        Tensor out = m.predict(List.of(Tensor.of(new double[][] {{0.1, 0.2}}), Tensor.of(new double[][] {{-0.3}})))
                .get(0);
        // concat [0.1, 0.2, -0.3] . [1, 2, 3] + 0.5 = 0.1 + 0.4 - 0.9 + 0.5 = 0.1; Keras 1 hard_sigmoid 0.2x + 0.5
        assertThat(out.values()).containsExactly(new double[] {0.2 * 0.1 + 0.5}, within(TOL));
    }

    private static void lstm(WritableGroup h, String name, float[][] kernel, float[] bias) {
        WritableGroup g = h.putGroup(name);
        g.putAttribute("weight_names", new String[] {name + "/kernel:0", name + "/recurrent_kernel:0", name + "/bias:0"});
        WritableGroup inner = g.putGroup(name);
        inner.putDataset("kernel:0", kernel);
        inner.putDataset("recurrent_kernel:0", new float[1][4]);
        inner.putDataset("bias:0", bias);
    }
}
