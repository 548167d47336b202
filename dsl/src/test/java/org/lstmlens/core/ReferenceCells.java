package org.lstmlens.core;

/**
 * Deliberately naive GRU and SimpleRNN forward passes written straight from the step formulas of
 * ../shared/notes/KERAS_FORMATS.md, Part 2 (§1 Keras 1, §2 Keras 2 GRUCell.call for reset_after False and True,
 * §4 Keras 3; SimpleRNN {@code h = act(x.K + b + h.U)}) and Keras's {@code backend.rnn} masking (a masked step
 * keeps the state and repeats the previous output, zeros before the first computed step). Scalar loops, their own
 * activations ({@code Math.tanh}, {@code 1/(1+e^-x)}, the two hard_sigmoids), no code shared with the layers under
 * test. Returns {@code [sample][processing step][unit]} outputs followed by the final h as the last "step".
 */
final class ReferenceCells {
    private ReferenceCells() {
    }

    /** Activations by Keras name: tanh, sigmoid, relu, hard_sigmoid_k2 (0.2x+0.5), hard_sigmoid_k3 (x/6+0.5). */
    static double act(String name, double x) {
        switch (name) {
            case "tanh": return Math.tanh(x);
            case "sigmoid": return 1 / (1 + Math.exp(-x));
            case "relu": return Math.max(0, x);
            case "hard_sigmoid_k2": return Math.max(0, Math.min(1, 0.2 * x + 0.5));
            case "hard_sigmoid_k3": return Math.max(0, Math.min(1, x / 6 + 0.5));
            default: throw new IllegalArgumentException(name);
        }
    }

    /**
     * @param bias null, or 3u (the input bias; the only bias with reset_after=False)
     * @param recurrentBias null, or 3u (reset_after=True's second bias row)
     */
    static double[][][] gru(double[][] w, double[][] u, double[] bias, double[] recurrentBias, boolean resetAfter,
                            String act, String rec, double[][][] x, boolean[][] mask, double[][] h0,
                            boolean goBackwards) {
        int units = u.length;
        int steps = x[0].length;
        double[][][] out = new double[x.length][steps + 1][];
        for (int b = 0; b < x.length; b++) {
            double[] h = h0 == null ? new double[units] : h0[b].clone();
            double[] prev = new double[units];
            for (int s = 0; s < steps; s++) {
                int t = goBackwards ? steps - 1 - s : s;
                if (mask == null || mask[b][t]) {
                    double[] xk = new double[3 * units]; // x.K + b
                    double[] hu = new double[3 * units]; // h.U (+ b')
                    for (int j = 0; j < 3 * units; j++) {
                        xk[j] = bias == null ? 0 : bias[j];
                        for (int f = 0; f < w.length; f++) {
                            xk[j] += x[b][t][f] * w[f][j];
                        }
                        hu[j] = recurrentBias == null ? 0 : recurrentBias[j];
                        for (int k = 0; k < units; k++) {
                            hu[j] += h[k] * u[k][j];
                        }
                    }
                    double[] z = new double[units];
                    double[] r = new double[units];
                    for (int k = 0; k < units; k++) {
                        z[k] = act(rec, xk[k] + hu[k]);
                        r[k] = act(rec, xk[units + k] + hu[units + k]);
                    }
                    double[] hNew = new double[units];
                    for (int k = 0; k < units; k++) {
                        double candidate;
                        if (resetAfter) {
                            candidate = xk[2 * units + k] + r[k] * hu[2 * units + k];
                        } else {
                            double rhu = 0;
                            for (int m = 0; m < units; m++) {
                                rhu += r[m] * h[m] * u[m][2 * units + k];
                            }
                            candidate = xk[2 * units + k] + rhu;
                        }
                        double hh = act(act, candidate);
                        hNew[k] = z[k] * h[k] + (1 - z[k]) * hh;
                    }
                    h = hNew;
                    prev = h.clone();
                }
                out[b][s] = prev.clone();
            }
            out[b][steps] = h;
        }
        return out;
    }

    static double[][][] simpleRnn(double[][] w, double[][] u, double[] bias, String act, double[][][] x,
                                  boolean[][] mask, double[][] h0, boolean goBackwards) {
        int units = u.length;
        int steps = x[0].length;
        double[][][] out = new double[x.length][steps + 1][];
        for (int b = 0; b < x.length; b++) {
            double[] h = h0 == null ? new double[units] : h0[b].clone();
            double[] prev = new double[units];
            for (int s = 0; s < steps; s++) {
                int t = goBackwards ? steps - 1 - s : s;
                if (mask == null || mask[b][t]) {
                    double[] hNew = new double[units];
                    for (int j = 0; j < units; j++) {
                        double sum = bias == null ? 0 : bias[j];
                        for (int f = 0; f < w.length; f++) {
                            sum += x[b][t][f] * w[f][j];
                        }
                        for (int k = 0; k < units; k++) {
                            sum += h[k] * u[k][j];
                        }
                        hNew[j] = act(act, sum);
                    }
                    h = hNew;
                    prev = h.clone();
                }
                out[b][s] = prev.clone();
            }
            out[b][steps] = h;
        }
        return out;
    }
}
