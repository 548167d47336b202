package org.lstmlens.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast activations against the JDK's {@code Math.tanh} and {@code Math.exp} (the reference definitions). */
class GateMathTest {
    /** Cephes's tanh: a few ulps (3 seen near the 0.625 switch). */
    private static final double TANH_F64_RELATIVE = 1e-15;
    /** Eigen's float tanh: about 3 ulps of float near 1. */
    private static final double TANH_F32 = 4e-7;

    @Test
    void should_compute_tanh_in_double_within_a_few_ulps_of_the_jdk() {
        Random rnd = new Random(345);
        for (int n = 0; n < 200_000; n++) {
            double x = (rnd.nextDouble() * 2 - 1) * (n % 3 == 0 ? 0.7 : n % 3 == 1 ? 25 : 1e-4);
            double expected = Math.tanh(x);

            assertThat(GateMath.tanh(x)).as("tanh(%s)", x)
                    .isCloseTo(expected, within(TANH_F64_RELATIVE * Math.abs(expected)));
        }
        assertThat(GateMath.tanh(800.0)).isEqualTo(1.0);
        assertThat(GateMath.tanh(-800.0)).isEqualTo(-1.0);
        assertThat(GateMath.tanh(0.0)).isEqualTo(0.0);
        assertThat(GateMath.tanh(Double.NaN)).isNaN();
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
