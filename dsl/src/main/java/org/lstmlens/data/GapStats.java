package org.lstmlens.data;

import java.io.Serializable;

/**
 * The distribution of the completeness gap, {@code sum(attribution) - (f(x) - f(baseline))}: its signed and absolute
 * sums (exact), the largest relative gap, and the relative gaps |gap| / |f(x) - f(baseline)| as log10 in a histogram
 * of tenth-decade bins from 1e-16 to 1e4 (quantiles within a factor 10^0.1 = 1.26).
 */
final class GapStats implements Serializable {
    private static final long serialVersionUID = 1L;
    static final double LOG_LO = -16;
    static final double LOG_HI = 4;

    private final ExactSum sum = new ExactSum();
    private final ExactSum sumAbs = new ExactSum();
    private final Histogram logRelative = new Histogram(LOG_LO, LOG_HI, (int) ((LOG_HI - LOG_LO) * 10));
    private double maxRelative;
    private long count;

    void add(double gap, double relative) {
        count++;
        sum.add(gap);
        sumAbs.add(Math.abs(gap));
        maxRelative = Math.max(maxRelative, relative);
        logRelative.add(relative > 0 ? Math.log10(relative) : LOG_LO - 1);
    }

    void merge(GapStats o) {
        count += o.count;
        sum.merge(o.sum);
        sumAbs.merge(o.sumAbs);
        logRelative.merge(o.logRelative);
        maxRelative = Math.max(maxRelative, o.maxRelative);
    }

    long count() {
        return count;
    }

    double mean() {
        return sum.value() / count;
    }

    double meanAbs() {
        return sumAbs.value() / count;
    }

    double maxRelative() {
        return maxRelative;
    }

    /** The q-quantile of the relative gap (0 below 1e-16). */
    double relativeQuantile(double q) {
        double l = logRelative.quantile(q);
        return l < LOG_LO ? 0 : Math.pow(10, l);
    }

    Histogram histogram() {
        return logRelative;
    }
}
