package org.lstmlens.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lstmlens.core.Gate;
import org.lstmlens.core.LstmWeights;
import org.lstmlens.error.ModelFileException;
import org.lstmlens.model.BidirectionalLayer;
import org.lstmlens.model.Model;
import org.lstmlens.model.RecurrentLayer;

/**
 * Layouts the real fixtures do not all cover, written with jhdf's writer: expected values follow from how each
 * layout is defined in ../shared/notes/KERAS_FORMATS.md (gate blocks filled with constants so a mix-up shows).
 */
class LayoutsTest {
    @TempDir
    Path dir;

    @Test
    void should_map_keras1_per_gate_arrays_stored_i_c_f_o_to_i_f_c_o() {
        // Keras 1 stores W_i, U_i, b_i, W_c, U_c, b_c, W_f, U_f, b_f, W_o, U_o, b_o; gate g filled with its index + 1
        Path f = H5Writer.write(dir.resolve("k1.h5"), h -> {
            h.putAttribute("layer_names", new String[] {"lstm_1"});
            WritableGroup g = h.putGroup("lstm_1");
            String[] order = {"i", "c", "f", "o"};
            String[] names = new String[12];
            for (int k = 0; k < 4; k++) {
                float v = Gate.parse(order[k]).index() + 1;
                names[3 * k] = "lstm_1_W_" + order[k];
                names[3 * k + 1] = "lstm_1_U_" + order[k];
                names[3 * k + 2] = "lstm_1_b_" + order[k];
                g.putDataset(names[3 * k], H5Writer.filled(3, 2, v));
                g.putDataset(names[3 * k + 1], H5Writer.filled(2, 2, 10 * v));
                g.putDataset(names[3 * k + 2], H5Writer.filled(2, 100 * v));
            }
            g.putAttribute("weight_names", names);
        });
        LstmWeights w = only(ModelLoader.load(f));
        for (Gate g : Gate.values()) {
            double v = g.index() + 1;
            assertThat(w.kernelBlock(g).data).as("kernel " + g).containsOnly(v);
            assertThat(w.recurrentBlock(g).data).as("recurrent " + g).containsOnly(10 * v);
            assertThat(w.biasBlock(g)).as("bias " + g).containsOnly(100 * v);
        }
    }

    @Test
    void should_read_keras1_concatenated_arrays_and_split_layer_names_as_is() {
        // consume_less='gpu': lstm_1_W, lstm_1_U, lstm_1_b already i, f, c, o; layer_names split as layer_names0, 1
        Path f = H5Writer.write(dir.resolve("k1gpu.h5"), h -> {
            h.putAttribute("layer_names0", new String[] {"lstm_1"});
            h.putAttribute("layer_names1", new String[] {"dense_1"});
            WritableGroup d = h.putGroup("dense_1");
            d.putAttribute("weight_names", new String[] {"dense_1_W", "dense_1_b"});
            d.putDataset("dense_1_W", H5Writer.filled(2, 3, 1f));
            d.putDataset("dense_1_b", H5Writer.filled(3, 0f));
            WritableGroup g = h.putGroup("lstm_1");
            g.putAttribute("weight_names", new String[] {"lstm_1_W", "lstm_1_U", "lstm_1_b"});
            g.putDataset("lstm_1_W", H5Writer.counting(3, 8, 0));
            g.putDataset("lstm_1_U", H5Writer.counting(2, 8, 100));
            g.putDataset("lstm_1_b", new float[] {1, 2, 3, 4, 5, 6, 7, 8});
        });
        Model m = ModelLoader.load(f);
        assertThat(m.layerNames()).containsExactly("lstm_1", "dense_1");
        assertThat(m.layer("dense_1").type()).isEqualTo("Dense");
        LstmWeights w = only(m);
        assertThat(w.kernel(2, Gate.C, 1)).isEqualTo(2 * 8 + 2 * 2 + 1);
        assertThat(w.recurrent(1, Gate.O, 0)).isEqualTo(100 + 8 + 6);
        assertThat(w.bias(Gate.F, 1)).isEqualTo(4);
    }

    @Test
    void should_order_fused_arrays_by_weight_names_not_by_group_order() {
        // HDF5 lists bias, kernel, recurrent_kernel alphabetically; weight_names says kernel, recurrent_kernel, bias
        Path f = H5Writer.write(dir.resolve("k2.h5"), h -> {
            h.putAttribute("keras_version", "2.2.4");
            h.putAttribute("layer_names", new String[] {"lstm_1"});
            WritableGroup g = h.putGroup("lstm_1");
            g.putAttribute("weight_names", new String[] {"lstm_1/kernel:0", "lstm_1/recurrent_kernel:0", "lstm_1/bias:0"});
            WritableGroup inner = g.putGroup("lstm_1");
            inner.putDataset("bias:0", H5Writer.filled(4, 7f));
            inner.putDataset("kernel:0", H5Writer.filled(2, 4, 1f));
            inner.putDataset("recurrent_kernel:0", H5Writer.filled(1, 4, 3f));
        });
        Model m = ModelLoader.load(f);
        LstmWeights w = only(m);
        assertThat(w.inputDim()).isEqualTo(2);
        assertThat(w.bias(Gate.I, 0)).isEqualTo(7);
        RecurrentLayer l = (RecurrentLayer) m.layers().get(0);
        // a weights-only Keras 2.2.4 file: the era's default recurrent activation, said plainly
        assertThat(l.lstm().cell().recurrentActivation().label()).isEqualTo("hard_sigmoid(0.2x+0.5)");
        assertThat(m.info().assumptions()).anyMatch(a -> a.contains("weights only"));
    }

    @Test
    void should_convert_cudnn_kernels_per_gate_and_sum_the_two_biases() {
        // in = 3, u = 2: gate block k_g (3x2) flattened row-major is cuDNN's (2x3) matrix; W_g is its transpose
        Path f = H5Writer.write(dir.resolve("cudnn.h5"), h -> {
            h.putAttribute("keras_version", "2.1.5");
            h.putAttribute("layer_names", new String[] {"rnn_1"});
            WritableGroup g = h.putGroup("rnn_1");
            g.putAttribute("weight_names", new String[] {"rnn_1/kernel:0", "rnn_1/recurrent_kernel:0", "rnn_1/bias:0"});
            WritableGroup inner = g.putGroup("rnn_1");
            inner.putDataset("kernel:0", H5Writer.counting(3, 8, 0));
            inner.putDataset("recurrent_kernel:0", H5Writer.counting(2, 8, 0));
            float[] b = new float[16];
            for (int j = 0; j < 16; j++) {
                b[j] = j;
            }
            inner.putDataset("bias:0", b);
        });
        Model m = ModelLoader.load(f);
        RecurrentLayer l = (RecurrentLayer) m.layers().get(0);
        assertThat(l.type()).isEqualTo("CuDNNLSTM");
        assertThat(l.params()).as("Keras counts the stored 8u bias").isEqualTo(3 * 8 + 2 * 8 + 16);
        LstmWeights w = l.lstm().weights();
        // gate i block of the kernel: rows [0,1], [8,9], [16,17] -> flat 0,1,8,9,16,17 -> (2x3) [[0,1,8],[9,16,17]]
        assertThat(w.kernelBlock(Gate.I).data).containsExactly(0, 9, 1, 16, 8, 17);
        // recurrent gate f block [[2,3],[10,11]] transposed
        assertThat(w.recurrentBlock(Gate.F).data).containsExactly(2, 10, 3, 11);
        assertThat(w.bias(Gate.C, 1)).isEqualTo(5 + 13);
        assertThat(l.lstm().cell().recurrentActivation().kerasName()).isEqualTo("sigmoid");
    }

    @Test
    void should_read_keras3_vars_written_with_windows_backslash_names() {
        Path f = H5Writer.write(dir.resolve("win.weights.h5"), h -> {
            WritableGroup v = h.putGroup("layers\\lstm\\cell\\vars");
            v.putDataset("0", H5Writer.filled(2, 4, 1f));
            v.putDataset("1", H5Writer.filled(1, 4, 2f));
            v.putDataset("2", H5Writer.filled(4, 3f));
            h.putGroup("layers\\lstm\\vars");
        });
        Model m = ModelLoader.load(f);
        LstmWeights w = only(m);
        assertThat(w.kernel(1, Gate.O, 0)).isEqualTo(1);
        assertThat(w.recurrent(0, Gate.F, 0)).isEqualTo(2);
        assertThat(w.bias(Gate.I, 0)).isEqualTo(3);
        assertThat(m.info().hardSigmoid().formula()).as("the vars layout is Keras 3's").isEqualTo("x/6+0.5");
    }

    @Test
    void should_read_tf_keras_layer_checkpoint_dependencies_and_bidirectional_vars() {
        Path f = H5Writer.write(dir.resolve("tfk.weights.h5"), h -> {
            WritableGroup deps = h.putGroup("_layer_checkpoint_dependencies");
            WritableGroup bi = deps.putGroup("bidirectional");
            for (String side : new String[] {"backward_layer", "forward_layer"}) {
                WritableGroup v = H5Writer.nested(bi, side, "cell", "vars");
                float s = side.startsWith("f") ? 1 : -1;
                v.putDataset("0", H5Writer.filled(2, 4, s));
                v.putDataset("1", H5Writer.filled(1, 4, s));
                v.putDataset("2", H5Writer.filled(4, s));
            }
        });
        Model m = ModelLoader.load(f);
        BidirectionalLayer b = (BidirectionalLayer) m.layers().get(0);
        assertThat(b.forwardLayer().lstm().weights().kernel(0, Gate.I, 0)).as("forward_layer first").isEqualTo(1);
        assertThat(b.backwardLayer().lstm().weights().kernel(0, Gate.I, 0)).isEqualTo(-1);
        assertThat(b.backwardLayer().lstm().goBackwards()).isTrue();
    }

    @Test
    void should_name_file_layer_and_shapes_for_a_wrong_dataset_shape() {
        Path f = H5Writer.write(dir.resolve("bad.h5"), h -> {
            h.putAttribute("layer_names", new String[] {"lstm_9"});
            WritableGroup g = h.putGroup("lstm_9");
            g.putAttribute("weight_names", new String[] {"kernel", "recurrent_kernel", "bias"});
            g.putDataset("kernel", H5Writer.filled(2, 8, 1f));
            g.putDataset("recurrent_kernel", H5Writer.filled(2, 8, 1f));
            g.putDataset("bias", H5Writer.filled(5, 1f));
        });
        assertThatThrownBy(() -> ModelLoader.load(f)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("layer \"lstm_9\"")
                .hasMessageContaining("bias should hold 8 values");
    }

    @Test
    void should_refuse_an_hdf5_file_that_is_not_a_keras_model() {
        Path f = H5Writer.write(dir.resolve("other.h5"), h -> h.putGroup("experiment").putDataset("x", new float[] {1}));
        assertThatThrownBy(() -> ModelLoader.load(f)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("not a Keras model");
    }

    @Test
    void should_refuse_a_keras0_file() {
        Path f = H5Writer.write(dir.resolve("k0.h5"), h -> h.putAttribute("nb_layers", new int[] {1}));
        assertThatThrownBy(() -> ModelLoader.load(f)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("Keras 0.x");
    }

    private static LstmWeights only(Model m) {
        return m.layers().stream().filter(l -> l instanceof RecurrentLayer).map(l -> ((RecurrentLayer) l).lstm().weights())
                .findFirst().orElseThrow();
    }
}
