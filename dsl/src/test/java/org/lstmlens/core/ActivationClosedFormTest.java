package org.lstmlens.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each activation at a few points against a value worked out independently: Keras 3's own test values
 * (keras/src/ops/nn_test.py, test_hard_sigmoid: x = [-1, 0, 1, 2, 3] gives [0.33333334, 0.5, 0.6666667, 0.8333334,
 * 1.0]; test_elu: elu(-1) = -0.63212055; float32), the TF 2.3 docs of tf.keras.activations.hard_sigmoid
 * ([-3, -1, 0, 1, 3] gives [0, 0.3, 0.5, 0.7, 1], the Keras 2 formula), Keras 2's clip(0.2x+0.5, 0, 1) by hand, textbook
 * constants (e = 2.718281828459045, ln 2 = 0.6931471805599453, sigmoid(1) = e/(1+e) = 0.7310585786300049,
 * tanh(0.5) = 0.46211715726000974, the SELU constants from Klambauer et al. 2017). Derivatives against central finite
 * differences, away from kinks.
 */
class ActivationClosedFormTest {
    private static final double FLOAT32 = 1e-7;
    private static final double EXACT = 1e-15;
    private static final double FINITE_DIFFERENCE = 1e-6;
    private static final double E = 2.718281828459045;

    @Test
    void should_match_keras3_documented_hard_sigmoid_values() {
        double[] x = {-1, 0, 1, 2, 3};
        double[] keras = {0.33333334, 0.5, 0.6666667, 0.8333334, 1.0};
        for (int i = 0; i < x.length; i++) {
            assertThat(Activation.HARD_SIGMOID_KERAS3.apply(x[i])).as("x = %s", x[i]).isCloseTo(keras[i], within(FLOAT32));
        }
    }

    @Test
    void should_match_the_tf_2_3_documented_hard_sigmoid_values() {
        double[] x = {-3, -1, 0, 1, 3};
        double[] documented = {0, 0.3, 0.5, 0.7, 1};
        for (int i = 0; i < x.length; i++) {
            assertThat(Activation.HARD_SIGMOID_KERAS2.apply(x[i])).as("x = %s", x[i])
                    .isCloseTo(documented[i], within(FLOAT32));
        }
        assertThat(Activation.ELU.apply(-1)).isCloseTo(-0.63212055, within(FLOAT32));
    }

    @Test
    void should_match_keras2_hard_sigmoid_by_hand() {
        assertThat(Activation.HARD_SIGMOID_KERAS2.apply(-3)).isEqualTo(0.0);
        assertThat(Activation.HARD_SIGMOID_KERAS2.apply(-2.5)).isCloseTo(0.0, within(EXACT));
        assertThat(Activation.HARD_SIGMOID_KERAS2.apply(0)).isEqualTo(0.5);
        assertThat(Activation.HARD_SIGMOID_KERAS2.apply(1)).isCloseTo(0.7, within(EXACT));
        assertThat(Activation.HARD_SIGMOID_KERAS2.apply(-1)).isCloseTo(0.3, within(EXACT));
        assertThat(Activation.HARD_SIGMOID_KERAS2.apply(2.5)).isCloseTo(1.0, within(EXACT));
        assertThat(Activation.HARD_SIGMOID_KERAS2.apply(4)).isEqualTo(1.0);
    }

    @Test
    void should_match_closed_forms_of_the_smooth_activations() {
        assertThat(Activation.SIGMOID.apply(0)).isEqualTo(0.5);
        assertThat(Activation.SIGMOID.apply(1)).isCloseTo(0.7310585786300049, within(EXACT));
        assertThat(Activation.SIGMOID.apply(-1)).isCloseTo(0.2689414213699951, within(EXACT));
        assertThat(Activation.SIGMOID.apply(-800)).isEqualTo(0.0); // no overflow to NaN
        assertThat(Activation.TANH.apply(0.5)).isCloseTo(0.46211715726000974, within(EXACT));
        assertThat(Activation.SOFTSIGN.apply(1)).isEqualTo(0.5);
        assertThat(Activation.SOFTSIGN.apply(-3)).isEqualTo(-0.75);
        assertThat(Activation.SOFTPLUS.apply(0)).isCloseTo(0.6931471805599453, within(EXACT));
        assertThat(Activation.SOFTPLUS.apply(1000)).isCloseTo(1000, within(EXACT));
        assertThat(Activation.ELU.apply(-1)).isCloseTo(1 / E - 1, within(EXACT));
        assertThat(Activation.ELU.apply(2)).isEqualTo(2.0);
        assertThat(Activation.SELU.apply(1)).isCloseTo(1.0507009873554805, within(EXACT));
        assertThat(Activation.SELU.apply(-1)).isCloseTo(1.0507009873554805 * 1.6732632423543772 * (1 / E - 1),
                within(1e-14));
        assertThat(Activation.SWISH.apply(1)).isCloseTo(0.7310585786300049, within(EXACT));
        assertThat(Activation.SWISH.apply(-1)).isCloseTo(-0.2689414213699951, within(EXACT));
        assertThat(Activation.EXPONENTIAL.apply(1)).isCloseTo(E, within(EXACT));
        assertThat(Activation.RELU.apply(-2)).isEqualTo(0.0);
        assertThat(Activation.RELU.apply(2)).isEqualTo(2.0);
        assertThat(Activation.LINEAR.apply(-1.25)).isEqualTo(-1.25);
    }

    /** Every named constant (the activations Keras configs name). */
    static java.util.stream.Stream<Activation> constants() {
        return java.util.stream.Stream.of(Activation.TANH, Activation.SIGMOID, Activation.HARD_SIGMOID_KERAS2,
                Activation.HARD_SIGMOID_KERAS3, Activation.RELU, Activation.LINEAR, Activation.SOFTSIGN,
                Activation.SOFTPLUS, Activation.ELU, Activation.SELU, Activation.SWISH, Activation.EXPONENTIAL);
    }

    @ParameterizedTest
    @MethodSource("constants")
    void should_have_derivatives_equal_to_central_finite_differences(Activation a) {
        double h = 1e-5;
        // points away from the kinks of relu (0), hard_sigmoid (+-2.5, +-3) and elu/selu (0)
        for (double x : new double[] {-3.7, -1.3, -0.4, 0.3, 0.9, 2.2, 4.1}) {
            double numeric = (a.apply(x + h) - a.apply(x - h)) / (2 * h);
            assertThat(a.derivative(x)).as("%s'(%s)", a, x).isCloseTo(numeric, within(FINITE_DIFFERENCE));
        }
    }
}
