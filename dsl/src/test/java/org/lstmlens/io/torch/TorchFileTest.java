package org.lstmlens.io.torch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lstmlens.io.ModelLoader;
import org.lstmlens.model.Model;
import org.lstmlens.model.RecurrentLayer;
import org.lstmlens.testing.TorchFixtures;

/**
 * What a PyTorch file is said to hold: its modules found by their keys, the settings a TorchScript archive states
 * and a state_dict does not, the Linear layers listed and left out, and what was assumed.
 */
class TorchFileTest {
    @Test
    void should_find_a_nested_module_and_list_the_linear_beside_it() {
        TorchFile f = TorchFile.open(TorchFixtures.file("nested_lstm_last_step.pt"));

        assertThat(f.format()).isEqualTo("PyTorch state_dict (torch.save zip)");
        assertThat(f.recurrentModules()).extracting(RecurrentModule::prefix, RecurrentModule::describe)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("encoder.lstm", "nn.LSTM(3, 6)"));
        assertThat(f.linearModules()).containsExactly(new LinearModule("fc", 6, 2, true, true));
        assertThat(f.tensors()).extracting(TensorEntry::toString).containsExactly(
                "encoder.lstm.weight_ih_l0 (24, 3) float32", "encoder.lstm.weight_hh_l0 (24, 6) float32",
                "encoder.lstm.bias_ih_l0 (24,) float32", "encoder.lstm.bias_hh_l0 (24,) float32",
                "fc.weight (2, 6) float32", "fc.bias (2,) float32");

        Model m = f.model();
        assertThat(m.layerNames()).containsExactly("encoder.lstm.l0");
        assertThat(m.info().assumptions()).containsExactly(
                "a state_dict carries no graph, so the model is encoder.lstm nn.LSTM(3, 6) alone, its output "
                        + "PyTorch's output (batch, steps, 6)",
                "not run: fc nn.Linear(6, 2); run one as a head with TorchOptions.defaults().head(\"fc\", "
                        + "TorchOptions.HeadInput.LAST_STEP) (or EVERY_STEP, FINAL_STATE)");
    }

    @Test
    void should_read_a_torchscript_modules_settings_from_its_class_constants() {
        TorchFile ts = TorchFile.open(TorchFixtures.file("rnn_relu_2layer_bidirectional.ts.pt"));
        TorchFile sd = TorchFile.open(TorchFixtures.file("rnn_relu_2layer_bidirectional.pt"));

        assertThat(ts.format()).isEqualTo("PyTorch TorchScript archive (torch.jit.save)");
        RecurrentModule stated = ts.recurrentModules().get(0);
        assertThat(stated.mode()).isEqualTo("RNN_RELU");
        assertThat(stated.nonlinearityStated()).isTrue();
        assertThat(stated.describe()).isEqualTo("nn.RNN(2, 4, num_layers=2, nonlinearity='relu', bidirectional=True)");
        RecurrentModule silent = sd.recurrentModules().get(0);
        assertThat(silent.mode()).isEqualTo("RNN_TANH");
        assertThat(silent.nonlinearityStated()).isFalse();
        assertThat(ts.model().info().assumptions()).noneMatch(a -> a.contains("tanh assumed"));
        assertThat(sd.model().info().assumptions()).contains("nn.RNN \"rnn\": a state_dict does not say its "
                + "nonlinearity; tanh assumed (PyTorch's default); if it was built with nonlinearity='relu', open it "
                + "with TorchOptions.defaults().nonlinearity(\"relu\")");
    }

    @Test
    void should_list_what_a_checkpoint_holds_beside_the_weights() {
        TorchFile f = TorchFile.open(TorchFixtures.file("lstm_checkpoint.pt"));

        assertThat(f.recurrentModules()).extracting(RecurrentModule::prefix).containsExactly("model");
        assertThat(f.others()).contains("epoch = 3");
        assertThat(f.tensors()).extracting(TensorEntry::key).contains("optimizer.state.0.exp_avg");
    }

    @Test
    void should_read_stored_entries_in_place_as_zipfile_reads_them() throws java.io.IOException {
        for (String f : new String[] {"lstm_bidirectional_2layer.pt", "nested_lstm_last_step.ts.pt", "lstm_f64.pt"}) {
            java.nio.file.Path path = TorchFixtures.file(f);
            StoredEntries stored = StoredEntries.of(path);
            int placed = 0;
            try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(path.toFile())) {
                for (java.util.zip.ZipEntry e : java.util.Collections.list(zip.entries())) {
                    java.nio.ByteBuffer b = stored.get(e.getName());
                    if (e.getMethod() != java.util.zip.ZipEntry.STORED) {
                        assertThat(b).as(f + "!/" + e.getName() + " is compressed: ZipFile reads it").isNull();
                        continue;
                    }
                    byte[] mapped = new byte[b.remaining()];
                    b.get(mapped);
                    assertThat(mapped).as(f + "!/" + e.getName()).isEqualTo(zip.getInputStream(e).readAllBytes());
                    placed++;
                }
            }
            assertThat(placed).as(f + ": stored entries placed").isGreaterThan(4);
        }
    }

    @Test
    void should_name_layers_after_the_module_and_show_where_each_came_from() {
        Model m = ModelLoader.load(TorchFixtures.file("gru_2layer_bidirectional.pt"));

        assertThat(m.layerNames()).containsExactly("gru.l0", "gru.l1");
        List<RecurrentLayer> dirs = TorchFixturesTest.recurrent(m);
        assertThat(dirs).extracting(RecurrentLayer::name).containsExactly("gru.l0_forward", "gru.l0_reverse",
                "gru.l1_forward", "gru.l1_reverse");
        RecurrentLayer back = dirs.get(3);
        assertThat(back.type()).isEqualTo("nn.GRU");
        assertThat(back.rnn().goBackwards()).isTrue();
        assertThat(back.provenance().arrays()).containsExactly("weight_ih_l1_reverse", "weight_hh_l1_reverse",
                "bias_ih_l1_reverse", "bias_hh_l1_reverse");
        assertThat(back.provenance().mapping()).containsExactly(
                "W = weight_ih_l1_reverse^T (12x8 -> 8x12) with row blocks r, z, n taken as z, r, n (Keras z, r, h: "
                        + "stored blocks [1, 0, 2])",
                "U = weight_hh_l1_reverse^T (12x4 -> 4x12), the same blocks",
                "b = bias_ih_l1_reverse (added to x.W), b' = bias_hh_l1_reverse (added to h.U, inside r * (h.U_n + "
                        + "b'_n) for n), the same blocks: reset_after=True",
                "r, z = sigmoid, n = tanh (PyTorch's only choice)",
                "reverse direction: reads the sequence from its last step to its first (go_backwards); its outputs "
                        + "are flipped back to input time beside the forward ones, as PyTorch's output holds them");
    }
}
