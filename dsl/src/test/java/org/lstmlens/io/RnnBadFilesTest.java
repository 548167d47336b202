package org.lstmlens.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.ModelFileException;
import org.lstmlens.model.Model;
import org.lstmlens.model.Tensor;
import org.lstmlens.model.UnsupportedLayer;

/**
 * GRU and SimpleRNN files that do not fit together, and recurrent layers LSTM Lens does not compute: every message
 * names the value, where it is (file, layer, array) and what is valid.
 */
class RnnBadFilesTest {
    @TempDir
    Path dir;

    private static final float[][] KERNEL = new float[3][12];
    private static final float[][] RECURRENT = new float[4][12];

    @Test
    void should_refuse_a_reset_after_bias_under_a_reset_after_false_config() {
        Path f = gru("\"reset_after\": false", new float[2][12], "two_rows.h5");
        assertThatThrownBy(() -> ModelLoader.load(f)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("layer \"gru_1\"")
                .hasMessageContaining("the bias has shape (2, 12)")
                .hasMessageContaining("the config says reset_after=False")
                .hasMessageContaining("valid: reset_after=False with a (12,) bias, reset_after=True with a (2, 12) "
                        + "bias");
    }

    @Test
    void should_refuse_a_single_bias_under_a_reset_after_true_config() {
        Path f = gru("\"reset_after\": true", new float[12], "one_row.h5");
        assertThatThrownBy(() -> ModelLoader.load(f)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("layer \"gru_1\"").hasMessageContaining("the bias has shape (12,)")
                .hasMessageContaining("the config says reset_after=True");
    }

    @Test
    void should_refuse_cudnn_weights_under_a_reset_after_false_gru() {
        // Keras's own loader raises for this too: cuDNN computes r after the recurrent product
        Path f = gru("\"reset_after\": false", new float[24], "cudnn_into_gru.h5");
        assertThatThrownBy(() -> ModelLoader.load(f)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("layer \"gru_1\"").hasMessageContaining("CuDNNGRU weights (a (24,) bias) compute "
                        + "reset_after=True");
    }

    @Test
    void should_name_the_valid_gru_bias_shapes() {
        Path f = gru("\"reset_after\": false", new float[5], "bias5.h5");
        assertThatThrownBy(() -> ModelLoader.load(f)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("layer \"gru_1\"")
                .hasMessageContaining("GRU bias \"gru_1/bias:0\" has shape (5)")
                .hasMessageContaining("valid are (12,) with reset_after=False, (2, 12) with reset_after=True, or (24,) "
                        + "for CuDNNGRU");
    }

    @Test
    void should_say_which_arrays_a_gru_needs_when_some_are_missing() {
        Path f = new LegacyFile("2.2.4").config(RnnLayoutsTest.keras2("GRU", "gru_1", "\"units\": 4"))
                .layer("gru_1", "gru_1/kernel:0", KERNEL).write(dir.resolve("missing.h5"));
        assertThatThrownBy(() -> ModelLoader.load(f)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("layer \"gru_1\"")
                .hasMessageContaining("expected a GRU's 3 arrays (kernel (in, 3u), recurrent kernel (u, 3u), bias")
                .hasMessageContaining("got 1: gru_1/kernel:0 (3, 12)");
    }

    @Test
    void should_name_kernel_shapes_that_do_not_fit_the_units() {
        Path f = new LegacyFile("2.2.4").config(RnnLayoutsTest.keras2("GRU", "gru_1", "\"units\": 4"))
                .layer("gru_1", "gru_1/kernel:0", new float[3][8], "gru_1/recurrent_kernel:0", RECURRENT,
                        "gru_1/bias:0", new float[12]).write(dir.resolve("kernel.h5"));
        assertThatThrownBy(() -> ModelLoader.load(f)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("layer \"gru_1\"")
                .hasMessageContaining("expected kernel (in, 12) and recurrent kernel (4, 12) for a GRU of 4 units")
                .hasMessageContaining("gru_1/kernel:0 (3, 8)");
    }

    @Test
    void should_name_the_keras1_gate_array_of_the_wrong_shape() {
        Object[] arrays = new Object[18];
        String[] gates = {"z", "r", "h"};
        for (int g = 0; g < 3; g++) {
            arrays[6 * g] = "gru_1_W_" + gates[g];
            arrays[6 * g + 1] = new float[3][4];
            arrays[6 * g + 2] = "gru_1_U_" + gates[g];
            arrays[6 * g + 3] = g == 1 ? new float[4][3] : new float[4][4];
            arrays[6 * g + 4] = "gru_1_b_" + gates[g];
            arrays[6 * g + 5] = new float[4];
        }
        Path f = new LegacyFile(null).config(RnnLayoutsTest.keras1("GRU", "\"output_dim\": 4"))
                .layer("gru_1", arrays).write(dir.resolve("k1bad.h5"));
        assertThatThrownBy(() -> ModelLoader.load(f)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("layer \"gru_1\"").hasMessageContaining("\"gru_1_U_r\" should be (4, 4), has "
                        + "shape (4, 3)");
    }

    @Test
    void should_name_the_units_the_config_and_the_weights_disagree_on() {
        Path f = gru("\"units\": 5", new float[12], "units.h5");
        assertThatThrownBy(() -> ModelLoader.load(f)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("layer \"gru_1\"").hasMessageContaining("the config says 5 units but the weights"
                        + " hold 4 (a GRU whose recurrent kernel has 4 rows)");
    }

    @Test
    void should_name_the_features_a_gru_expects_when_the_input_has_others() {
        Model m = ModelLoader.load(gru("\"reset_after\": false", new float[12], "ok.h5"));
        assertThatThrownBy(() -> m.predict(Tensor.of(new double[1][5][2]))).isInstanceOf(LstmException.class)
                .hasMessage("input \"sequential_1_input\" expects shape (None, 5, 3): 3 values on the last axis, got 2");
        // the layer on its own names itself and its kernel
        org.lstmlens.model.RecurrentLayer gru = (org.lstmlens.model.RecurrentLayer) m.layer("gru_1");
        assertThatThrownBy(() -> gru.forward(java.util.List.of(Tensor.of(new double[1][5][2]))))
                .isInstanceOf(LstmException.class).hasMessageContaining("layer \"gru_1\" expects 3")
                .hasMessageContaining("kernel 3x12");
    }

    @Test
    void should_list_stacked_and_custom_cells_and_conv_lstm_with_what_is_supported() {
        String config = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
                + "{\"class_name\": \"RNN\", \"config\": {\"name\": \"stacked\", \"batch_input_shape\": [null, 5, 3], "
                + "\"return_sequences\": true, \"cell\": {\"class_name\": \"StackedRNNCells\", \"config\": {}}}},"
                + "{\"class_name\": \"RNN\", \"config\": {\"name\": \"custom\", \"cell\": {\"class_name\": "
                + "\"MinimalRNNCell\", \"config\": {\"units\": 2}}}},"
                + "{\"class_name\": \"ConvLSTM2D\", \"config\": {\"name\": \"conv_lstm2d\"}},"
                + "{\"class_name\": \"Bidirectional\", \"config\": {\"name\": \"bidirectional\", \"layer\": "
                + "{\"class_name\": \"MyRNN\", \"config\": {\"name\": \"my_rnn\"}}}}]}}";
        Path f = new LegacyFile("2.4.0").config(config)
                .layer("stacked", "stacked/kernel:0", new float[3][4])
                .layer("custom", "custom/kernel:0", new float[3][2])
                .layer("conv_lstm2d", "conv_lstm2d/kernel:0", new float[3][4])
                .layer("bidirectional", "bidirectional/forward/kernel:0", new float[2][2],
                        "bidirectional/backward/kernel:0", new float[2][2]).write(dir.resolve("unsupported.h5"));
        Model m = ModelLoader.load(f);
        assertThat(reason(m, "stacked")).isEqualTo("RNN(StackedRNNCells) is not supported (stacked cells: stack RNN "
                + "layers instead); supported: " + CellKind.SUPPORTED);
        assertThat(reason(m, "custom")).startsWith("RNN(MinimalRNNCell) is not supported (a cell LSTM Lens does not "
                + "know); supported: LSTM, GRU, SimpleRNN");
        assertThat(reason(m, "conv_lstm2d")).startsWith("ConvLSTM2D is recognised but not supported; supported: "
                + "LSTM, GRU, SimpleRNN");
        assertThat(reason(m, "bidirectional")).startsWith("Bidirectional(MyRNN) is not supported; supported:");
        assertThat(m.layer("stacked").params()).as("the stored arrays still count").isEqualTo(12);
        assertThatThrownBy(() -> m.predict(Tensor.of(new double[1][5][3]))).isInstanceOf(LstmException.class)
                .hasMessageStartingWith("layer \"stacked\" (RNN) cannot be run: RNN(StackedRNNCells) is not supported");
    }

    private static String reason(Model m, String layer) {
        return ((UnsupportedLayer) m.layer(layer)).reason();
    }

    /** A Keras 2.2.4 model with one GRU of 4 units over 3 features, zero weights, the given bias and config fields. */
    private Path gru(String fields, Object bias, String name) {
        return new LegacyFile("2.2.4").config(RnnLayoutsTest.keras2("GRU", "gru_1", "\"units\": 4, " + fields))
                .layer("gru_1", "gru_1/kernel:0", KERNEL, "gru_1/recurrent_kernel:0", RECURRENT, "gru_1/bias:0", bias)
                .write(dir.resolve(name));
    }
}
