package org.lstmlens.compare;

import java.util.ArrayList;
import java.util.List;
import org.lstmlens.core.Band;
import org.lstmlens.core.SequenceBatch;
import org.lstmlens.core.Trace;
import org.lstmlens.model.RecurrentLayer;

/**
 * Both directions of a pair traced on one input (in double), compared step by step: for each gate, h and c the
 * largest |a - b| over samples and units, and whether any value of the step disagrees.
 */
final class RunCheck {
    /** One gate's or state's values over the steps. */
    record Series(String name, double[] largest, boolean[] off) {
        /** The first step where a value disagrees, or -1. */
        int first() {
            for (int s = 0; s < off.length; s++) {
                if (off[s]) {
                    return s;
                }
            }
            return -1;
        }
    }

    private RunCheck() {
    }

    /** The gates in the cell's order, then h, then c where both cells keep one. */
    static List<Series> of(RecurrentLayer a, RecurrentLayer b, double[][][] x, Tolerance tol) {
        SequenceBatch in = SequenceBatch.of(x);
        Trace ta = a.rnn().run(in, null, null, true).trace().orElseThrow();
        Trace tb = b.rnn().run(in, null, null, true).trace().orElseThrow();
        List<Series> out = new ArrayList<>();
        for (Band band : a.cell().bands()) {
            Band other = b.cell().bands().get(band.index());
            out.add(series(band.symbol(), ta, ta.units(), (n, s, k) -> ta.gate(n, s, band, k),
                    (n, s, k) -> tb.gate(n, s, other, k), tol));
        }
        out.add(series("h", ta, ta.outputSize(), ta::h, tb::h, tol)); // p values with an LSTM's projection
        if (a.cell().hasCellState() && b.cell().hasCellState()) {
            out.add(series("c", ta, ta.units(), ta::c, tb::c, tol));
        }
        return out;
    }

    private interface Value {
        double at(int sample, int step, int unit);
    }

    private static Series series(String name, Trace shape, int values, Value a, Value b, Tolerance tol) {
        int steps = shape.steps();
        double[] d = new double[steps];
        boolean[] off = new boolean[steps];
        for (int s = 0; s < steps; s++) {
            for (int n = 0; n < shape.batch(); n++) {
                for (int k = 0; k < values; k++) {
                    double va = a.at(n, s, k);
                    double vb = b.at(n, s, k);
                    double diff = Math.abs(va - vb);
                    // NaN wins: a NaN in one run is a difference, not a tie
                    d[s] = Double.isNaN(d[s]) || Double.isNaN(diff) ? Double.NaN : Math.max(d[s], diff);
                    off[s] |= !tol.agree(va, vb);
                }
            }
        }
        return new Series(name, d, off);
    }
}
