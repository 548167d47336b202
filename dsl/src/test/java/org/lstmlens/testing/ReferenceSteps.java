package org.lstmlens.testing;

import java.util.function.DoubleUnaryOperator;

/**
 * GRU and SimpleRNN steps in plain float64 loops, written from ../shared/notes/KERAS_FORMATS.md Part 2 (§2 the GRU
 * step with reset_after False and True, §1 and §2 SimpleRNN), not from the project's code: Keras's kernels multiply
 * row vectors from the left, {@code (x.K)[j] = sum_i x[i] K[i][j]}, blocks z | r | h along the 3u axis.
 */
public final class ReferenceSteps {
    public static final DoubleUnaryOperator SIGMOID = v -> 1 / (1 + Math.exp(-v));
    public static final DoubleUnaryOperator TANH = Math::tanh;
    /** Keras 1/2 hard_sigmoid, clip(0.2x + 0.5, 0, 1). */
    public static final DoubleUnaryOperator HARD_SIGMOID_KERAS2 = v -> Math.max(0, Math.min(1, 0.2 * v + 0.5));
    public static final DoubleUnaryOperator RELU = v -> Math.max(0, v);

    private ReferenceSteps() {
    }

    /**
     * Every term of one GRU step, per unit: the input products x.K_g, the recurrent products h.U_g, the
     * pre-activations and values of z, r and the candidate hh, the term r multiplies (reset_after=True:
     * h.U_h + b1_h) or {@code (r * h).U_h} (False), and the new h.
     */
    public static final class GruStep {
        public final double[][] xk = new double[3][];  // [band][unit]: z, r, h
        public final double[][] hu = new double[3][];
        public final double[][] pre = new double[3][];
        public final double[][] value = new double[3][];
        public double[] candidateTerm;
        public double[] h;
    }

    /**
     * @param b0 the input bias (3u), zeros for use_bias=False
     * @param b1 the recurrent bias (3u) of reset_after=True, zeros otherwise
     */
    public static GruStep gru(double[][] k, double[][] u, double[] b0, double[] b1, boolean resetAfter,
                              DoubleUnaryOperator recurrent, DoubleUnaryOperator activation, double[] x, double[] h) {
        int n = u.length;
        GruStep s = new GruStep();
        for (int g = 0; g < 3; g++) {
            s.xk[g] = new double[n];
            s.hu[g] = new double[n];
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < x.length; i++) {
                    s.xk[g][j] += x[i] * k[i][g * n + j];
                }
                for (int i = 0; i < n; i++) {
                    s.hu[g][j] += h[i] * u[i][g * n + j];
                }
            }
        }
        for (int g = 0; g < 2; g++) { // z = sr(x.K_z + b0_z + h.U_z + b1_z), r likewise
            s.pre[g] = new double[n];
            s.value[g] = new double[n];
            for (int j = 0; j < n; j++) {
                s.pre[g][j] = s.xk[g][j] + b0[g * n + j] + s.hu[g][j] + b1[g * n + j];
                s.value[g][j] = recurrent.applyAsDouble(s.pre[g][j]);
            }
        }
        double[] r = s.value[1];
        s.candidateTerm = new double[n];
        s.pre[2] = new double[n];
        s.value[2] = new double[n];
        s.h = new double[n];
        for (int j = 0; j < n; j++) {
            if (resetAfter) { // hh = act(x.K_h + b0_h + r * (h.U_h + b1_h))
                s.candidateTerm[j] = s.hu[2][j] + b1[2 * n + j];
                s.pre[2][j] = s.xk[2][j] + b0[2 * n + j] + r[j] * s.candidateTerm[j];
            } else {          // hh = act(x.K_h + b_h + (r * h).U_h)
                for (int i = 0; i < n; i++) {
                    s.candidateTerm[j] += r[i] * h[i] * u[i][2 * n + j];
                }
                s.pre[2][j] = s.xk[2][j] + b0[2 * n + j] + s.candidateTerm[j];
            }
            s.value[2][j] = activation.applyAsDouble(s.pre[2][j]);
            double z = s.value[0][j];
            s.h[j] = z * h[j] + (1 - z) * s.value[2][j]; // h = z * h_tm1 + (1 - z) * hh
        }
        return s;
    }

    /** Every step of a GRU over {@code x[t]} from {@code h0}, in processing order (no mask, forwards). */
    public static GruStep[] gruRun(double[][] k, double[][] u, double[] b0, double[] b1, boolean resetAfter,
                                   DoubleUnaryOperator recurrent, DoubleUnaryOperator activation, double[][] x,
                                   double[] h0) {
        GruStep[] steps = new GruStep[x.length];
        double[] h = h0;
        for (int t = 0; t < x.length; t++) {
            steps[t] = gru(k, u, b0, b1, resetAfter, recurrent, activation, x[t], h);
            h = steps[t].h;
        }
        return steps;
    }

    /** One SimpleRNN step: {@code {x.K, h.U, x.K + b + h.U, act(...)}} per unit. */
    public static double[][] simpleRnn(double[][] k, double[][] u, double[] b, DoubleUnaryOperator activation,
                                       double[] x, double[] h) {
        int n = u.length;
        double[][] out = new double[4][n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < x.length; i++) {
                out[0][j] += x[i] * k[i][j];
            }
            for (int i = 0; i < n; i++) {
                out[1][j] += h[i] * u[i][j];
            }
            out[2][j] = out[0][j] + b[j] + out[1][j];
            out[3][j] = activation.applyAsDouble(out[2][j]);
        }
        return out;
    }
}
