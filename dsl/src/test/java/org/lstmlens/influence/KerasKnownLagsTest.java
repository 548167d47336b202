package org.lstmlens.influence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lstmlens.core.Activation;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.model.Model;
import org.lstmlens.model.Tensor;
import org.lstmlens.testing.Built;
import org.lstmlens.testing.MiniJson;
import org.lstmlens.testing.NotebookData;
import org.lstmlens.testing.RandomLstm;

/**
 * Models trained with real Keras 3 (notebooks/data/make_models.py) on tasks whose answer is known: {@code lag5}
 * outputs x[T-1-5], {@code lag2_minus_lag7} outputs x[T-1-2] - 0.8 x[T-1-7]; the export names the true lags
 * ({@code training.true_lags}). First the forward pass must reproduce Keras's own predictions (float32 noise), then
 * every method must rank exactly the true lags first over 64 fresh sequences drawn as in training (uniform in
 * [-1, 1]). The weather export (LSTM -> Dense(3) -> linear) checks the Dense head against Keras and integrated
 * gradients' completeness on a trained model. The files must be present: a missing one fails.
 */
class KerasKnownLagsTest {
    /** Keras computed in float32. */
    static final double FLOAT32 = 2e-5;

    enum How {
        GRADIENT(ModelInfluence::gradient),
        GRADIENT_X_INPUT(ModelInfluence::gradientTimesInput),
        INTEGRATED_GRADIENTS(i -> i.integratedGradients(64)),
        OCCLUSION(i -> i.occlusion(1));

        final UnaryOperator<ModelInfluence> choose;

        How(UnaryOperator<ModelInfluence> choose) {
            this.choose = choose;
        }
    }

    static ModelInfluence load(String name) {
        Map<String, Object> export = NotebookData.expected(name);
        LstmLayer lstm = NotebookData.lstm(NotebookData.layer(export, 0));
        Map<String, Object> dense = NotebookData.layer(export, 1);
        Map<String, Object> dw = MiniJson.object(dense.get("weights"));
        Model model = Built.withHead(lstm, MiniJson.matrix(dw.get("kernel")), MiniJson.vector(dw.get("bias")),
                Activation.parse((String) MiniJson.object(dense.get("config")).get("activation")));

        // the model is the one Keras ran: same predictions on the exported inputs
        double[][][] x = MiniJson.tensor(export.get("input"));
        double[][] expected = MiniJson.matrix(export.get("expected_output"));
        double[][] ours = model.predict(Tensor.of(x)).toArray2();
        for (int b = 0; b < x.length; b++) {
            assertThat(ours[b]).as("%s sample %d", name, b).containsExactly(expected[b], within(FLOAT32));
        }
        double[][][] fresh = RandomLstm.tensor(new Random(2026), 64, x[0].length, x[0][0].length, 1);
        return Influence.of(model).on(fresh);
    }

    @org.junit.jupiter.api.Test
    void should_keep_integrated_gradients_complete_on_the_keras_weather_model() {
        // the weather export: 3 features, LSTM(16) -> Dense(3) -> linear; Keras's forecasts are checked by load()
        ModelInfluence weather = load("weather").predictsNextStep();

        for (int unit = 0; unit < 3; unit++) {
            Attribution a = weather.unit(unit).integratedGradients(64).attributions();

            assertThat(a.relativeCompletenessGap()).as("unit %d", unit).isLessThanOrEqualTo(0.01);
            assertThat(a.byFeature().features()).isEqualTo(3);
        }
    }

    static int[] trueLags(String name) {
        Map<String, Object> training = MiniJson.object(NotebookData.expected(name).get("training"));
        return MiniJson.array(training.get("true_lags")).stream().mapToInt(v -> ((Double) v).intValue()).toArray();
    }

    @ParameterizedTest
    @EnumSource(How.class)
    void should_find_lag_5_in_the_keras_model_trained_to_output_the_input_from_5_steps_ago(How how) {
        int[] truth = trueLags("lag5");

        TimestepInfluence byLag = how.choose.apply(load("lag5")).byTimestep();

        assertThat(truth).containsExactly(5);
        assertThat(byLag.top(1)).containsExactly(truth);
    }

    @ParameterizedTest
    @EnumSource(How.class)
    void should_find_lags_2_and_7_in_the_keras_model_trained_on_x_t_minus_2_minus_0_8_x_t_minus_7(How how) {
        int[] truth = trueLags("lag2_minus_lag7");

        TimestepInfluence byLag = how.choose.apply(load("lag2_minus_lag7")).byTimestep();

        assertThat(truth).containsExactlyInAnyOrder(2, 7);
        assertThat(byLag.top(2)).containsExactlyInAnyOrder(truth);
        // the stronger coefficient (1 against 0.8) comes first
        assertThat(byLag.top(1)).containsExactly(2);
    }
}
