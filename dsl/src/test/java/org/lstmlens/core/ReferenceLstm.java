package org.lstmlens.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A deliberately naive LSTM forward pass written straight from Keras's {@code LSTMCell.call} and {@code backend.rnn}
 * (triple loops, {@code Math.tanh}, no shared code with the layer under test), used as the independent double
 * reference for the optimized layer. Returns {@code [sample][processing step][unit]} outputs (already masked the
 * Keras way) followed by the final h and c as the last two "steps".
 */
final class ReferenceLstm {
    private ReferenceLstm() {
    }

    static double[][][] run(double[][] w, double[][] uRec, double[] bias, double[][][] x, boolean[][] mask,
                            double[][] h0, double[][] c0, boolean goBackwards, boolean hardSigmoid) {
        int units = uRec.length;
        int steps = x[0].length;
        double[][][] out = new double[x.length][steps + 2][];
        for (int b = 0; b < x.length; b++) {
            double[] h = h0 == null ? new double[units] : h0[b].clone();
            double[] c = c0 == null ? new double[units] : c0[b].clone();
            double[] prev = new double[units];
            for (int s = 0; s < steps; s++) {
                int t = goBackwards ? steps - 1 - s : s;
                if (mask == null || mask[b][t]) {
                    double[] z = new double[4 * units];
                    for (int j = 0; j < 4 * units; j++) {
                        double sum = bias == null ? 0 : bias[j];
                        for (int f = 0; f < w.length; f++) {
                            sum += x[b][t][f] * w[f][j];
                        }
                        for (int k = 0; k < units; k++) {
                            sum += h[k] * uRec[k][j];
                        }
                        z[j] = sum;
                    }
                    double[] hNew = new double[units];
                    for (int k = 0; k < units; k++) {
                        double i = gate(z[k], hardSigmoid);
                        double f = gate(z[units + k], hardSigmoid);
                        double g = Math.tanh(z[2 * units + k]);
                        double o = gate(z[3 * units + k], hardSigmoid);
                        c[k] = f * c[k] + i * g;
                        hNew[k] = o * Math.tanh(c[k]);
                    }
                    h = hNew;
                    prev = h.clone();
                }
                out[b][s] = prev.clone();
            }
            out[b][steps] = h;
            out[b][steps + 1] = c;
        }
        return out;
    }

    /** Asserts a layer's outputs and final state equal {@link #run}'s {@code ref} (c to ten times the tolerance). */
    static void assertMatches(LayerOutput out, double[][][] ref, double tol, String what) {
        int steps = ref[0].length - 2;
        for (int s = 0; s < ref.length; s++) {
            for (int t = 0; t < steps; t++) {
                double[] row = new double[out.units()];
                for (int j = 0; j < row.length; j++) {
                    row[j] = out.output(s, t, j);
                }
                assertThat(row).as("%s: sample %d step %d", what, s, t).containsExactly(ref[s][t], within(tol));
            }
            assertThat(out.state().h(s)).as("%s: final h of %d", what, s).containsExactly(ref[s][steps], within(tol));
            assertThat(out.state().c(s)).as("%s: final c of %d", what, s)
                    .containsExactly(ref[s][steps + 1], within(tol * 10));
        }
    }

    private static double gate(double z, boolean hardSigmoid) {
        return hardSigmoid ? Math.max(0, Math.min(1, 0.2 * z + 0.5)) : 1 / (1 + Math.exp(-z));
    }
}
