package org.lstmlens.core;

import java.util.function.DoubleUnaryOperator;

/**
 * Deliberately naive GRU, SimpleRNN and ONNX/PyTorch LSTM forward passes written straight from the step formulas of
 * ../shared/notes/KERAS_FORMATS.md, Part 2 (§1 Keras 1, §2 Keras 2 GRUCell.call for reset_after False and True,
 * §4 Keras 3; SimpleRNN {@code h = act(x.K + b + h.U)}; §7 ONNX: clip on every activation input, the LSTM's
 * peepholes, input_forget and three activations; Part 1 §5.1 PyTorch's projection {@code h = (o * tanh(c)) W_hr^T})
 * and Keras's {@code backend.rnn} masking (a masked step keeps the state and repeats the previous output, zeros
 * before the first computed step). Scalar loops, their own activations ({@code Math.tanh}, {@code 1/(1+e^-x)}, the two
 * hard_sigmoids, or functions the caller writes), no code shared with the layers under test. Returns
 * {@code [sample][processing step][unit]} outputs followed by the final h as the last "step" (and the LSTM's final c
 * after it).
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
        return gru(w, u, bias, recurrentBias, resetAfter, act, rec, Double.POSITIVE_INFINITY, x, mask, h0,
                goBackwards);
    }

    /** As above, with ONNX's clip on z's, r's and the candidate's activation inputs. */
    static double[][][] gru(double[][] w, double[][] u, double[] bias, double[] recurrentBias, boolean resetAfter,
                            String act, String rec, double clip, double[][][] x, boolean[][] mask, double[][] h0,
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
                        z[k] = act(rec, clip(xk[k] + hu[k], clip));
                        r[k] = act(rec, clip(xk[units + k] + hu[units + k], clip));
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
                        double hh = act(act, clip(candidate, clip));
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
        return simpleRnn(w, u, bias, act, Double.POSITIVE_INFINITY, x, mask, h0, goBackwards);
    }

    /** As above, with ONNX's clip on the activation's input. */
    static double[][][] simpleRnn(double[][] w, double[][] u, double[] bias, String act, double clip,
                                  double[][][] x, boolean[][] mask, double[][] h0, boolean goBackwards) {
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
                        hNew[j] = act(act, clip(sum, clip));
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

    /** ONNX's clip: bounded to [-c, c] (no clip for c = infinity). */
    static double clip(double v, double c) {
        return v > c ? c : v < -c ? -c : v;
    }

    /**
     * An LSTM as ONNX and PyTorch define it, weights in Keras's layout (W d x 4u, U p x 4u, bias blocks i, f, c, o).
     *
     * @param rb null, or the recurrent bias (added to z as b is)
     * @param peep null, or {P_i, P_f, P_o}
     * @param clip the bound on every activation input, infinity for none
     * @param f the gates' activation, g the candidate's, h the output's
     * @param proj null, or the projection u x p: the state h is {@code (o * h(c)) . proj}
     */
    record Lstm(double[][] w, double[][] u, double[] b, double[] rb, double[][] peep, double clip,
                boolean inputForget, DoubleUnaryOperator f, DoubleUnaryOperator g, DoubleUnaryOperator h,
                double[][] proj) {
    }

    static double[][][] lstm(Lstm p, double[][][] x, boolean[][] mask, double[][] h0, double[][] c0,
                             boolean goBackwards) {
        int units = p.w()[0].length / 4;
        int out = p.proj() == null ? units : p.proj()[0].length;
        int steps = x[0].length;
        double[][][] res = new double[x.length][steps + 2][];
        for (int b = 0; b < x.length; b++) {
            double[] h = h0 == null ? new double[out] : h0[b].clone();
            double[] c = c0 == null ? new double[units] : c0[b].clone();
            double[] prev = new double[out];
            for (int s = 0; s < steps; s++) {
                int t = goBackwards ? steps - 1 - s : s;
                if (mask != null && !mask[b][t]) {
                    res[b][s] = prev.clone();
                    continue;
                }
                double[] z = new double[4 * units];
                for (int j = 0; j < 4 * units; j++) {
                    double sum = (p.b() == null ? 0 : p.b()[j]) + (p.rb() == null ? 0 : p.rb()[j]);
                    for (int f = 0; f < p.w().length; f++) {
                        sum += x[b][t][f] * p.w()[f][j];
                    }
                    for (int k = 0; k < out; k++) {
                        sum += h[k] * p.u()[k][j];
                    }
                    z[j] = sum;
                }
                double[] m = new double[units];
                for (int k = 0; k < units; k++) {
                    double cPrev = c[k];
                    double pi = p.peep() == null ? 0 : p.peep()[0][k];
                    double pf = p.peep() == null ? 0 : p.peep()[1][k];
                    double po = p.peep() == null ? 0 : p.peep()[2][k];
                    double i = p.f().applyAsDouble(clip(z[k] + pi * cPrev, p.clip()));
                    double f = p.inputForget() ? 1 - i : p.f().applyAsDouble(clip(z[units + k] + pf * cPrev, p.clip()));
                    double g = p.g().applyAsDouble(clip(z[2 * units + k], p.clip()));
                    c[k] = f * cPrev + i * g;
                    double o = p.f().applyAsDouble(clip(z[3 * units + k] + po * c[k], p.clip()));
                    m[k] = o * p.h().applyAsDouble(c[k]);
                }
                if (p.proj() == null) {
                    h = m;
                } else {
                    h = new double[out];
                    for (int j = 0; j < out; j++) {
                        for (int k = 0; k < units; k++) {
                            h[j] += m[k] * p.proj()[k][j];
                        }
                    }
                }
                prev = h.clone();
                res[b][s] = prev.clone();
            }
            res[b][steps] = h;
            res[b][steps + 1] = c.clone();
        }
        return res;
    }
}
