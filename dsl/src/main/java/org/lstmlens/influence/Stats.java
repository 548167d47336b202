package org.lstmlens.influence;

/** Mean and standard deviation over the first axis (samples). */
final class Stats {
    private Stats() {
    }

    static double[] mean(double[][] rows) {
        double[] m = new double[rows[0].length];
        for (double[] row : rows) {
            for (int i = 0; i < m.length; i++) {
                m[i] += row[i] / rows.length;
            }
        }
        return m;
    }

    /** Population standard deviation (0 for one row). */
    static double[] sd(double[][] rows, double[] mean) {
        double[] s = new double[mean.length];
        for (double[] row : rows) {
            for (int i = 0; i < s.length; i++) {
                double d = row[i] - mean[i];
                s[i] += d * d / rows.length;
            }
        }
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.sqrt(s[i]);
        }
        return s;
    }
}
