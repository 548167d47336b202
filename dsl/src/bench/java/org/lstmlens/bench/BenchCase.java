package org.lstmlens.bench;

import java.util.Random;
import org.lstmlens.core.Activation;
import org.lstmlens.core.GruCell;
import org.lstmlens.core.LstmCell;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.core.LstmWeights;
import org.lstmlens.core.Rnn;
import org.lstmlens.core.SequenceBatch;
import org.lstmlens.core.SimpleRnnCell;

/**
 * The benchmark cases of issue 8, shared by every benchmark (and mirrored by peers/peers.py): Keras-like random
 * weights (uniform kernel at the Glorot limit, recurrent kernel scaled by 1/sqrt(units), bias zero with the forget
 * block at 1), sigmoid gates and tanh, inputs uniform in [-1, 1), the last output only (return_sequences=False).
 * The same shapes run for a GRU (reset_after=True, the Keras 3 default and PyTorch's semantics; two bias rows) and a
 * SimpleRNN (tanh), their biases small and random.
 */
enum BenchCase {
    /** A small interactive model. */
    A(1, 32, 64, 100),
    /** A batch of mid-size sequences. */
    B(64, 128, 256, 100),
    /** One long sequence through a wide layer. */
    C(1, 128, 512, 1000);

    final int batch;
    final int features;
    final int units;
    final int steps;

    BenchCase(int batch, int features, int units, int steps) {
        this.batch = batch;
        this.features = features;
        this.units = units;
        this.steps = steps;
    }

    /** The floating-point operations of the products, {@code 2 * batch * T * bands*u * (features + u)}. */
    double flops(int bands) {
        return 2.0 * batch * steps * bands * units * (features + units);
    }

    /** The layer of this case for a cell: {@code LSTM}, {@code GRU} or {@code SimpleRNN}. */
    Rnn layer(String cell) {
        switch (cell) {
            case "LSTM":
                return layer();
            case "GRU": {
                Random rnd = new Random(43);
                double limit = Math.sqrt(6.0 / (features + 3 * units));
                double[][] kernel = uniform(rnd, features, 3 * units, limit);
                double[][] recurrent = uniform(rnd, units, 3 * units, 1 / Math.sqrt(units));
                double[][] biases = uniform(rnd, 2, 3 * units, 0.1);
                GruCell c = new GruCell(GruCell.weights(kernel, recurrent, biases[0], biases[1]), Activation.TANH,
                        Activation.SIGMOID, true);
                return new Rnn("gru", c, false, false);
            }
            case "SimpleRNN": {
                Random rnd = new Random(44);
                double limit = Math.sqrt(6.0 / (features + units));
                double[][] kernel = uniform(rnd, features, units, limit);
                double[][] recurrent = uniform(rnd, units, units, 1 / Math.sqrt(units));
                double[] bias = uniform(rnd, 1, units, 0.1)[0];
                return new Rnn("rnn", new SimpleRnnCell(SimpleRnnCell.weights(kernel, recurrent, bias),
                        Activation.TANH), false, false);
            }
            default:
                throw new IllegalArgumentException("cell: LSTM, GRU or SimpleRNN, got " + cell);
        }
    }

    LstmLayer layer() {
        Random rnd = new Random(42);
        double limit = Math.sqrt(6.0 / (features + 4 * units));
        double[][] kernel = uniform(rnd, features, 4 * units, limit);
        double[][] recurrent = uniform(rnd, units, 4 * units, 1 / Math.sqrt(units));
        double[] bias = new double[4 * units];
        java.util.Arrays.fill(bias, units, 2 * units, 1.0);
        LstmCell cell = new LstmCell(LstmWeights.of(kernel, recurrent, bias), Activation.TANH, Activation.SIGMOID);
        return new LstmLayer("lstm", cell, false, false);
    }

    SequenceBatch input() {
        Random rnd = new Random(7);
        double[][][] x = new double[batch][][];
        for (int b = 0; b < batch; b++) {
            x[b] = uniform(rnd, steps, features, 1);
        }
        return SequenceBatch.of(x);
    }

    private static double[][] uniform(Random rnd, int rows, int cols, double limit) {
        double[][] m = new double[rows][cols];
        for (double[] r : m) {
            for (int j = 0; j < cols; j++) {
                r[j] = (rnd.nextDouble() * 2 - 1) * limit;
            }
        }
        return m;
    }
}
