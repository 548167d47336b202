package org.lstmlens.data;

import java.io.Serializable;

/**
 * State statistics over sequences: per unit, the mean of h over every step and its distribution (a histogram of 200
 * bins over [-1, 1]: tanh-bounded outputs; quantiles within 0.01, values outside counted apart with the exact min and
 * max), the keeping gate's survival by lag and unit (exact sums), and how many sequences had each memory horizon.
 */
final class StateStats implements Serializable {
    private static final long serialVersionUID = 1L;
    static final int BINS = 200;

    private final int steps;
    private final int units;
    private final ExactSum[] h;
    private final Histogram[] hist;
    private final ExactSum[] survival;   // [lag * units + unit]
    private final long[] horizons;
    private long count;
    private long withMemory;

    StateStats(int steps, int units) {
        this.steps = steps;
        this.units = units;
        h = StepStats.sums(units);
        hist = new Histogram[units];
        for (int k = 0; k < units; k++) {
            hist[k] = new Histogram(-1, 1 + 1e-12, BINS);
        }
        survival = StepStats.sums(steps * units);
        horizons = new long[steps];
    }

    boolean fits(StateSummary s) {
        return s.h().length == steps && s.units() == units;
    }

    void add(StateSummary s) {
        count++;
        for (double[] row : s.h()) {
            for (int k = 0; k < units; k++) {
                h[k].add(row[k]);
                hist[k].add(row[k]);
            }
        }
        if (s.hasMemory()) {
            withMemory++;
            for (int lag = 0; lag < steps; lag++) {
                for (int k = 0; k < units; k++) {
                    survival[lag * units + k].add(s.survival()[lag][k]);
                }
            }
            horizons[s.horizon()]++;
        }
    }

    void merge(StateStats o) {
        count += o.count;
        withMemory += o.withMemory;
        for (int k = 0; k < units; k++) {
            h[k].merge(o.h[k]);
            hist[k].merge(o.hist[k]);
        }
        for (int i = 0; i < survival.length; i++) {
            survival[i].merge(o.survival[i]);
        }
        for (int lag = 0; lag < steps; lag++) {
            horizons[lag] += o.horizons[lag];
        }
    }

    int units() {
        return units;
    }

    int steps() {
        return steps;
    }

    long count() {
        return count;
    }

    boolean hasMemory() {
        return withMemory > 0;
    }

    double meanActivation(int unit) {
        return h[unit].value() / ((double) count * steps);
    }

    double activationQuantile(int unit, double q) {
        return hist[unit].quantile(q);
    }

    Histogram histogram(int unit) {
        return hist[unit];
    }

    double meanSurvival(int lag, int unit) {
        return survival[lag * units + unit].value() / withMemory;
    }

    /** Mean over units and sequences. */
    double meanSurvival(int lag) {
        double s = 0;
        for (int k = 0; k < units; k++) {
            s += meanSurvival(lag, k);
        }
        return s / units;
    }

    long horizonCount(int lag) {
        return horizons[lag];
    }
}
