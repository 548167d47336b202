package org.lstmlens.core;

/**
 * The activations of the layer's hot loop, applied to whole gate blocks in place, in forms the JIT turns into SIMD
 * code: branch-free arithmetic, no {@code Math.exp} or {@code Math.tanh} (neither is vectorized, and
 * {@code Math.tanh} alone costs about 24 ns on Java 17).
 *
 * <p>Double: sigmoid and tanh from one vectorizable {@link #expm1(double)}, within 1e-15 of the exact values (tanh
 * to a few ulps near 0), far inside float32's 6e-8, the noise of every Keras model. Float32: tanh is Eigen's rational
 * approximation on [-7.9, 7.9] (what XLA uses for float32 tanh on CPU; within 4e-7 of the exact value) and
 * {@code sigmoid(x) = tanh(x/2)/2 + 1/2}. Any other activation goes through {@link Activation#apply(double)}.
 * The fused pass ({@link VectorPass}) applies the same gate math to its blocks.
 */
final class GateMath {
    private static final double EXP_LIMIT = 40;
    private static final float TANH_CLAMP = 7.90531110763549805f;

    private GateMath() {
    }

    /**
     * {@code v[off..off+len) = f(v[...])}. Sigmoid is {@code 1/(2 + expm1(-x))}, x clamped to [-40, 40] (below -40
     * that is off by at most sigmoid(-40), 4e-18); tanh is {@code -expm1(-2x)/(2 + expm1(-2x))}, x clamped to
     * [-20, 20] (tanh(20) is 1 in double), with no cancellation near 0. Each takes two passes, expm1 then the
     * quotient, because the JIT unrolls (and so vectorizes) only loops with small bodies.
     */
    static void apply(Activation f, double[] v, int off, int len) {
        if (f == Activation.TANH) {
            for (int j = off; j < off + len; j++) {
                v[j] = expm1(-2 * Math.max(-EXP_LIMIT / 2, Math.min(EXP_LIMIT / 2, v[j])));
            }
            for (int j = off; j < off + len; j++) {
                v[j] = -v[j] / (2 + v[j]);
            }
        } else if (f == Activation.SIGMOID) {
            for (int j = off; j < off + len; j++) {
                v[j] = expm1(-Math.max(-EXP_LIMIT, Math.min(EXP_LIMIT, v[j])));
            }
            for (int j = off; j < off + len; j++) {
                v[j] = 1 / (2 + v[j]);
            }
        } else {
            for (int j = off; j < off + len; j++) {
                v[j] = f.apply(v[j]);
            }
        }
    }

    /** {@code v[off..off+len) = f(v[...])} in float32: whole vectors on the Vector API where it runs, the rest here. */
    static void apply(Activation f, float[] v, int off, int len) {
        boolean sigmoid = f == Activation.SIGMOID;
        int from = (sigmoid || f == Activation.TANH) && VectorPass.available()
                ? FloatVectorGates.apply(sigmoid, v, off, len, TANH_CLAMP) : off;
        if (f == Activation.TANH) {
            for (int j = from; j < off + len; j++) {
                v[j] = tanh(v[j]);
            }
        } else if (sigmoid) {
            for (int j = from; j < off + len; j++) {
                v[j] = 0.5f * tanh(0.5f * v[j]) + 0.5f;
            }
        } else {
            for (int j = off; j < off + len; j++) {
                v[j] = (float) f.apply(v[j]);
            }
        }
    }

    /** Activates a cell's four gates in place: i, f, o with {@code rec}, g with {@code act}; i at off, f, g, o a stride apart. */
    static void gates(Activation act, Activation rec, double[] z, int off, int stride, int n) {
        apply(rec, z, off, n);
        apply(rec, z, off + stride, n);
        apply(act, z, off + 2 * stride, n);
        apply(rec, z, off + 3 * stride, n);
    }

    /** The float32 twin of {@link #gates(Activation, Activation, double[], int, int, int)}. */
    static void gates(Activation act, Activation rec, float[] z, int off, int stride, int n) {
        apply(rec, z, off, n);
        apply(rec, z, off + stride, n);
        apply(act, z, off + 2 * stride, n);
        apply(rec, z, off + 3 * stride, n);
    }

    /**
     * The cell's new state from its activated gates (i at gOff, f, g, o a stride apart), n units:
     * {@code c = f * cPrev + i * g} into c, then {@code h = o * act(c)} into h. cPrev may be c itself (in place).
     */
    static void state(Activation act, double[] g, int gOff, int stride, double[] cPrev, int cpOff,
                             double[] c, int cOff, double[] h, int hOff, int n) {
        for (int k = 0; k < n; k++) {
            double cNew = g[gOff + stride + k] * cPrev[cpOff + k] + g[gOff + k] * g[gOff + 2 * stride + k];
            c[cOff + k] = cNew;
            h[hOff + k] = cNew;
        }
        apply(act, h, hOff, n);
        for (int k = 0; k < n; k++) {
            h[hOff + k] *= g[gOff + 3 * stride + k];
        }
    }

    /** The float32 twin of {@link #state(Activation, double[], int, int, double[], int, double[], int, double[], int, int)}. */
    static void state(Activation act, float[] g, int gOff, int stride, float[] cPrev, int cpOff,
                             float[] c, int cOff, float[] h, int hOff, int n) {
        int k0 = act == Activation.TANH && VectorPass.available()
                ? FloatVectorGates.state(g, gOff, stride, cPrev, cpOff, c, cOff, h, hOff, n, TANH_CLAMP) : 0;
        for (int k = k0; k < n; k++) {
            float cNew = g[gOff + stride + k] * cPrev[cpOff + k] + g[gOff + k] * g[gOff + 2 * stride + k];
            c[cOff + k] = cNew;
            h[hOff + k] = cNew;
        }
        apply(act, h, hOff + k0, n - k0);
        for (int k = k0; k < n; k++) {
            h[hOff + k] *= g[gOff + 3 * stride + k];
        }
    }

    /**
     * {@code e^y - 1} for |y| <= 40 from arithmetic alone (the JIT vectorizes it; it cannot vectorize
     * {@code Math.exp}): the Taylor series of {@code expm1(y/1024)} to degree 8 (|y/1024| < 0.04: remainder below
     * 2e-17 relative), then ten doublings {@code expm1(2t) = expm1(t) (2 + expm1(t))}. Small and short on purpose:
     * the JIT vectorizes only loops whose bodies are small.
     */
    static double expm1(double y) {
        double t = y * (1.0 / 1024);
        double p = 1.0 / 40320.0;
        p = p * t + 1.0 / 5040.0;
        p = p * t + 1.0 / 720.0;
        p = p * t + 1.0 / 120.0;
        p = p * t + 1.0 / 24.0;
        p = p * t + 1.0 / 6.0;
        p = p * t + 0.5;
        double q = (p * t + 1.0) * t;
        q *= 2 + q;
        q *= 2 + q;
        q *= 2 + q;
        q *= 2 + q;
        q *= 2 + q;
        q *= 2 + q;
        q *= 2 + q;
        q *= 2 + q;
        q *= 2 + q;
        return q * (2 + q);
    }

    static float tanh(float x) {
        float t = Math.max(-TANH_CLAMP, Math.min(TANH_CLAMP, x));
        float z = t * t;
        float p = -2.76076847742355e-16f;
        p = p * z + 2.00018790482477e-13f;
        p = p * z - 8.60467152213735e-11f;
        p = p * z + 5.12229709037114e-08f;
        p = p * z + 1.48572235717979e-05f;
        p = p * z + 6.37261928875436e-04f;
        p = p * z + 4.89352455891786e-03f;
        float q = 1.19825839466702e-06f;
        q = q * z + 1.18534705686654e-04f;
        q = q * z + 2.26843463243900e-03f;
        q = q * z + 4.89352518554385e-03f;
        return t * p / q;
    }
}
