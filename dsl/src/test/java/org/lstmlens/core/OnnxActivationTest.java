package org.lstmlens.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lstmlens.error.LstmException;

/**
 * The parameterised activations of ONNX's recurrent operators (Affine, LeakyRelu, ThresholdedRelu, ScaledTanh,
 * HardSigmoid(alpha, beta), Elu(alpha); Softsign and Softplus are Keras's constants), each against its formula as the
 * ONNX operator spec writes it (typed here from the spec, no code shared with {@link Activation}), its derivative
 * against a derivative worked out by hand and against central finite differences away from kinks; equality by
 * function and parameters, factories that hand back the named constants, and labels that show the parameters.
 */
class OnnxActivationTest {
    private static final double EXACT = 1e-15;
    private static final double FINITE_DIFFERENCE = 1e-6;
    private static final double[] POINTS = {-3.7, -1.3, -0.4, -0.05, 0.3, 0.9, 1.7, 2.2, 4.1};

    static Stream<Arguments> functions() {
        return Stream.of(
                // activation, f from the spec, f' by hand
                Arguments.of(Activation.affine(1.5, -0.25), op(x -> 1.5 * x - 0.25), op(x -> 1.5)),
                Arguments.of(Activation.leakyRelu(0.01), op(x -> x >= 0 ? x : 0.01 * x), op(x -> x >= 0 ? 1 : 0.01)),
                Arguments.of(Activation.leakyRelu(0.3), op(x -> x >= 0 ? x : 0.3 * x), op(x -> x >= 0 ? 1 : 0.3)),
                Arguments.of(Activation.thresholdedRelu(1.0), op(x -> x > 1.0 ? x : 0), op(x -> x > 1.0 ? 1 : 0)),
                Arguments.of(Activation.thresholdedRelu(-0.5), op(x -> x > -0.5 ? x : 0), op(x -> x > -0.5 ? 1 : 0)),
                Arguments.of(Activation.scaledTanh(1.7, 0.6), op(x -> 1.7 * Math.tanh(0.6 * x)),
                        op(x -> 1.7 * 0.6 / (Math.cosh(0.6 * x) * Math.cosh(0.6 * x)))),
                Arguments.of(Activation.hardSigmoid(0.3, 0.4), op(x -> Math.min(1, Math.max(0, 0.3 * x + 0.4))),
                        op(x -> 0.3 * x + 0.4 > 0 && 0.3 * x + 0.4 < 1 ? 0.3 : 0)),
                Arguments.of(Activation.elu(0.5), op(x -> x >= 0 ? x : 0.5 * (Math.exp(x) - 1)),
                        op(x -> x >= 0 ? 1 : 0.5 * Math.exp(x))),
                Arguments.of(Activation.SOFTSIGN, op(x -> x / (1 + Math.abs(x))),
                        op(x -> 1 / ((1 + Math.abs(x)) * (1 + Math.abs(x))))),
                Arguments.of(Activation.SOFTPLUS, op(x -> Math.log(1 + Math.exp(x))),
                        op(x -> Math.exp(x) / (1 + Math.exp(x)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void should_match_the_spec_formula_and_its_derivative(Activation a, DoubleUnaryOperator f,
                                                          DoubleUnaryOperator df) {
        for (double x : POINTS) {
            assertThat(a.apply(x)).as("%s(%s)", a, x).isCloseTo(f.applyAsDouble(x), within(EXACT));
            assertThat(a.derivative(x)).as("%s'(%s)", a, x).isCloseTo(df.applyAsDouble(x), within(1e-14));
            double h = 1e-6;
            if (!nearKink(a, x, 1e-3)) {
                double numeric = (a.apply(x + h) - a.apply(x - h)) / (2 * h);
                assertThat(a.derivative(x)).as("%s'(%s) against finite differences", a, x)
                        .isCloseTo(numeric, within(FINITE_DIFFERENCE));
            }
        }
    }

    /** Whether x is within d of a kink of a (0 for the relus and elu, alpha for thresholded relu, the clips). */
    private static boolean nearKink(Activation a, double x, double d) {
        if (a.kerasName().equals("thresholded_relu")) {
            return Math.abs(x - a.alpha()) < d;
        }
        if (a.kerasName().equals("hard_sigmoid")) {
            double v = a.alpha() * x + a.beta();
            return Math.abs(v) < d || Math.abs(v - 1) < d;
        }
        return Math.abs(x) < d;
    }

    @Test
    void should_hit_both_sides_of_each_kink_in_the_test_points() {
        // the points above lie on both sides of every kink, so the piecewise branches are all exercised
        assertThat(Activation.hardSigmoid(0.3, 0.4).apply(-3.7)).isZero();
        assertThat(Activation.hardSigmoid(0.3, 0.4).apply(4.1)).isEqualTo(1.0);
        assertThat(Activation.thresholdedRelu(1.0).apply(0.9)).isZero();
        assertThat(Activation.thresholdedRelu(1.0).apply(1.0)).as("x > alpha, strictly (onnxruntime)").isZero();
        assertThat(Activation.thresholdedRelu(1.0).apply(1.7)).isEqualTo(1.7);
        assertThat(Activation.leakyRelu(0.3).apply(-1.3)).isCloseTo(-0.39, within(EXACT));
        assertThat(Activation.elu(0.5).apply(-1)).isCloseTo(0.5 * (1 / Math.E - 1), within(EXACT));
    }

    @Test
    void should_hand_back_the_named_constants_for_their_parameters() {
        assertThat(Activation.hardSigmoid(0.2, 0.5)).isSameAs(Activation.HARD_SIGMOID_KERAS2);
        assertThat(Activation.hardSigmoid(1.0 / 6.0, 0.5)).isSameAs(Activation.HARD_SIGMOID_KERAS3);
        assertThat(Activation.elu(1)).isSameAs(Activation.ELU);
        assertThat(Activation.parse("hard_sigmoid", HardSigmoid.KERAS_2)).isSameAs(Activation.HARD_SIGMOID_KERAS2);
        // ONNX stores alpha as float32: 0.2f is another function, and is labelled by its float digits
        Activation fromFloat = Activation.hardSigmoid(0.2f, 0.5f);
        assertThat(fromFloat).isNotEqualTo(Activation.HARD_SIGMOID_KERAS2);
        assertThat(fromFloat.label()).isEqualTo("hard_sigmoid(0.2x+0.5)");
        assertThat(fromFloat.alpha()).isEqualTo((double) 0.2f);
    }

    @Test
    void should_be_equal_by_function_and_parameters() {
        assertThat(Activation.affine(2, 0.5)).isEqualTo(Activation.affine(2, 0.5))
                .hasSameHashCodeAs(Activation.affine(2, 0.5)).isNotEqualTo(Activation.affine(2, 0.25))
                .isNotEqualTo(Activation.hardSigmoid(2, 0.5));
        assertThat(Activation.leakyRelu(0.1)).isEqualTo(Activation.leakyRelu(0.1))
                .isNotEqualTo(Activation.thresholdedRelu(0.1));
        assertThat(Activation.scaledTanh(1, 1)).isNotEqualTo(Activation.TANH);
        assertThat(Activation.TANH).isEqualTo(Activation.parse("tanh")).isNotEqualTo(Activation.SIGMOID);
        assertThat(Activation.TANH.alpha()).isZero();
    }

    @Test
    void should_show_the_parameters_in_the_label() {
        assertThat(Activation.affine(2, -0.5).label()).isEqualTo("affine(2x-0.5)");
        assertThat(Activation.hardSigmoid(0.3, 0.4).label()).isEqualTo("hard_sigmoid(0.3x+0.4)");
        assertThat(Activation.scaledTanh(1.5, 0.5).label()).isEqualTo("scaled_tanh(1.5*tanh(0.5x))");
        assertThat(Activation.leakyRelu(0.01).label()).isEqualTo("leaky_relu(alpha=0.01)");
        assertThat(Activation.thresholdedRelu(1).label()).isEqualTo("thresholded_relu(alpha=1)");
        assertThat(Activation.elu(0.5).label()).isEqualTo("elu(alpha=0.5)");
        assertThat(Activation.ELU.label()).isEqualTo("elu");
        assertThat(Activation.HARD_SIGMOID_KERAS2.label()).isEqualTo("hard_sigmoid(0.2x+0.5)");
        assertThat(Activation.HARD_SIGMOID_KERAS3.label()).isEqualTo("hard_sigmoid(x/6+0.5)");
        assertThat(Activation.TANH.label()).isEqualTo("tanh");
        assertThat(Activation.TANH).hasToString("TANH"); // as the enum printed its constants
        assertThat(Activation.affine(2, -0.5)).hasToString("affine(2x-0.5)");
    }

    @Test
    void should_refuse_parameters_that_are_not_numbers() {
        assertThatThrownBy(() -> Activation.hardSigmoid(Double.NaN, 0.5)).isInstanceOf(LstmException.class)
                .hasMessage("activation hard_sigmoid: alpha must be a finite number, got NaN");
        assertThatThrownBy(() -> Activation.affine(1, Double.POSITIVE_INFINITY))
                .hasMessage("activation affine: beta must be a finite number, got Infinity");
    }

    private static DoubleUnaryOperator op(DoubleUnaryOperator f) {
        return f;
    }
}
