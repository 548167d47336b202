package org.lstmlens.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast activations against the JDK's {@code Math.tanh} and {@code Math.exp} (the reference definitions). */
class GateMathTest {
    /** Measured worst case over 10^6 draws: 5.6e-16 absolute, 1.3e-15 relative (a few ulps). */
    private static final double F64_ABSOLUTE = 1e-15;
    private static final double F64_RELATIVE = 3e-15;
    /** Eigen's float tanh: about 3 ulps of float near 1. */
    private static final double TANH_F32 = 4e-7;

    @Test
    void should_compute_tanh_and_sigmoid_in_double_within_a_few_ulps_of_the_jdk() {
        Random rnd = new Random(345);
        double[] x = new double[200_000];
        for (int n = 0; n < x.length; n++) {
            x[n] = (rnd.nextDouble() * 2 - 1) * (n % 4 == 0 ? 1e-6 : n % 4 == 1 ? 1 : n % 4 == 2 ? 10 : 60);
        }
        double[] tanh = x.clone();
        double[] sigmoid = x.clone();

        GateMath.apply(Activation.TANH, tanh, 0, x.length);
        GateMath.apply(Activation.SIGMOID, sigmoid, 0, x.length);

        for (int n = 0; n < x.length; n++) {
            double expected = Math.tanh(x[n]);
            assertThat(tanh[n]).as("tanh(%s)", x[n])
                    .isCloseTo(expected, within(Math.min(F64_ABSOLUTE, F64_RELATIVE * Math.abs(expected))));
            assertThat(sigmoid[n]).as("sigmoid(%s)", x[n])
                    .isCloseTo(Activation.SIGMOID.apply(x[n]), within(F64_ABSOLUTE));
        }
    }

    @Test
    void should_saturate_tanh_and_sigmoid_exactly_and_pass_nan_on() {
        double[] t = {800, -800, 0, Double.NaN};
        double[] s = {800, -800, 0, Double.NaN};

        GateMath.apply(Activation.TANH, t, 0, 4);
        GateMath.apply(Activation.SIGMOID, s, 0, 4);

        assertThat(t).containsExactly(1, -1, 0, Double.NaN);
        assertThat(s[0]).isEqualTo(1.0);
        assertThat(s[1]).isBetween(0.0, 4.3e-18); // sigmoid(-40), the clamp: 0 to double precision in any sum
        assertThat(s[2]).isEqualTo(0.5);
        assertThat(s[3]).isNaN();
    }

    @Test
    void should_compute_tanh_and_sigmoid_in_float_within_float_rounding() {
        Random rnd = new Random(346);
        float[] v = new float[100_000];
        float[] s = new float[v.length];
        for (int n = 0; n < v.length; n++) {
            v[n] = (float) ((rnd.nextDouble() * 2 - 1) * (n % 2 == 0 ? 1.5 : 20));
            s[n] = v[n];
        }
        float[] x = v.clone();

        GateMath.apply(Activation.TANH, v, 0, v.length);
        GateMath.apply(Activation.SIGMOID, s, 0, s.length);

        for (int n = 0; n < v.length; n++) {
            assertThat((double) v[n]).as("tanh(%s)", x[n]).isCloseTo(Math.tanh(x[n]), within(TANH_F32));
            assertThat((double) s[n]).as("sigmoid(%s)", x[n]).isCloseTo(1 / (1 + Math.exp(-x[n])), within(TANH_F32));
        }
    }

    @Test
    void should_apply_any_other_activation_by_its_own_definition() {
        double[] v = {-2, -0.5, 0, 0.5, 2};

        GateMath.apply(Activation.HARD_SIGMOID_KERAS2, v, 1, 3);

        assertThat(v).containsExactly(-2, 0.4, 0.5, 0.6, 2);
    }
}
