package org.lstmlens.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lstmlens.core.Gate;
import org.lstmlens.model.Model;
import org.lstmlens.model.RecurrentLayer;
import org.lstmlens.model.Tensor;
import org.lstmlens.testing.Fixtures;

/**
 * A weights-only file run with an architecture written by hand, as a user rebuilding the model in a new session
 * would: layer names differ from the file's, so weights go to layers by order (Keras's load_weights default), and
 * activations left out of the config take the writer's era defaults, both said in the model's assumptions.
 */
class ArchitectureTest {
    private static final double SUM_TOL = 1e-9;

    @TempDir
    Path dir;

    @Test
    void should_match_weights_by_order_and_assume_the_era_defaults() throws IOException {
        // ../shared/fixtures/keras/10 (Keras 2.2.4 save_weights): lstm_3, dropout_3, lstm_4, dropout_4, dense_2,
        // activation_2; this config names them lstm_1 ... and gives no recurrent_activation
        String config = "{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": \"LSTM\", \"config\": {\"name\":"
                + " \"lstm_1\", \"units\": 64, \"return_sequences\": true, \"batch_input_shape\": [null, 10, 50]}},"
                + " {\"class_name\": \"Dropout\", \"config\": {\"name\": \"dropout_1\", \"rate\": 0.5}},"
                + " {\"class_name\": \"LSTM\", \"config\": {\"name\": \"lstm_2\", \"units\": 64}},"
                + " {\"class_name\": \"Dropout\", \"config\": {\"name\": \"dropout_2\", \"rate\": 0.5}},"
                + " {\"class_name\": \"Dense\", \"config\": {\"name\": \"dense_1\", \"units\": 5}},"
                + " {\"class_name\": \"Activation\", \"config\": {\"name\": \"activation_1\", \"activation\": \"softmax\"}}]}";
        Path arch = Files.writeString(dir.resolve("arch.json"), config);
        Model m = ModelLoader.load(Fixtures.keras().resolve("10_k2_emoji_stacked_lstm_weights.h5"), arch);
        JsonObject expected = JsonParser.parseString(Files.readString(
                Fixtures.keras().resolve("10_k2_emoji_stacked_lstm_weights.expected.json"))).getAsJsonObject();
        RecurrentLayer second = (RecurrentLayer) m.layer("lstm_2");
        JsonObject lstm4 = expected.getAsJsonArray("layers").get(1).getAsJsonObject();
        assertThat(lstm4.get("group").getAsString()).isEqualTo("lstm_4");
        for (Gate g : Gate.values()) {
            double want = lstm4.getAsJsonArray("kernel_sum_by_gate").get(g.index()).getAsDouble();
            double got = java.util.Arrays.stream(second.lstm().weights().kernelBlock(g).data).sum();
            assertThat(got).as("lstm_2 holds lstm_4's kernel, gate " + g).isCloseTo(want, within(SUM_TOL * Math.max(1,
                    Math.abs(want))));
        }
        assertThat(second.lstm().cell().recurrentActivation().label()).isEqualTo("hard_sigmoid(0.2x+0.5)");
        assertThat(m.info().assumptions()).anyMatch(a -> a.contains("matched to layers by order"))
                .anyMatch(a -> a.contains("layer \"lstm_2\"") && a.contains("hard_sigmoid, the default of Keras 2.2.4"));
        double[][][] x = new double[1][10][50];
        double[] p = m.predict(Tensor.of(x)).values();
        assertThat(java.util.Arrays.stream(p).sum()).isCloseTo(1.0, within(1e-12));
    }
}
