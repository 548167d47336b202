package org.lstmlens.testing;

import org.lstmlens.core.Activation;
import org.lstmlens.core.Gate;
import org.lstmlens.core.LstmCell;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.core.LstmWeights;

/**
 * A hand-designed LSTM whose memory is known by construction: a shift register. With Keras 2's hard_sigmoid, a bias
 * of +10 on i and o and -10 on f gives i = o = 1 and f = 0 exactly (clip(0.2 * 10 + 0.5) = 1, clip(-1.5) = 0), so
 * every step the cell forgets its past and takes the candidate:
 * <pre>
 *   unit 0:  c = tanh(a * x[t])          h = tanh(c)
 *   unit j:  c = tanh(a * h_{j-1}[t-1])  h = tanh(c)
 * </pre>
 * Unit j at the last step T-1 is therefore a function of x[T-1-j] alone: its true lag is j, and every other timestep
 * has exactly zero influence (the gates' slope is 0 in the saturated region, f = 0 cuts the cell path).
 */
public final class DelayLine {
    private DelayLine() {
    }

    /** A one-feature delay line of {@code units} units; unit j holds the input from j steps ago. */
    public static LstmLayer layer(int units, double a) {
        double[][] kernel = new double[1][4 * units];
        double[][] recurrent = new double[units][4 * units];
        double[] bias = new double[4 * units];
        kernel[0][Gate.C.column(units, 0)] = a;
        for (int j = 1; j < units; j++) {
            recurrent[j - 1][Gate.C.column(units, j)] = a;
        }
        for (int k = 0; k < units; k++) {
            bias[Gate.I.column(units, k)] = 10;
            bias[Gate.F.column(units, k)] = -10;
            bias[Gate.O.column(units, k)] = 10;
        }
        LstmCell cell = new LstmCell(LstmWeights.of(kernel, recurrent, bias), Activation.TANH,
                Activation.HARD_SIGMOID_KERAS2);
        return new LstmLayer("delay_line", cell, false, false);
    }
}
