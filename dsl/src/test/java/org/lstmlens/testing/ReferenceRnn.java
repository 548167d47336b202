package org.lstmlens.testing;

import java.util.Random;
import java.util.function.DoubleUnaryOperator;

/**
 * A naive float64 GRU, SimpleRNN and cuDNN GRU written from the equations of ../shared/notes/KERAS_FORMATS.md Part 2
 * (§1-§4 Keras, §2b cuDNN), one sample, one step and one unit at a time, sharing no code with the library: what the
 * readers' conversions and the core's loop are checked against. Weights are kept per gate, as the equations name
 * them; {@link Gru#kernel()} and friends pack them as Keras stores them (column blocks z | r | h), which is the
 * layout's definition.
 */
public final class ReferenceRnn {
    public static final DoubleUnaryOperator TANH = Math::tanh;
    public static final DoubleUnaryOperator SIGMOID = v -> 1 / (1 + Math.exp(-v));
    /** Keras 1 and 2, tf.keras: {@code clip(0.2x + 0.5, 0, 1)}. */
    public static final DoubleUnaryOperator HARD_SIGMOID_2 = v -> Math.max(0, Math.min(1, 0.2 * v + 0.5));
    /** Keras 3: {@code clip(x/6 + 0.5, 0, 1)}. */
    public static final DoubleUnaryOperator HARD_SIGMOID_3 = v -> Math.max(0, Math.min(1, v / 6 + 0.5));
    public static final DoubleUnaryOperator RELU = v -> Math.max(0, v);

    private ReferenceRnn() {
    }

    /**
     * A GRU's weights per gate (index 0 z, 1 r, 2 h): {@code w[g]} (d x u), {@code u[g]} (u x u), input bias
     * {@code b[g]} and recurrent bias {@code rb[g]} (u each; null when absent), values float32-exact.
     */
    public record Gru(double[][][] w, double[][][] u, double[][] b, double[][] rb) {
        /** Random weights of {@code scale}, rounded to float32 as a file stores them. */
        public static Gru random(Random rnd, int d, int units, double scale, boolean bias, boolean recurrentBias) {
            double[][][] w = new double[3][][];
            double[][][] u = new double[3][][];
            double[][] b = bias ? new double[3][] : null;
            double[][] rb = recurrentBias ? new double[3][] : null;
            for (int g = 0; g < 3; g++) {
                w[g] = matrix(rnd, d, units, scale);
                u[g] = matrix(rnd, units, units, scale);
                if (bias) {
                    b[g] = matrix(rnd, 1, units, scale)[0];
                }
                if (recurrentBias) {
                    rb[g] = matrix(rnd, 1, units, scale)[0];
                }
            }
            return new Gru(w, u, b, rb);
        }

        public int units() {
            return u[0].length;
        }

        /** Keras's kernel: {@code [W_z | W_r | W_h]}, d x 3u. */
        public float[][] kernel() {
            return concat(w);
        }

        /** Keras's recurrent kernel: {@code [U_z | U_r | U_h]}, u x 3u. */
        public float[][] recurrentKernel() {
            return concat(u);
        }

        /** Keras's (3u,) bias, or row 0 of the (2, 3u) one. */
        public float[] bias() {
            return row(b);
        }

        /** Keras's (2, 3u) bias: input bias, recurrent bias. */
        public float[][] bias2() {
            return new float[][] {bias(), row(rb)};
        }
    }

    /**
     * A GRU over one sample's sequence, Keras's semantics: zero initial state unless {@code h0}; go_backwards reads
     * the steps last to first and returns outputs in that order; a masked step keeps the state and repeats the
     * previous output (zeros before the first unmasked step).
     *
     * @param x steps x d
     * @param mask null, or per input timestep
     * @return one output row per processing step; the last row is the final h unless the last steps are masked
     */
    public static double[][] gru(Gru p, double[][] x, boolean resetAfter, DoubleUnaryOperator act,
                                 DoubleUnaryOperator rec, boolean goBackwards, boolean[] mask, double[] h0) {
        int n = p.units();
        double[] h = h0 == null ? new double[n] : h0.clone();
        double[] out = new double[n];
        double[][] outs = new double[x.length][];
        for (int s = 0; s < x.length; s++) {
            int t = goBackwards ? x.length - 1 - s : s;
            if (mask == null || mask[t]) {
                double[] next = new double[n];
                for (int k = 0; k < n; k++) {
                    double z = rec.applyAsDouble(xw(p, 0, x[t], k) + hu(p, 0, h, k) + rbias(p, 0, k));
                    double r = rec.applyAsDouble(xw(p, 1, x[t], k) + hu(p, 1, h, k) + rbias(p, 1, k));
                    double cand;
                    if (resetAfter) {
                        cand = xw(p, 2, x[t], k) + r * (hu(p, 2, h, k) + rbias(p, 2, k));
                    } else {
                        // (r * h).U_h: every unit's own reset gate multiplies its h before the product
                        double sum = 0;
                        for (int j = 0; j < n; j++) {
                            double rj = rec.applyAsDouble(xw(p, 1, x[t], j) + hu(p, 1, h, j) + rbias(p, 1, j));
                            sum += rj * h[j] * p.u[2][j][k];
                        }
                        cand = xw(p, 2, x[t], k) + sum;
                    }
                    double hh = act.applyAsDouble(cand);
                    next[k] = z * h[k] + (1 - z) * hh;
                }
                h = next;
                out = next;
            }
            outs[s] = out.clone();
        }
        return outs;
    }

    /**
     * cuDNN's GRU on the arrays as a CuDNNGRU file stores them, read as cuDNN reads its buffer: each gate's kernel
     * block (d x u in the file) is, flattened row-major, cuDNN's (u x d) matrix W_g applied as {@code W_g . x}; each
     * recurrent block's memory is cuDNN's (u x u) R_g applied as {@code R_g . h}; the (6u,) bias is the input biases
     * then the recurrent ones. Equations (CudnnCompatibleGRUCell): {@code r = sigmoid(W_r x + R_r h + bW_r + bR_r)},
     * z likewise, {@code h' = tanh(W_h x + bW_h + r * (R_h h + bR_h))}, {@code h = (1 - z) h' + z h_prev}.
     *
     * @param kernel d x 3u as stored; {@code recurrent} u x 3u as stored; {@code bias} 6u
     */
    public static double[][] cudnnGru(float[][] kernel, float[][] recurrent, float[] bias, double[][] x,
                                      boolean goBackwards) {
        int d = kernel.length;
        int n = recurrent.length;
        double[][][] wc = new double[3][n][d];
        double[][][] rc = new double[3][n][n];
        for (int g = 0; g < 3; g++) {
            double[] flat = new double[d * n];
            for (int a = 0; a < d; a++) {
                for (int c = 0; c < n; c++) {
                    flat[a * n + c] = kernel[a][g * n + c];
                }
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    wc[g][i][j] = flat[i * d + j];
                }
                for (int j = 0; j < n; j++) {
                    rc[g][i][j] = recurrent[i][g * n + j];
                }
            }
        }
        double[] h = new double[n];
        double[][] outs = new double[x.length][];
        for (int s = 0; s < x.length; s++) {
            double[] xt = x[goBackwards ? x.length - 1 - s : s];
            double[] next = new double[n];
            for (int i = 0; i < n; i++) {
                double[] wx = new double[3];
                double[] rh = new double[3];
                for (int g = 0; g < 3; g++) {
                    for (int j = 0; j < d; j++) {
                        wx[g] += wc[g][i][j] * xt[j];
                    }
                    for (int j = 0; j < n; j++) {
                        rh[g] += rc[g][i][j] * h[j];
                    }
                    wx[g] += bias[g * n + i];
                    rh[g] += bias[3 * n + g * n + i];
                }
                double z = SIGMOID.applyAsDouble(wx[0] + rh[0]);
                double r = SIGMOID.applyAsDouble(wx[1] + rh[1]);
                double hp = Math.tanh(wx[2] + r * rh[2]);
                next[i] = (1 - z) * hp + z * h[i];
            }
            h = next;
            outs[s] = next.clone();
        }
        return outs;
    }

    /**
     * A SimpleRNN over one sample: {@code h = act(x.W + b + h.U)}, masks and go_backwards as {@link #gru}.
     *
     * @param b null without bias
     */
    public static double[][] simpleRnn(double[][] w, double[][] u, double[] b, double[][] x, DoubleUnaryOperator act,
                                       boolean goBackwards, boolean[] mask, double[] h0) {
        int n = u.length;
        double[] h = h0 == null ? new double[n] : h0.clone();
        double[] out = new double[n];
        double[][] outs = new double[x.length][];
        for (int s = 0; s < x.length; s++) {
            int t = goBackwards ? x.length - 1 - s : s;
            if (mask == null || mask[t]) {
                double[] next = new double[n];
                for (int k = 0; k < n; k++) {
                    double v = b == null ? 0 : b[k];
                    for (int j = 0; j < x[t].length; j++) {
                        v += x[t][j] * w[j][k];
                    }
                    for (int j = 0; j < n; j++) {
                        v += h[j] * u[j][k];
                    }
                    next[k] = act.applyAsDouble(v);
                }
                h = next;
                out = next;
            }
            outs[s] = out.clone();
        }
        return outs;
    }

    /** A rows x cols matrix of uniform values in (-scale, scale), rounded to float32. */
    public static double[][] matrix(Random rnd, int rows, int cols, double scale) {
        double[][] m = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                m[r][c] = (float) ((rnd.nextDouble() * 2 - 1) * scale);
            }
        }
        return m;
    }

    /** The matrix as float32 (its values are float32-exact). */
    public static float[][] floats(double[][] m) {
        float[][] f = new float[m.length][];
        for (int r = 0; r < m.length; r++) {
            f[r] = new float[m[r].length];
            for (int c = 0; c < m[r].length; c++) {
                f[r][c] = (float) m[r][c];
            }
        }
        return f;
    }

    public static float[] floats(double[] v) {
        return floats(new double[][] {v})[0];
    }

    private static double xw(Gru p, int g, double[] x, int k) {
        double v = p.b == null ? 0 : p.b[g][k];
        for (int j = 0; j < x.length; j++) {
            v += x[j] * p.w[g][j][k];
        }
        return v;
    }

    private static double hu(Gru p, int g, double[] h, int k) {
        double v = 0;
        for (int j = 0; j < h.length; j++) {
            v += h[j] * p.u[g][j][k];
        }
        return v;
    }

    private static double rbias(Gru p, int g, int k) {
        return p.rb == null ? 0 : p.rb[g][k];
    }

    /** Three per-gate vectors side by side, as float32. */
    private static float[] row(double[][] v) {
        return concat(new double[][][] {{v[0]}, {v[1]}, {v[2]}})[0];
    }

    /** Blocks side by side: {@code [m0 | m1 | m2]}, as float32. */
    private static float[][] concat(double[][][] blocks) {
        int rows = blocks[0].length;
        int cols = blocks[0][0].length;
        float[][] out = new float[rows][cols * blocks.length];
        for (int g = 0; g < blocks.length; g++) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    out[r][g * cols + c] = (float) blocks[g][r][c];
                }
            }
        }
        return out;
    }
}
