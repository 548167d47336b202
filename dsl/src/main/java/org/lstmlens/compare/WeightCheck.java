package org.lstmlens.compare;

import java.util.ArrayList;
import java.util.List;
import org.lstmlens.core.Band;
import org.lstmlens.core.CellWeights;
import org.lstmlens.core.GruCell;
import org.lstmlens.core.GruGate;
import org.lstmlens.core.RecurrentCell;

/** The two cells' weights gate by gate, block against block, in the core's layout (the readers mapped both files). */
final class WeightCheck {
    private WeightCheck() {
    }

    static List<GateWeights> of(RecurrentCell a, RecurrentCell b, Tolerance tol) {
        CellWeights wa = a.weights();
        CellWeights wb = b.weights();
        boolean two = wa.hasRecurrentBias() || wb.hasRecurrentBias();
        List<GateWeights> out = new ArrayList<>();
        for (Band band : a.bands()) {
            Band other = b.bands().get(band.index());
            List<GateWeights.Row> rows = new ArrayList<>();
            rows.add(row("W", wa.kernelBlock(band).data, wb.kernelBlock(other).data, true, tol));
            rows.add(row("U", wa.recurrentBlock(band).data, wb.recurrentBlock(other).data, true, tol));
            double[] ba = wa.biasBlock(band);
            double[] bb = wb.biasBlock(other);
            if (!two) {
                rows.add(row("b", ba, bb, true, tol));
            } else {
                boolean sum = onlySumCounts(a, b, band);
                double[] pa = wa.recurrentBiasBlock(band);
                double[] pb = wb.recurrentBiasBlock(other);
                rows.add(row("b", ba, bb, !sum, tol));
                rows.add(row("b'", pa, pb, !sum, tol));
                rows.add(row("b+b'", plus(ba, pa), plus(bb, pb), sum, tol));
            }
            out.add(new GateWeights(band.symbol(), rows));
        }
        return out;
    }

    /**
     * Whether only b + b' of this band enters the math: everywhere but a GRU's candidate when either cell applies r
     * after the recurrent product (then r multiplies b'_h, and b_h and b'_h are not interchangeable).
     */
    static boolean onlySumCounts(RecurrentCell a, RecurrentCell b, Band band) {
        return !(band == GruGate.H && (resetAfter(a) || resetAfter(b)));
    }

    static boolean resetAfter(RecurrentCell c) {
        return c instanceof GruCell && ((GruCell) c).resetAfter();
    }

    private static GateWeights.Row row(String name, double[] a, double[] b, boolean counts, Tolerance tol) {
        return new GateWeights.Row(name, largest(a, b), tol.agree(a, b), counts);
    }

    static double largest(double[] a, double[] b) {
        double m = 0;
        for (int k = 0; k < a.length; k++) {
            double d = Math.abs(a[k] - b[k]);
            m = Double.isNaN(d) ? Double.NaN : Math.max(m, d);
            if (Double.isNaN(m)) {
                return m;
            }
        }
        return m;
    }

    static double[] plus(double[] a, double[] b) {
        double[] s = new double[a.length];
        for (int k = 0; k < a.length; k++) {
            s[k] = a[k] + b[k];
        }
        return s;
    }
}
