package org.lstmlens.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.lstmlens.error.ModelFileException;
import org.lstmlens.io.torch.TorchOptions;
import org.lstmlens.model.Framework;
import org.lstmlens.testing.TorchFixtures;

/**
 * A PyTorch layer as the notebook shows it, checked against the tensors torch itself saved ({@code state_dict} in
 * the fixture's expected JSON): its two biases apart (bias_ih, bias_hh) and their sum, the gate blocks where
 * KERAS_FORMATS.md §5.1 and Part 2 §6 put them (LSTM i, f, g, o in place; GRU r, z, n read as z, r, n), PyTorch's
 * letters with Keras's beside, and the parameters as torch counts them.
 */
class TorchViewsTest {
    private static final double TOL = 1e-7; // float32 values printed by torch as float64, read back as float32

    private final Lstm lstm = new Lstm();

    @Test
    void should_show_an_lstms_two_biases_apart_and_their_sum_as_torch_holds_them() throws IOException {
        JsonObject sd = TorchFixtures.expected("lstm_1layer").getAsJsonObject("state_dict");
        LayerView l = lstm.load(TorchFixtures.file("lstm_1layer.pt").toString()).lstm(0);

        double[][] bias = l.bias().toArray();
        double[] ih = vector(sd.getAsJsonArray("bias_ih_l0"));
        double[] hh = vector(sd.getAsJsonArray("bias_hh_l0"));
        assertThat(bias).hasDimensions(3, 20);
        assertThat(bias[0]).containsExactly(ih, within(TOL));
        assertThat(bias[1]).containsExactly(hh, within(TOL));
        for (int j = 0; j < 20; j++) {
            assertThat(bias[2][j]).isEqualTo(bias[0][j] + bias[1][j]);
        }
        assertThat(l.recurrentBias().toArray()[0]).containsExactly(hh, within(TOL));
        // W = weight_ih^T with i, f, g, o in place: W[feature][k] = weight_ih[k][feature]
        JsonArray wih = sd.getAsJsonArray("weight_ih_l0");
        double[][] w = l.kernel().toArray();
        for (int k = 0; k < 20; k++) {
            for (int f = 0; f < 3; f++) {
                assertThat(w[f][k]).as("W[%d][%d]", f, k).isCloseTo(wih.get(k).getAsJsonArray().get(f).getAsDouble(),
                        within(TOL));
            }
        }
        assertThat(l.provenance().framework()).isEqualTo(Framework.PYTORCH);
        String text = l.bias().toMimeBundle().plain();
        assertThat(text).contains("gate blocks i | f | g | o (PyTorch's names; Keras's i | f | c | o, stored in this "
                + "order)").contains("row 0 = b = bias_ih_l0, added to x.W; row 1 = b' = bias_hh_l0, added to "
                + "h_prev.U; row 2 = b + b', what every gate adds: the one bias Keras would hold");
    }

    @Test
    void should_show_a_grus_blocks_where_pytorch_keeps_them() throws IOException {
        JsonObject sd = TorchFixtures.expected("gru_1layer").getAsJsonObject("state_dict");
        LayerView g = lstm.load(TorchFixtures.file("gru_1layer.safetensors").toString()).rnn(0);
        int u = 5;
        double[] ih = vector(sd.getAsJsonArray("bias_ih_l0"));
        // PyTorch rows r | z | n; the view's blocks z | r | n: z is torch's block 1, r block 0, n block 2
        int[] torchBlock = {1, 0, 2};
        String[] names = {"z", "r", "n"};
        for (int k = 0; k < 3; k++) {
            double[] shown = g.gate(names[k]).bias().toArray()[0];
            for (int j = 0; j < u; j++) {
                assertThat(shown[j]).as("b_%s[%d]", names[k], j).isCloseTo(ih[torchBlock[k] * u + j], within(TOL));
            }
        }
        assertThat(g.gate("n").toMimeBundle().plain()).startsWith("layer \"gru.l0\" gate h (PyTorch's n) (candidate)")
                .contains("z_n = x.W_n + b_n + r * (h_prev.U_n + b'_n);  n = tanh(z_n) (Keras's h)");
        assertThat(g.toMimeBundle().plain()).contains("gates packed in W, U and b as z | r | n (PyTorch's names; "
                + "Keras's z | r | h; its files store r | z | n, permuted on reading)");
        assertThat(g.bias().toMimeBundle().plain()).contains("row 2 = b + b', what z and r add (n adds b_n + r * "
                + "(h_prev.U_n + b'_n), so it has no single bias)");
    }

    @Test
    void should_write_a_units_arithmetic_in_pytorchs_letters_with_both_biases() throws IOException {
        LayerView g = lstm.load(TorchFixtures.file("gru_1layer.pt").toString()).rnn(0);
        double[][] x = {{0.5, -1, 0.2}, {0.1, 0.3, -0.4}};

        String n = g.run(x).step(1).gate("n").unit(2).toMimeBundle().plain();

        assertThat(n).contains("z_n[2] = x.W_n[:,2] + b_n[2] + r[2] * (h_prev.U_n[:,2] + b'_n[2]) = ")
                .contains("; n = tanh(").contains("h[2] = z[2] * h_prev[2] + (1 - z[2]) * n[2] = ");
        LayerView l = lstm.load(TorchFixtures.file("lstm_1layer.pt").toString()).lstm(0);
        assertThat(l.run(x).step(1).gate("g").unit(0).toMimeBundle().plain())
                .contains("z_g[0] = x.W_g[:,0] + h_prev.U_g[:,0] + b_g[0] + b'_g[0] = ");
    }

    @Test
    void should_count_params_as_torch_does() throws IOException {
        for (String name : new String[] {"lstm_1layer", "gru_1layer", "rnn_tanh"}) {
            long torch = TorchFixtures.expected(name).get("params").getAsLong();
            LayerView l = lstm.load(TorchFixtures.file(name + ".pt").toString()).rnn(0);
            assertThat(l.params().total()).as(name).isEqualTo(torch);
            assertThat(l.params().toMimeBundle().plain()).as(name)
                    .contains("parameters (as PyTorch counts them: sum(p.numel()), both biases)")
                    .contains("input bias b (bias_ih)").contains("recurrent bias b' (bias_hh)");
        }
    }

    @Test
    void should_show_a_projected_lstm_step_as_torch_computes_it() throws IOException {
        JsonObject want = TorchFixtures.expected("lstm_proj");
        JsonArray hr = want.getAsJsonObject("state_dict").getAsJsonArray("weight_hr_l0"); // p x H
        LayerView l = lstm.load(TorchFixtures.file("lstm_proj.pt").toString()).lstm(0);
        double[][] x = TorchFixtures.array3(want.get("input"))[0];
        double[][] torch = TorchFixtures.array3(want.get("output_f64"))[0];

        RunView run = l.run(x);

        for (int t = 0; t < x.length; t++) {
            StepView step = run.step(t);
            assertThat(step.h()).as("h at step %d", t).containsExactly(torch[t], within(1e-12));
            // h = W_hr (o * tanh(c)): the units' o*tanh(c) the view shows, projected by torch's own weight_hr
            for (int j = 0; j < 3; j++) {
                double sum = 0;
                for (int k = 0; k < 6; k++) {
                    sum += hr.get(j).getAsJsonArray().get(k).getAsDouble() * step.unit(k).h();
                }
                assertThat(sum).as("step %d: (W_hr m)[%d]", t, j).isCloseTo(torch[t][j], within(1e-7));
            }
        }
        String text = run.step(2).toMimeBundle().plain();
        assertThat(text).contains("\tc_prev\tc\to*tanh(c)\n").contains("; (o*tanh(c))[5] = ")
                .contains("h = (o*tanh(c)).P = ").contains("(the projection P, 6x3, weight_hr^T: h and h_prev have 3 "
                        + "values)");
        assertThat(l.toMimeBundle().plain()).contains("  projection: P 6x3: h = (o*tanh(c)).P has 3 values, fed back "
                + "through U (3x24)");
        ParamsView p = l.params();
        assertThat(p.total()).isEqualTo(want.get("params").getAsLong());
        assertThat(p.toMimeBundle().plain()).contains("recurrent kernel U          3 x 24")
                .contains("projection P (weight_hr)    6 x 3                  6*3                18");
    }

    @Test
    void should_list_a_file_and_build_the_model_the_user_describes() throws IOException {
        JsonObject want = TorchFixtures.expected("nested_lstm_last_step");
        TorchView v = lstm.torch(TorchFixtures.file("nested_lstm_last_step.pt").toString());

        assertThat(v.toString()).endsWith("nested_lstm_last_step.pt (PyTorch state_dict (torch.save zip)): 6 tensors, "
                + "1 recurrent module");
        assertThat(v.toMimeBundle().plain()).contains("encoder.lstm: nn.LSTM(3, 6), 264 params")
                .contains("fc: nn.Linear(6, 2), 14 params")
                .contains("a state_dict carries no graph: .model() runs the recurrent module; a Linear runs only as a"
                        + " head: .head(\"fc\", \"last_step\")");
        ModelView m = v.head("fc", "last_step").model();
        double[][][] x = TorchFixtures.array3(want.get("input"));
        double[] got = java.util.Arrays.stream(m.predict(x).values()).flatMapToDouble(java.util.Arrays::stream).toArray();
        assertThat(got).containsExactly(flat(want), within(1e-12));
        assertThat(m.summary()).contains("written by PyTorch");

        ModelView same = lstm.load(TorchFixtures.file("nested_lstm_last_step.ts.pt").toString(),
                TorchOptions.defaults().head("fc", TorchOptions.HeadInput.LAST_STEP));
        assertThat(java.util.Arrays.stream(same.predict(x).values()).flatMapToDouble(java.util.Arrays::stream).toArray())
                .containsExactly(flat(want), within(1e-12));
    }

    @Test
    void should_say_options_belong_to_pytorch_files() {
        String keras = org.lstmlens.testing.RnnFixtures.file("simple_rnn_relu.keras").toString();
        assertThatThrownBy(() -> lstm.load(keras, TorchOptions.defaults().nonlinearity("relu")))
                .isInstanceOf(ModelFileException.class).hasMessageContaining("TorchOptions apply to");
        assertThatThrownBy(() -> lstm.torch(keras)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("is a zip without data.pkl, so neither a torch.save file nor a TorchScript archive");
    }

    private static double[] flat(JsonObject want) {
        return want.getAsJsonArray("output_f64").asList().stream().flatMap(r -> r.getAsJsonArray().asList().stream())
                .mapToDouble(e -> e.getAsDouble()).toArray();
    }

    private static double[] vector(JsonArray a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).getAsDouble();
        }
        return v;
    }
}
