package org.lstmlens.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.lstmlens.error.ModelFileException;
import org.lstmlens.error.NameException;
import org.lstmlens.render.MimeBundle;
import org.lstmlens.testing.Fixtures;

/**
 * The notebook's view of loaded models, on real files of ../shared/fixtures. Expected numbers come from the
 * fixtures' expected.json (Keras's count_params, the independent reference) and from the configs stored in the
 * files (input shape and units give the output shapes).
 */
class ModelViewTest {
    private final Lstm lstm = new Lstm();

    @Test
    void should_render_a_summary_with_keras_shapes_and_params() {
        ModelView m = lstm.load(Fixtures.keras3().resolve("bidirectional_concat.keras").toString());
        MimeBundle b = m.toMimeBundle();
        // config: input (7, 3), Bidirectional(LSTM(5), concat) then TimeDistributed(Dense(2)); expected.json: 360, 22, 382
        assertThat(b.plain()).contains("bidirectional (Bidirectional)", "(None, 7, 10)", "360",
                "time_distributed (TimeDistributed)", "(None, 7, 2)", "22", "Total params: 382");
        assertThat(b.has(MimeBundle.TEXT_HTML)).isTrue();
        assertThat(b.get(MimeBundle.TEXT_HTML)).contains("<table>", "(None, 7, 10)");
        assertThat(m.toString()).doesNotContain("\n").contains("382 params", "2 LSTM directions");
    }

    @Test
    void should_hand_out_lstm_layers_and_both_directions() {
        ModelView m = lstm.load(Fixtures.keras().resolve("03_k1_dl4j_bidirectional_lstm.h5").toString());
        BidirectionalView bi = m.bidirectional("bidirectional_1");
        assertThat(bi.mergeMode()).isEqualTo("concat");
        assertThat(bi.forward().layer().goBackwards()).isFalse();
        assertThat(bi.backward().layer().goBackwards()).isTrue();
        assertThat(m.lstm(1).layer()).isSameAs(bi.backward().layer());
        assertThat(bi.params()).isEqualTo(2 * 840);
        assertThatThrownBy(() -> m.layer("bidirectional_1")).isInstanceOf(NameException.class)
                .hasMessageContaining("bidirectional(\"bidirectional_1\")");
        assertThatThrownBy(() -> m.lstm(2)).isInstanceOf(NameException.class).hasMessageContaining("valid: 0..1");
    }

    @Test
    void should_name_the_lstm_layers_when_asked_for_another_layer() {
        ModelView m = lstm.load(Fixtures.keras().resolve("05_k2_ghack_lstm_dense.h5").toString());
        assertThat(m.layer("lstm_1").layer().units()).isEqualTo(4);
        assertThat(m.layer(0).layer().name()).isEqualTo("lstm_1");
        assertThatThrownBy(() -> m.layer("dense_1")).isInstanceOf(NameException.class)
                .hasMessageContaining("is a Dense, not an LSTM; LSTM layers: [lstm_1]");
        assertThatThrownBy(() -> m.layer("nope")).isInstanceOf(NameException.class)
                .hasMessageContaining("\"nope\"", "lstm_1", "dense_1");
    }

    @Test
    void should_predict_token_ids_like_keras() {
        ModelView m = lstm.load(Fixtures.keras3().resolve("embedding_mask_zero_softmax.keras").toString());
        PredictionView p = m.predictTokens(new int[][] {{3, 4, 0, 0, 0, 0, 0, 0, 0, 0}});
        double sum = 0;
        for (double v : p.values()[0]) {
            sum += v;
        }
        // a softmax head: probabilities sum to one
        assertThat(sum).isCloseTo(1.0, within(1e-12));
        assertThat(p.shape()).containsExactly(1, 4);
    }

    @Test
    void should_run_a_weights_only_file_once_given_its_architecture() {
        ModelView alone = lstm.load(Fixtures.keras3().resolve("stacked_lstm.weights.h5").toString());
        assertThat(alone.toString()).contains("weights only");
        assertThat(alone.summary()).contains("Assumed:");
        assertThatThrownBy(() -> alone.predict(new double[][][] {{{0, 0, 0, 0, 0, 0}}}))
                .hasMessageContaining("holds weights only");
        ModelView full = alone.withArchitecture(Fixtures.keras3().resolve("stacked_lstm.keras").toString());
        assertThat(full.params()).isEqualTo(2864);
    }

    @Test
    void should_say_which_file_is_missing() {
        assertThatThrownBy(() -> lstm.load("/nonexistent/m.h5")).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("/nonexistent/m.h5: no such file");
        assertThatThrownBy(() -> lstm.load((String) null)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("no path given");
    }
}
