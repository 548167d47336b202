package org.lstmlens.data;

/** The scores of {@link UnitPattern}: higher matches better. */
final class Match {
    private Match() {
    }

    static double score(UnitPattern p, double[] h) {
        switch (p.match()) {
            case ABOVE: return above(h, p.threshold());
            case CORRELATION: return correlation(h, p.pattern());
            default: return -rms(h, p.pattern());
        }
    }

    static double above(double[] h, double threshold) {
        int n = 0;
        for (double v : h) {
            if (v > threshold) {
                n++;
            }
        }
        return (double) n / h.length;
    }

    /** Pearson's r; 0 where either side is constant (no shape to match). */
    static double correlation(double[] a, double[] b) {
        double ma = mean(a);
        double mb = mean(b);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa == 0 || sbb == 0 ? 0 : sab / Math.sqrt(saa * sbb);
    }

    static double rms(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s / a.length);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}
