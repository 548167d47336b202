package org.lstmlens.data;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Counts in fixed, equal bins over [lo, hi), with the values below and above counted apart and the exact minimum and
 * maximum kept: merging adds counts, so it is exact, associative and commutative. A quantile is read by linear
 * interpolation inside the bin where the cumulative count reaches it, so it is within one bin width,
 * {@code (hi - lo) / bins}, of the exact quantile of the values (for a quantile inside [lo, hi); outside, it is
 * clamped to the exact minimum or maximum).
 */
final class Histogram implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double lo;
    private final double hi;
    private final long[] counts;
    private long below;
    private long above;
    private long total;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    Histogram(double lo, double hi, int bins) {
        this.lo = lo;
        this.hi = hi;
        this.counts = new long[bins];
    }

    void add(double v) {
        total++;
        min = Math.min(min, v);
        max = Math.max(max, v);
        if (v < lo) {
            below++;
        } else if (v >= hi) {
            above++;
        } else {
            counts[Math.min(counts.length - 1, (int) ((v - lo) / (hi - lo) * counts.length))]++;
        }
    }

    void merge(Histogram o) {
        if (o.lo != lo || o.hi != hi || o.counts.length != counts.length) {
            throw new IllegalArgumentException("histograms over different bins cannot merge");
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += o.counts[i];
        }
        below += o.below;
        above += o.above;
        total += o.total;
        min = Math.min(min, o.min);
        max = Math.max(max, o.max);
    }

    long total() {
        return total;
    }

    double min() {
        return min;
    }

    double max() {
        return max;
    }

    double width() {
        return (hi - lo) / counts.length;
    }

    double lo() {
        return lo;
    }

    double hi() {
        return hi;
    }

    long[] counts() {
        return counts.clone();
    }

    long below() {
        return below;
    }

    long above() {
        return above;
    }

    /** The q-quantile (0..1), within one bin width; NaN when empty. */
    double quantile(double q) {
        if (total == 0) {
            return Double.NaN;
        }
        double rank = q * total;
        if (rank <= below) {
            return below > 0 ? min : Math.max(min, lo);
        }
        double seen = below;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0 && seen + counts[i] >= rank) {
                double v = lo + (i + (rank - seen) / counts[i]) * width();
                return Math.max(min, Math.min(max, v));
            }
            seen += counts[i];
        }
        return max;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Histogram h && h.lo == lo && h.hi == hi && Arrays.equals(h.counts, counts)
                && h.below == below && h.above == above && h.total == total && h.min == min && h.max == max;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts);
    }
}
