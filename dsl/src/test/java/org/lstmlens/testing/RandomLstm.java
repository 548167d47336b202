package org.lstmlens.testing;

import java.util.Random;
import org.lstmlens.core.Activation;
import org.lstmlens.core.LstmCell;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.core.LstmWeights;
import org.lstmlens.core.SequenceBatch;

/** Random layers, inputs and masks for tests that check identities (finite differences, completeness). */
public final class RandomLstm {
    private RandomLstm() {
    }

    /** A layer with weights uniform in [-scale, scale]. */
    public static LstmLayer layer(Random rnd, int inputDim, int units, double scale, Activation activation,
            Activation recurrentActivation, boolean returnSequences, boolean goBackwards) {
        LstmWeights w = LstmWeights.of(matrix(rnd, inputDim, 4 * units, scale), matrix(rnd, units, 4 * units, scale),
                vector(rnd, 4 * units, scale));
        return new LstmLayer("random", new LstmCell(w, activation, recurrentActivation), returnSequences, goBackwards);
    }

    public static SequenceBatch input(Random rnd, int batch, int steps, int features, double scale) {
        double[][][] x = new double[batch][steps][];
        for (int b = 0; b < batch; b++) {
            x[b] = matrix(rnd, steps, features, scale);
        }
        return SequenceBatch.of(x);
    }

    public static double[][] matrix(Random rnd, int rows, int cols, double scale) {
        double[][] m = new double[rows][];
        for (int r = 0; r < rows; r++) {
            m[r] = vector(rnd, cols, scale);
        }
        return m;
    }

    public static double[] vector(Random rnd, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (2 * rnd.nextDouble() - 1) * scale;
        }
        return v;
    }

    public static double[][][] tensor(Random rnd, int a, int b, int c, double scale) {
        double[][][] t = new double[a][][];
        for (int i = 0; i < a; i++) {
            t[i] = matrix(rnd, b, c, scale);
        }
        return t;
    }
}
