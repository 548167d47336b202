package org.lstmlens.compare;

import java.util.Random;
import org.lstmlens.core.Activation;
import org.lstmlens.core.GruCell;
import org.lstmlens.core.LstmCell;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.core.LstmWeights;
import org.lstmlens.core.Rnn;
import org.lstmlens.model.BidirectionalLayer;
import org.lstmlens.model.Layer;
import org.lstmlens.model.Model;
import org.lstmlens.model.RecurrentLayer;
import org.lstmlens.testing.RandomLstm;

/** Layers built from arrays for the comparison tests: seeded weights, and the same weights with one mistake. */
final class Cells {
    private Cells() {
    }

    /** W (d x bands*u), U (u x bands*u) and b (bands*u), seeded normal values of scale 0.5. */
    record Arrays(double[][] w, double[][] u, double[] b, double[] b2) {
        static Arrays random(long seed, int d, int units, int bands) {
            Random r = new Random(seed);
            return new Arrays(RandomLstm.matrix(r, d, bands * units, 0.5), RandomLstm.matrix(r, units, bands * units,
                    0.5), RandomLstm.vector(r, bands * units, 0.5), RandomLstm.vector(r, bands * units, 0.5));
        }

        /** The blocks of every array (units wide) taken in {@code order}. */
        Arrays blocks(int units, int... order) {
            return new Arrays(cols(w, units, order), cols(u, units, order), cols(b, units, order),
                    cols(b2, units, order));
        }

        Arrays withB(double[] value) {
            return new Arrays(w, u, value, b2);
        }

        Arrays withB2(double[] value) {
            return new Arrays(w, u, b, value);
        }

        Arrays withU(int row, int col, double delta) {
            double[][] v = copy(u);
            v[row][col] += delta;
            return new Arrays(w, v, b, b2);
        }

        Arrays withW(int row, int col, double delta) {
            double[][] v = copy(w);
            v[row][col] += delta;
            return new Arrays(v, u, b, b2);
        }
    }

    static RecurrentLayer lstm(String name, Arrays a) {
        return lstm(name, a, Activation.SIGMOID);
    }

    static RecurrentLayer lstm(String name, Arrays a, Activation gates) {
        return RecurrentLayer.of(new LstmLayer(name, new LstmCell(LstmWeights.of(a.w(), a.u(), a.b()), Activation.TANH,
                gates), true, false));
    }

    /** A GRU; with resetAfter it keeps both biases, without it the input bias only. */
    static RecurrentLayer gru(String name, Arrays a, boolean resetAfter) {
        return RecurrentLayer.of(new Rnn(name, new GruCell(GruCell.weights(a.w(), a.u(), a.b(), resetAfter ? a.b2()
                : null), Activation.TANH, Activation.SIGMOID, resetAfter), true, false));
    }

    static BidirectionalLayer bidirectional(String name, RecurrentLayer forward, RecurrentLayer backward) {
        RecurrentLayer back = RecurrentLayer.of(backward.rnn().withGoBackwards(true));
        return new BidirectionalLayer(name, forward, back, BidirectionalLayer.Merge.CONCAT, true);
    }

    static Model model(String name, Layer... layers) {
        return Model.sequential(name, layers);
    }

    static Comparison compare(Layer a, Layer b) {
        return Comparison.of("a", model("a", a), "b", model("b", b));
    }

    static double[] scaled(double[] v, double f) {
        double[] out = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            out[k] = f * v[k];
        }
        return out;
    }

    static double[] plus(double[] a, double[] b) {
        return WeightCheck.plus(a, b);
    }

    private static double[][] cols(double[][] m, int units, int[] order) {
        double[][] out = new double[m.length][];
        for (int r = 0; r < m.length; r++) {
            out[r] = cols(m[r], units, order);
        }
        return out;
    }

    private static double[] cols(double[] v, int units, int[] order) {
        double[] out = new double[v.length];
        for (int j = 0; j < order.length; j++) {
            System.arraycopy(v, order[j] * units, out, j * units, units);
        }
        return out;
    }

    private static double[][] copy(double[][] m) {
        double[][] out = new double[m.length][];
        for (int r = 0; r < m.length; r++) {
            out[r] = m[r].clone();
        }
        return out;
    }
}
