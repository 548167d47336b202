package org.lstmlens.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lstmlens.model.Model;
import org.lstmlens.model.Tensor;
import org.lstmlens.testing.Fixtures;

/**
 * The tf.keras 2.10 functional model of ../shared/fixtures/keras/16 (inputs input_left and input_right, LSTM
 * lstm_forward and a go_backwards LSTM lstm_backward, Concatenate, two Dense). The reference has no whole-model
 * output, but it gives each LSTM's h after the README's input: with that input on both model inputs, the
 * Concatenate must output [h of lstm_forward, h of lstm_backward], and the softmax head must sum to one.
 */
class TwoInputFixtureTest {
    private static final double OUT_TOL = 1e-6;

    @Test
    void should_wire_both_inputs_through_their_lstms_into_the_concatenation() throws IOException {
        JsonObject expected = JsonParser.parseString(Files.readString(
                Fixtures.keras().resolve("16_tfk_charlm_go_backwards.expected.json"))).getAsJsonObject();
        Model m = ModelLoader.load(Fixtures.keras().resolve("16_tfk_charlm_go_backwards.h5"));
        double[][][] x = new double[2][6][80];
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 6; t++) {
                for (int j = 0; j < 80; j++) {
                    x[b][t][j] = 0.8 * Math.sin(0.37 * (t + 1) * (j + 1) + 0.5 * b + 0.1);
                }
            }
        }
        List<Tensor> in = List.of(Tensor.of(x), Tensor.of(x));
        Tensor concat = m.outputsOf("concatenate", in).get(0);
        JsonArray layers = expected.getAsJsonArray("layers");
        double[] hf = Fixture.flatten(layers.get(0).getAsJsonObject().get("h_last"));
        double[] hb = Fixture.flatten(layers.get(1).getAsJsonObject().get("h_last"));
        assertThat(layers.get(1).getAsJsonObject().get("go_backwards").getAsBoolean()).isTrue();
        for (int b = 0; b < 2; b++) {
            for (int k = 0; k < 64; k++) {
                assertThat(concat.get(b, k)).as("sample %d, lstm_forward unit %d", b, k)
                        .isCloseTo(hf[b * 64 + k], within(OUT_TOL));
                assertThat(concat.get(b, 64 + k)).as("sample %d, lstm_backward unit %d", b, k)
                        .isCloseTo(hb[b * 64 + k], within(OUT_TOL));
            }
        }
        double[][] p = m.predict(in).get(0).toArray2();
        for (double[] row : p) {
            assertThat(row).hasSize(113);
            assertThat(java.util.Arrays.stream(row).sum()).isCloseTo(1.0, within(1e-12));
        }
    }
}
