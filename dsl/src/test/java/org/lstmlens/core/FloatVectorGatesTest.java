package org.lstmlens.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The float32 gates on the Vector API ({@link FloatVectorGates}) against the scalar loop they stand in for
 * ({@link GateMath#tanh(float)}, written out here per value): the same bits for every value, over the clamp, at 0,
 * -0, the extremes and NaN, for tanh, sigmoid and the LSTM state update, with a tail that is not a whole vector.
 */
class FloatVectorGatesTest {
    private static final float CLAMP = 7.90531110763549805f;

    private static float[] values() {
        Random rnd = new Random(345);
        float[] v = new float[1003];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rnd.nextGaussian() * (i % 3 == 0 ? 12 : 2));
        }
        float[] special = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, CLAMP, -CLAMP, 8f, -8f, 1e-30f, 40f, -40f,
            Float.MAX_VALUE, -Float.MAX_VALUE, Float.NaN};
        System.arraycopy(special, 0, v, 0, special.length);
        return v;
    }

    @Test
    void tanhAndSigmoidGiveTheScalarLoopsBits() {
        assumeThat(VectorPass.available()).as("the Vector API (--add-modules jdk.incubator.vector, C2)").isTrue();
        for (boolean sigmoid : new boolean[] {false, true}) {
            float[] v = values();
            float[] want = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                want[i] = sigmoid ? 0.5f * GateMath.tanh(0.5f * v[i]) + 0.5f : GateMath.tanh(v[i]);
            }
            int end = FloatVectorGates.apply(sigmoid, v, 0, v.length, CLAMP);
            for (int i = end; i < v.length; i++) {
                v[i] = want[i]; // the tail the caller's scalar loop finishes
            }
            assertThat(end).as("whole vectors only").isLessThanOrEqualTo(v.length).isGreaterThan(v.length - 64);
            for (int i = 0; i < v.length; i++) {
                assertThat(Float.floatToIntBits(v[i])).as("%s of %s", sigmoid ? "sigmoid" : "tanh", values()[i])
                        .isEqualTo(Float.floatToIntBits(want[i]));
            }
        }
    }

    @Test
    void stateUpdateGivesTheScalarLoopsBits() {
        assumeThat(VectorPass.available()).as("the Vector API (--add-modules jdk.incubator.vector, C2)").isTrue();
        int n = 77;
        float[] g = new float[4 * n];
        float[] cPrev = new float[n];
        Random rnd = new Random(346);
        for (int i = 0; i < g.length; i++) {
            g[i] = rnd.nextFloat();
        }
        for (int i = 0; i < n; i++) {
            cPrev[i] = (float) (rnd.nextGaussian() * 5);
        }
        float[] c = new float[n];
        float[] h = new float[n];
        GateMath.state(Activation.TANH, g, 0, n, cPrev, 0, c, 0, h, 0, n);
        for (int k = 0; k < n; k++) {
            float cNew = g[n + k] * cPrev[k] + g[k] * g[2 * n + k];
            assertThat(Float.floatToIntBits(c[k])).as("c[%d]", k).isEqualTo(Float.floatToIntBits(cNew));
            assertThat(Float.floatToIntBits(h[k])).as("h[%d]", k)
                    .isEqualTo(Float.floatToIntBits(GateMath.tanh(cNew) * g[3 * n + k]));
        }
    }
}
