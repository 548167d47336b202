package org.lstmlens.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.lstmlens.testing.ReferenceRnn.HARD_SIGMOID_2;
import static org.lstmlens.testing.ReferenceRnn.RELU;
import static org.lstmlens.testing.ReferenceRnn.SIGMOID;
import static org.lstmlens.testing.ReferenceRnn.TANH;

import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lstmlens.core.GruCell;
import org.lstmlens.core.SequenceBatch;
import org.lstmlens.core.SimpleRnnCell;
import org.lstmlens.model.BidirectionalLayer;
import org.lstmlens.model.Layer;
import org.lstmlens.model.Model;
import org.lstmlens.model.RecurrentLayer;
import org.lstmlens.model.Tensor;
import org.lstmlens.testing.ReferenceRnn;
import org.lstmlens.testing.ReferenceRnn.Gru;

/**
 * GRU and SimpleRNN files of every legacy Keras era, written here with jhdf in each era's layout
 * (../shared/notes/KERAS_FORMATS.md Part 2: §1 Keras 1 per-gate arrays and consume_less='gpu', §2 Keras 2
 * multi-backend with reset_after=False and the hard_sigmoid default through 2.2.5, §2b CuDNNGRU's raw cuDNN blocks and
 * (6u,) bias, §3 tf.keras 2 with reset_after=True, a (2, 3u) bias and {@code layer/gru_cell/kernel:0} names), loaded
 * and run as whole models, against {@link ReferenceRnn}: float64 equations written per gate from the same notes,
 * sharing no code with the readers or the core. The weights are float32-exact, so the two agree to rounding.
 */
class RnnLayoutsTest {
    private static final double TOL = 1e-6;
    private static final int D = 3;
    private static final int U = 4;

    @TempDir
    Path dir;

    private final Random rnd = new Random(20240516);
    private final double[][][] x = {ReferenceRnn.matrix(rnd, 5, D, 1.5), ReferenceRnn.matrix(rnd, 5, D, 1.5)};

    @Test
    void should_run_a_keras1_gru_from_its_nine_per_gate_arrays() {
        // Keras 1.2.2 GRU.build: W_z, U_z, b_z, W_r, U_r, b_r, W_h, U_h, b_h; hard_sigmoid 0.2x+0.5, r before U_h
        Gru p = Gru.random(rnd, D, U, 0.9, true, false);
        List<Object> arrays = new ArrayList<>();
        String[] gates = {"z", "r", "h"};
        for (int g = 0; g < 3; g++) {
            arrays.addAll(List.of("gru_1_W_" + gates[g], ReferenceRnn.floats(p.w()[g]), "gru_1_U_" + gates[g],
                    ReferenceRnn.floats(p.u()[g]), "gru_1_b_" + gates[g], ReferenceRnn.floats(p.b()[g])));
        }
        String config = keras1("GRU", "\"output_dim\": 4, \"activation\": \"tanh\", \"inner_activation\": "
                + "\"hard_sigmoid\", \"consume_less\": \"cpu\", \"return_sequences\": true");
        Model m = load(new LegacyFile(null).config(config).layer("gru_1", arrays.toArray()), "k1_gru.h5");

        assertThat(m.layer("gru_1").type()).isEqualTo("GRU");
        assertThat(m.layer("gru_1").params()).as("3*(d*u + u*u + u)").isEqualTo(3 * (D * U + U * U + U));
        assertThat(((GruCell) cell(m, "gru_1")).resetAfter()).isFalse();
        expectSequences(m, (xs, b) -> ReferenceRnn.gru(p, xs, false, TANH, HARD_SIGMOID_2, false, null, null));

        // the same arrays without a config: recognised as a GRU from their names
        Model alone = load(new LegacyFile(null).layer("gru_1", arrays.toArray()), "k1_gru_weights.h5");
        assertThat(alone.layer("gru_1").type()).isEqualTo("GRU");
        assertThat(alone.params()).isEqualTo(3 * (D * U + U * U + U));
    }

    @Test
    void should_run_a_keras1_gru_saved_with_consume_less_gpu_and_a_keras1_simplernn() {
        // consume_less='gpu': gru_1_W (d, 3u), gru_1_U (u, 3u), gru_1_b (3u,), columns z | r | h; no version attribute
        Gru p = Gru.random(rnd, D, U, 0.9, true, false);
        Model m = load(new LegacyFile(null).config(keras1("GRU", "\"output_dim\": 4, \"inner_activation\": "
                + "\"hard_sigmoid\", \"consume_less\": \"gpu\", \"return_sequences\": true")).layer("gru_1",
                "gru_1_W", p.kernel(), "gru_1_U", p.recurrentKernel(), "gru_1_b", p.bias()), "k1_gru_gpu.h5");
        expectSequences(m, (xs, b) -> ReferenceRnn.gru(p, xs, false, TANH, HARD_SIGMOID_2, false, null, null));

        // Keras 1 SimpleRNN: simplernn_1_W (d, u), simplernn_1_U (u, u), simplernn_1_b (u,); relu from the config
        double[][] w = ReferenceRnn.matrix(rnd, D, U, 0.8);
        double[][] u = ReferenceRnn.matrix(rnd, U, U, 0.8);
        double[] b = ReferenceRnn.matrix(rnd, 1, U, 0.5)[0];
        Model s = load(new LegacyFile(null).config(keras1("SimpleRNN", "\"name\": \"simplernn_1\", \"output_dim\": 4, "
                + "\"activation\": \"relu\", \"return_sequences\": true").replace("\"gru_1\"", "\"simplernn_1\""))
                .layer("simplernn_1", "simplernn_1_W:0", ReferenceRnn.floats(w), "simplernn_1_U:0",
                        ReferenceRnn.floats(u), "simplernn_1_b:0", ReferenceRnn.floats(b)), "k1_simplernn.h5");
        assertThat(s.layer("simplernn_1").type()).isEqualTo("SimpleRNN");
        assertThat(s.layer("simplernn_1").params()).as("d*u + u*u + u").isEqualTo(D * U + U * U + U);
        assertThat(cell(s, "simplernn_1")).isInstanceOf(SimpleRnnCell.class);
        expectSequences(s, (xs, k) -> ReferenceRnn.simpleRnn(w, u, b, xs, RELU, false, null, null));
    }

    @ParameterizedTest(name = "Keras {0}")
    @ValueSource(strings = {"2.2.4", "2.3.1"})
    void should_take_the_eras_default_recurrent_activation_for_a_keras2_gru(String version) {
        // the config names no recurrent_activation: hard_sigmoid (0.2x+0.5) through 2.2.5, sigmoid from 2.3.0;
        // reset_after=False and a (3u,) bias, the multi-backend default; go_backwards returns processing order
        Gru p = Gru.random(rnd, D, U, 0.9, true, false);
        Model m = load(new LegacyFile(version).config(keras2("GRU", "gru_1", "\"units\": 4, \"return_sequences\": "
                + "true, \"go_backwards\": true")).layer("gru_1", "gru_1/kernel:0", p.kernel(),
                "gru_1/recurrent_kernel:0", p.recurrentKernel(), "gru_1/bias:0", p.bias()), "k2_gru.h5");
        DoubleUnaryOperator rec = version.equals("2.2.4") ? HARD_SIGMOID_2 : SIGMOID;
        expectSequences(m, (xs, b) -> ReferenceRnn.gru(p, xs, false, TANH, rec, true, null, null));
        assertThat(m.info().assumptions()).anyMatch(a -> a.contains("gru_1") && a.contains(version.equals("2.2.4")
                ? "hard_sigmoid" : "sigmoid"));
    }

    @Test
    void should_keep_the_recurrent_bias_apart_for_a_keras2_gru_with_reset_after() {
        Gru p = Gru.random(rnd, D, U, 0.9, true, true);
        Model m = load(new LegacyFile("2.2.4").config(keras2("GRU", "gru_1", "\"units\": 4, \"reset_after\": true, "
                + "\"recurrent_activation\": \"sigmoid\", \"return_sequences\": true")).layer("gru_1",
                "gru_1/kernel:0", p.kernel(), "gru_1/recurrent_kernel:0", p.recurrentKernel(), "gru_1/bias:0",
                p.bias2()), "k2_gru_reset_after.h5");
        assertThat(m.layer("gru_1").params()).as("3*(d*u + u*u + 2u)").isEqualTo(3 * (D * U + U * U + 2 * U));
        expectSequences(m, (xs, b) -> ReferenceRnn.gru(p, xs, true, TANH, SIGMOID, false, null, null));
    }

    @Test
    void should_run_a_tf_keras2_gru_and_simplernn_under_their_cell_scopes() {
        // TF >= 2.2 names weights layer/cell/weight; GRU v2: reset_after=True, (2, 3u) bias, sigmoid by default
        Gru p = Gru.random(rnd, D, U, 0.9, true, true);
        double[][] w = ReferenceRnn.matrix(rnd, U, 2, 0.8);
        double[][] u = ReferenceRnn.matrix(rnd, 2, 2, 0.8);
        double[] b = ReferenceRnn.matrix(rnd, 1, 2, 0.5)[0];
        String config = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"sequential\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 5, 3], \"name\": "
                + "\"input_1\"}}, {\"class_name\": \"GRU\", \"config\": {\"name\": \"gru\", \"units\": 4, "
                + "\"activation\": \"tanh\", \"recurrent_activation\": \"sigmoid\", \"reset_after\": true, "
                + "\"return_sequences\": true}}, {\"class_name\": \"SimpleRNN\", \"config\": {\"name\": "
                + "\"simple_rnn\", \"units\": 2, \"activation\": \"tanh\", \"use_bias\": true}}]}}";
        Model m = load(new LegacyFile("2.4.0").config(config)
                .layer("gru", "gru/gru_cell/kernel:0", p.kernel(), "gru/gru_cell/recurrent_kernel:0",
                        p.recurrentKernel(), "gru/gru_cell/bias:0", p.bias2())
                .layer("simple_rnn", "simple_rnn/simple_rnn_cell/kernel:0", ReferenceRnn.floats(w),
                        "simple_rnn/simple_rnn_cell/recurrent_kernel:0", ReferenceRnn.floats(u),
                        "simple_rnn/simple_rnn_cell/bias:0", ReferenceRnn.floats(b)), "tfk_gru_simple_rnn.h5");
        assertThat(m.params()).isEqualTo(3 * (D * U + U * U + 2 * U) + (U * 2 + 2 * 2 + 2));
        expectLast(m, xs -> {
            double[][] seq = ReferenceRnn.gru(p, xs, true, TANH, SIGMOID, false, null, null);
            double[][] top = ReferenceRnn.simpleRnn(w, u, b, seq, TANH, false, null, null);
            return top[top.length - 1];
        });
    }

    @Test
    void should_convert_cudnn_gru_blocks_and_keep_its_two_biases() {
        // CuDNNGRU (Keras 2.0.9-2.3.1): kernel blocks are raw cuDNN matrices, bias (6u,) = input then recurrent
        float[][] kernel = ReferenceRnn.floats(ReferenceRnn.matrix(rnd, D, 3 * U, 0.9));
        float[][] recurrent = ReferenceRnn.floats(ReferenceRnn.matrix(rnd, U, 3 * U, 0.9));
        float[] bias = ReferenceRnn.floats(ReferenceRnn.matrix(rnd, 1, 6 * U, 0.5)[0]);
        Model m = load(new LegacyFile("2.2.4").config(keras2("CuDNNGRU", "cu_dnngru_1", "\"units\": 4, "
                + "\"return_sequences\": true, \"go_backwards\": true")).layer("cu_dnngru_1", "cu_dnngru_1/kernel:0",
                kernel, "cu_dnngru_1/recurrent_kernel:0", recurrent, "cu_dnngru_1/bias:0", bias), "k2_cudnngru.h5");
        assertThat(m.layer("cu_dnngru_1").type()).isEqualTo("CuDNNGRU");
        assertThat(m.layer("cu_dnngru_1").params()).as("3du + 3u^2 + 6u").isEqualTo(3 * D * U + 3 * U * U + 6 * U);
        GruCell cell = (GruCell) cell(m, "cu_dnngru_1");
        assertThat(cell.resetAfter()).isTrue();
        assertThat(cell.recurrentActivation().kerasName()).isEqualTo("sigmoid");
        expectSequences(m, (xs, b) -> ReferenceRnn.cudnnGru(kernel, recurrent, bias, xs, true));
    }

    @ParameterizedTest(name = "merge_mode={0}")
    @ValueSource(strings = {"concat", "sum", "mul", "ave", "null"})
    void should_run_bidirectional_gru_in_every_merge_mode(String merge) {
        Gru f = Gru.random(rnd, D, U, 0.9, true, false);
        Gru bw = Gru.random(rnd, D, U, 0.9, true, false);
        String mode = merge.equals("null") ? "null" : "\"" + merge + "\"";
        String config = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": [{\"class_name\": "
                + "\"Bidirectional\", \"config\": {\"name\": \"bidirectional_1\", \"batch_input_shape\": [null, 5, 3], "
                + "\"merge_mode\": " + mode + ", \"layer\": {\"class_name\": \"GRU\", \"config\": {\"name\": \"gru_1\","
                + " \"units\": 4, \"recurrent_activation\": \"hard_sigmoid\", \"return_sequences\": true}}}}]}}";
        Model m = load(new LegacyFile("2.2.4").config(config).layer("bidirectional_1",
                "bidirectional_1/forward_gru_1/kernel:0", f.kernel(), "bidirectional_1/forward_gru_1/recurrent_kernel:0",
                f.recurrentKernel(), "bidirectional_1/forward_gru_1/bias:0", f.bias(),
                "bidirectional_1/backward_gru_1/kernel:0", bw.kernel(),
                "bidirectional_1/backward_gru_1/recurrent_kernel:0", bw.recurrentKernel(),
                "bidirectional_1/backward_gru_1/bias:0", bw.bias()), "k2_bigru_" + merge + ".h5");
        BidirectionalLayer bi = (BidirectionalLayer) m.layer("bidirectional_1");
        assertThat(bi.params()).isEqualTo(2L * 3 * (D * U + U * U + U));
        // model.summary()'s output shape: concat doubles the units; merge_mode=None lists both directions' outputs
        assertThat(m.outputShapes().get("bidirectional_1").toString()).isEqualTo(merge.equals("concat")
                ? "[(None, 5, 8)]" : merge.equals("null") ? "[(None, 5, 4), (None, 5, 4)]" : "[(None, 5, 4)]");
        List<Tensor> out = m.outputsOf("bidirectional_1", List.of(Tensor.of(x)));
        assertThat(out).hasSize(merge.equals("null") ? 2 : 1);
        List<Double> want = new ArrayList<>();
        List<Double> wantBackward = new ArrayList<>();
        for (double[][] xs : x) {
            double[][] a = ReferenceRnn.gru(f, xs, false, TANH, HARD_SIGMOID_2, false, null, null);
            double[][] c = ReferenceRnn.gru(bw, xs, false, TANH, HARD_SIGMOID_2, true, null, null);
            for (int t = 0; t < xs.length; t++) {
                double[] back = c[xs.length - 1 - t]; // the backward direction's output flipped back to input order
                for (int k = 0; k < U; k++) {
                    switch (merge) {
                        case "sum": want.add(a[t][k] + back[k]); break;
                        case "mul": want.add(a[t][k] * back[k]); break;
                        case "ave": want.add((a[t][k] + back[k]) / 2); break;
                        case "null": want.add(a[t][k]); wantBackward.add(back[k]); break;
                        default: want.add(a[t][k]); break;
                    }
                }
                if (merge.equals("concat")) {
                    for (int k = 0; k < U; k++) {
                        want.add(back[k]);
                    }
                }
            }
        }
        assertThat(out.get(0).values()).containsExactly(unbox(want), within(TOL));
        if (merge.equals("null")) {
            assertThat(out.get(1).values()).containsExactly(unbox(wantBackward), within(TOL));
        }
    }

    @Test
    void should_run_tf_keras_rnn_layers_around_gru_and_simple_rnn_cells() {
        Gru p = Gru.random(rnd, D, U, 0.9, true, true);
        double[][] w = ReferenceRnn.matrix(rnd, U, 2, 0.8);
        double[][] u = ReferenceRnn.matrix(rnd, 2, 2, 0.8);
        String config = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"sequential\", \"layers\": ["
                + "{\"class_name\": \"RNN\", \"config\": {\"name\": \"rnn\", \"batch_input_shape\": [null, 5, 3], "
                + "\"return_sequences\": true, \"cell\": {\"class_name\": \"GRUCell\", \"config\": {\"name\": "
                + "\"gru_cell\", \"units\": 4, \"activation\": \"tanh\", \"recurrent_activation\": \"hard_sigmoid\", "
                + "\"reset_after\": true}}}}, {\"class_name\": \"RNN\", \"config\": {\"name\": \"rnn_1\", \"cell\": "
                + "{\"class_name\": \"SimpleRNNCell\", \"config\": {\"name\": \"simple_rnn_cell\", \"units\": 2, "
                + "\"activation\": \"tanh\", \"use_bias\": false}}}}]}}";
        Model m = load(new LegacyFile("2.4.0").config(config)
                .layer("rnn", "rnn/gru_cell/kernel:0", p.kernel(), "rnn/gru_cell/recurrent_kernel:0",
                        p.recurrentKernel(), "rnn/gru_cell/bias:0", p.bias2())
                .layer("rnn_1", "rnn_1/simple_rnn_cell/kernel:0", ReferenceRnn.floats(w),
                        "rnn_1/simple_rnn_cell/recurrent_kernel:0", ReferenceRnn.floats(u)), "tfk_rnn_cells.h5");
        assertThat(m.layer("rnn").type()).isEqualTo("RNN");
        assertThat(cell(m, "rnn")).isInstanceOf(GruCell.class);
        assertThat(cell(m, "rnn_1")).isInstanceOf(SimpleRnnCell.class);
        assertThat(m.layer("rnn_1").params()).as("no bias: d*u + u*u").isEqualTo(U * 2 + 2 * 2);
        expectLast(m, xs -> {
            // tf.keras's hard_sigmoid is 0.2x+0.5
            double[][] seq = ReferenceRnn.gru(p, xs, true, TANH, HARD_SIGMOID_2, false, null, null);
            double[][] top = ReferenceRnn.simpleRnn(w, u, null, seq, TANH, false, null, null);
            return top[top.length - 1];
        });
    }

    @Test
    void should_recognise_a_weights_only_keras3_gru_and_take_the_keras3_hard_sigmoid() {
        // Keras 3 .weights.h5: layers/gru/cell/vars/0..2; the (2, 3u) bias says reset_after=True
        Gru p = Gru.random(rnd, D, U, 0.9, true, true);
        Path f = H5Writer.write(dir.resolve("gru.weights.h5"), h -> {
            WritableGroup layers = h.putGroup("layers");
            WritableGroup v = H5Writer.nested(layers, "gru", "cell", "vars");
            v.putDataset("0", p.kernel());
            v.putDataset("1", p.recurrentKernel());
            v.putDataset("2", p.bias2());
            H5Writer.nested(layers, "simple_rnn", "cell", "vars").putDataset("0", new float[U][2]);
        });
        Model m = ModelLoader.load(f);
        assertThat(m.layer("gru").type()).isEqualTo("GRU");
        assertThat(((GruCell) cell(m, "gru")).resetAfter()).isTrue();
        assertThat(m.layer("gru").params()).isEqualTo(3 * (D * U + U * U + 2 * U));
        assertThat(m.info().hardSigmoid().formula()).isEqualTo("x/6+0.5");
        // one array is no recurrent layer of any kind: still listed, with what the file holds
        assertThat(m.layer("simple_rnn").type()).isEqualTo("?");
        // no config: tanh and Keras 3's default recurrent activation, sigmoid; the layer runs on its own
        RecurrentLayer gru = (RecurrentLayer) m.layer("gru");
        double[][][] got = gru.rnn().withReturnSequences(true).run(SequenceBatch.of(x)).toArray();
        for (int b = 0; b < x.length; b++) {
            double[][] want = ReferenceRnn.gru(p, x[b], true, TANH, SIGMOID, false, null, null);
            for (int t = 0; t < want.length; t++) {
                assertThat(got[b][t]).containsExactly(want[t], within(TOL));
            }
        }
    }

    @Test
    void should_recognise_weights_only_bidirectional_gru_and_simplernn_by_their_shapes() {
        Gru f = Gru.random(rnd, D, U, 0.9, true, true);
        Model m = load(new LegacyFile("2.4.0")
                .layer("bidirectional", "bidirectional/forward_gru/gru_cell/kernel:0", f.kernel(),
                        "bidirectional/forward_gru/gru_cell/recurrent_kernel:0", f.recurrentKernel(),
                        "bidirectional/forward_gru/gru_cell/bias:0", f.bias2(),
                        "bidirectional/backward_gru/gru_cell/kernel:0", f.kernel(),
                        "bidirectional/backward_gru/gru_cell/recurrent_kernel:0", f.recurrentKernel(),
                        "bidirectional/backward_gru/gru_cell/bias:0", f.bias2())
                .layer("simple_rnn", "simple_rnn/simple_rnn_cell/kernel:0", new float[2 * U][3],
                        "simple_rnn/simple_rnn_cell/recurrent_kernel:0", new float[3][3],
                        "simple_rnn/simple_rnn_cell/bias:0", new float[3]), "tfk_weights.h5");
        BidirectionalLayer bi = (BidirectionalLayer) m.layer("bidirectional");
        assertThat(bi.forwardLayer().type()).isEqualTo("GRU");
        assertThat(bi.backwardLayer().rnn().goBackwards()).isTrue();
        assertThat(m.layer("simple_rnn").type()).isEqualTo("SimpleRNN");
        assertThat(m.params()).isEqualTo(2L * 3 * (D * U + U * U + 2 * U) + (2 * U * 3 + 9 + 3));
        assertThat(m.recurrentDirections()).hasSize(3);
        assertThat(m.lstmDirections()).as("the LSTM-only view lists no GRU").isEmpty();
    }

    // ---- helpers ----

    /** Computes the reference of one sample (steps x d) as processing-order output rows. */
    interface Sequences {
        double[][] of(double[][] xs, int sample);
    }

    private void expectSequences(Model m, Sequences ref) {
        List<Double> want = new ArrayList<>();
        for (int b = 0; b < x.length; b++) {
            for (double[] row : ref.of(x[b], b)) {
                for (double v : row) {
                    want.add(v);
                }
            }
        }
        assertThat(m.predict(Tensor.of(x)).values()).containsExactly(unbox(want), within(TOL));
    }

    private void expectLast(Model m, java.util.function.Function<double[][], double[]> ref) {
        List<Double> want = new ArrayList<>();
        for (double[][] xs : x) {
            for (double v : ref.apply(xs)) {
                want.add(v);
            }
        }
        assertThat(m.predict(Tensor.of(x)).values()).containsExactly(unbox(want), within(TOL));
    }

    private static double[] unbox(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private Model load(LegacyFile f, String name) {
        return ModelLoader.load(f.write(dir.resolve(name)));
    }

    static org.lstmlens.core.RecurrentCell cell(Model m, String layer) {
        Layer l = m.layer(layer);
        return ((RecurrentLayer) l).cell();
    }

    /** A Keras 1 Sequential config (a list) with one recurrent layer {@code gru_1} reading 5 steps of 3 features. */
    static String keras1(String cls, String fields) {
        String name = fields.contains("\"name\"") ? "" : "\"name\": \"gru_1\", ";
        return "{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": \"" + cls + "\", \"config\": {" + name
                + "\"input_dim\": 3, \"input_length\": 5, \"batch_input_shape\": [null, 5, 3], " + fields + "}}]}";
    }

    /** A Keras 2.2 Sequential config with one layer of class {@code cls} reading 5 steps of 3 features. */
    static String keras2(String cls, String name, String fields) {
        return "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"sequential_1\", \"layers\": [{\"class_name\": \""
                + cls + "\", \"config\": {\"name\": \"" + name + "\", \"batch_input_shape\": [null, 5, 3], " + fields
                + "}}]}}";
    }
}
