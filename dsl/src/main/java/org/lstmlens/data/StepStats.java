package org.lstmlens.data;

import java.io.Serializable;

/**
 * Per-timestep aggregates of attributions over sequences of one length: summed |attribution| and signed attribution
 * (over features), each sequence's share of its total |attribution| per timestep (summed, and in a histogram for
 * quantiles), and how often each timestep was the top one. Exact and order-free ({@link ExactSum}, counts).
 */
final class StepStats implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Bins of the share histograms: quantiles of a share are within 1/SHARE_BINS (0.5 percentage points). */
    static final int SHARE_BINS = 200;

    private final ExactSum[] abs;
    private final ExactSum[] signed;
    private final ExactSum[] share;
    private final Histogram[] shareHist;
    private final long[] top;
    private long count;

    StepStats(int steps) {
        abs = sums(steps);
        signed = sums(steps);
        share = sums(steps);
        shareHist = new Histogram[steps];
        for (int t = 0; t < steps; t++) {
            shareHist[t] = new Histogram(0, 1.0 + 1e-12, SHARE_BINS);
        }
        top = new long[steps];
    }

    static ExactSum[] sums(int n) {
        ExactSum[] s = new ExactSum[n];
        for (int i = 0; i < n; i++) {
            s[i] = new ExactSum();
        }
        return s;
    }

    void add(double[][] a, int topTimestep) {
        count++;
        double[] byStep = new double[a.length];
        double total = 0;
        for (int t = 0; t < a.length; t++) {
            double s = 0;
            for (double v : a[t]) {
                byStep[t] += Math.abs(v);
                s += v;
                abs[t].add(Math.abs(v));
            }
            signed[t].add(s);
            total += byStep[t];
        }
        for (int t = 0; t < a.length; t++) {
            double sh = total > 0 ? byStep[t] / total : 0;
            share[t].add(sh);
            shareHist[t].add(sh);
        }
        top[topTimestep]++;
    }

    void merge(StepStats o) {
        count += o.count;
        for (int t = 0; t < abs.length; t++) {
            abs[t].merge(o.abs[t]);
            signed[t].merge(o.signed[t]);
            share[t].merge(o.share[t]);
            shareHist[t].merge(o.shareHist[t]);
            top[t] += o.top[t];
        }
    }

    long count() {
        return count;
    }

    int steps() {
        return abs.length;
    }

    /** Mean over sequences of the summed |attribution| at timestep t. */
    double meanAbs(int t) {
        return abs[t].value() / count;
    }

    double mean(int t) {
        return signed[t].value() / count;
    }

    double meanShare(int t) {
        return share[t].value() / count;
    }

    double shareQuantile(int t, double q) {
        return shareHist[t].quantile(q);
    }

    long topCount(int t) {
        return top[t];
    }
}
