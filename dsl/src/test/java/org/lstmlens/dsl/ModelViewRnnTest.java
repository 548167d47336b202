package org.lstmlens.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lstmlens.error.NameException;
import org.lstmlens.testing.ReferenceSteps;
import org.lstmlens.testing.ReferenceSteps.GruStep;

/**
 * A model of a GRU (reset_after=True, a (2, 3u) bias) feeding a SimpleRNN, written as Keras 2.2.4 writes a legacy
 * HDF5 model (model_config, layer_names, weight_names {@code gru_1/kernel:0} ...), opened through {@code lstm.load}:
 * its layers are views of their own cells, numbers agree with {@link ReferenceSteps} (float64 loops over the weights as
 * stored, float32 values are exact in binary here), and what it says about LSTMs it does not have is exact.
 */
class ModelViewRnnTest {
    private static final double TOL = 1e-12;
    private static final double[][] GRU_KERNEL = {{0.5, -0.25, 0.125, 0.75, -0.5, 0.375, -0.125, 0.25, 0.625},
        {-0.375, 0.5, 0.25, -0.625, 0.125, 0.5, 0.375, -0.75, 0.25}};
    private static final double[][] GRU_RECURRENT = {{0.25, -0.5, 0.125, 0.375, 0.25, -0.125, 0.5, 0.125, -0.25},
        {-0.125, 0.25, 0.5, -0.25, 0.375, 0.125, -0.5, 0.25, 0.375},
        {0.375, 0.125, -0.25, 0.5, -0.125, 0.25, 0.125, -0.375, 0.5}};
    private static final double[][] GRU_BIAS = {{0.125, -0.25, 0.5, 0.25, 0, -0.125, 0.375, 0.25, -0.5},
        {-0.5, 0.25, 0.125, 0, 0.375, 0.25, -0.25, 0.5, 0.125}};
    private static final double[][] RNN_KERNEL = {{0.5, -0.25}, {0.25, 0.75}, {-0.5, 0.125}};
    private static final double[][] RNN_RECURRENT = {{0.25, -0.5}, {0.375, 0.125}};
    private static final double[] RNN_BIAS = {0.125, -0.25};
    private static final double[][] X = {{1, 0.5}, {-0.5, 2}, {0.25, -1}, {1.5, 0.75}};
    private static final String CONFIG = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"sequential_1\","
            + " \"layers\": [{\"class_name\": \"GRU\", \"config\": {\"name\": \"gru_1\", \"batch_input_shape\": [null,"
            + " 4, 2], \"units\": 3, \"reset_after\": true, \"recurrent_activation\": \"sigmoid\", \"activation\":"
            + " \"tanh\", \"return_sequences\": true}}, {\"class_name\": \"SimpleRNN\", \"config\": {\"name\":"
            + " \"simple_rnn_1\", \"units\": 2, \"activation\": \"tanh\"}}]}}";

    @TempDir
    Path dir;

    private ModelView load() {
        Path file = dir.resolve("gru_then_simple_rnn.h5");
        try (WritableHdfFile f = HdfFile.write(file)) {
            f.putAttribute("keras_version", "2.2.4");
            f.putAttribute("model_config", CONFIG);
            WritableGroup w = f.putGroup("model_weights");
            w.putAttribute("layer_names", new String[] {"gru_1", "simple_rnn_1"});
            layer(w, "gru_1", floats(GRU_KERNEL), floats(GRU_RECURRENT), floats(GRU_BIAS));
            layer(w, "simple_rnn_1", floats(RNN_KERNEL), floats(RNN_RECURRENT), floats(new double[][] {RNN_BIAS})[0]);
        }
        return new Lstm().load(file.toString());
    }

    private static void layer(WritableGroup w, String name, Object kernel, Object recurrent, Object bias) {
        WritableGroup g = w.putGroup(name);
        g.putAttribute("weight_names", new String[] {name + "/kernel:0", name + "/recurrent_kernel:0",
            name + "/bias:0"});
        WritableGroup inner = g.putGroup(name);
        inner.putDataset("kernel:0", kernel);
        inner.putDataset("recurrent_kernel:0", recurrent);
        inner.putDataset("bias:0", bias);
    }

    @Test
    void should_hand_out_each_recurrent_layer_as_a_view_of_its_own_cell() {
        ModelView m = load();
        GruStep[] ref = ReferenceSteps.gruRun(GRU_KERNEL, GRU_RECURRENT, GRU_BIAS[0], GRU_BIAS[1], true,
                ReferenceSteps.SIGMOID, ReferenceSteps.TANH, X, new double[3]);

        LayerView gru = m.layer("gru_1");
        RunView run = gru.run(X);

        assertThat(gru.kind()).isEqualTo("GRU");
        assertThat(gru.resetAfter()).isTrue();
        assertThat(gru.bias().toArray()).isDeepEqualTo(GRU_BIAS);
        assertThat(gru.gate("reset").unit(2).kernel()).containsExactly(GRU_KERNEL[0][5], GRU_KERNEL[1][5]);
        for (int t = 0; t < X.length; t++) {
            assertThat(run.outputs()[t]).containsExactly(ref[t].h, within(TOL));
            assertThat(run.step(t).gate("r").values()).containsExactly(ref[t].value[1], within(TOL));
        }
        double[] h = new double[2];
        for (int t = 0; t < X.length; t++) {
            h = ReferenceSteps.simpleRnn(RNN_KERNEL, RNN_RECURRENT, RNN_BIAS, ReferenceSteps.TANH, ref[t].h, h)[3];
        }
        double[][] gruOut = new double[X.length][];
        for (int t = 0; t < X.length; t++) {
            gruOut[t] = ref[t].h;
        }
        assertThat(m.layer(1).kind()).isEqualTo("SimpleRNN");
        assertThat(m.rnn(1).run(gruOut).output()).containsExactly(h, within(TOL));
        assertThat(m.rnn(0).layer()).isSameAs(gru.layer());
        assertThat(m.rnnCount()).isEqualTo(2);
        assertThat(m.lstmCount()).isZero();
    }

    @Test
    void should_say_how_many_directions_of_each_cell_it_has_and_where_to_find_them() {
        ModelView m = load();

        assertThat(m.toString()).isEqualTo("Model \"sequential_1\" (Sequential): 2 layers, " + (3 * (2 * 3 + 3 * 3
                + 2 * 3) + (3 * 2 + 2 * 2 + 2)) + " params, 2 recurrent directions (1 GRU, 1 SimpleRNN)");
        assertThatThrownBy(() -> m.lstm(0)).isInstanceOf(NameException.class).hasMessage("lstm(0) is out of range:"
                + " model \"sequential_1\" has 0 LSTM directions; its other recurrent directions (1 GRU, 1 SimpleRNN)"
                + " are read with rnn(0..1)");
        assertThatThrownBy(() -> m.rnn(2)).isInstanceOf(NameException.class).hasMessage("rnn(2) is out of range:"
                + " model \"sequential_1\" has 2 recurrent directions; valid: 0..1");
    }

    private static float[][] floats(double[][] m) {
        float[][] f = new float[m.length][];
        for (int r = 0; r < m.length; r++) {
            f[r] = new float[m[r].length];
            for (int c = 0; c < m[r].length; c++) {
                f[r][c] = (float) m[r][c];
            }
        }
        return f;
    }
}
