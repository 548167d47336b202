package org.lstmlens.core;

import org.lstmlens.error.ShapeException;

/** The recurrent state (h, c) of a batch, one row of {@code units} values per sample. Immutable. */
public final class LstmState {
    private final int batch;
    private final int units;
    private final double[] h;
    private final double[] c;

    LstmState(int batch, int units, double[] h, double[] c) {
        this.batch = batch;
        this.units = units;
        this.h = h;
        this.c = c;
    }

    /**
     * A state from {@code h[sample][unit]} and {@code c[sample][unit]} (copied).
     *
     * @throws ShapeException if h and c are ragged or differ in shape
     */
    public static LstmState of(double[][] h, double[][] c) {
        if (h == null || c == null || h.length == 0 || h.length != c.length) {
            throw new ShapeException("initial state: h and c need the same number of samples (at least one), got "
                    + (h == null ? "null" : h.length) + " and " + (c == null ? "null" : c.length));
        }
        int units = h[0] == null ? 0 : h[0].length;
        double[] hd = new double[h.length * units];
        double[] cd = new double[h.length * units];
        for (int b = 0; b < h.length; b++) {
            if (h[b] == null || c[b] == null || h[b].length != units || c[b].length != units) {
                throw new ShapeException("initial state: sample " + b + " needs " + units
                        + " values in both h and c (as sample 0 has)");
            }
            System.arraycopy(h[b], 0, hd, b * units, units);
            System.arraycopy(c[b], 0, cd, b * units, units);
        }
        return new LstmState(h.length, units, hd, cd);
    }

    /** Zeros, as Keras starts every sequence. */
    public static LstmState zeros(int batch, int units) {
        return new LstmState(batch, units, new double[batch * units], new double[batch * units]);
    }

    public int batch() {
        return batch;
    }

    public int units() {
        return units;
    }

    public double h(int sample, int unit) {
        return h[sample * units + unit];
    }

    public double c(int sample, int unit) {
        return c[sample * units + unit];
    }

    /** {@code h[sample]} (a copy). */
    public double[] h(int sample) {
        SequenceBatch.checkIndex("sample", sample, batch);
        return java.util.Arrays.copyOfRange(h, sample * units, (sample + 1) * units);
    }

    /** {@code c[sample]} (a copy). */
    public double[] c(int sample) {
        SequenceBatch.checkIndex("sample", sample, batch);
        return java.util.Arrays.copyOfRange(c, sample * units, (sample + 1) * units);
    }

    double[] hData() {
        return h;
    }

    double[] cData() {
        return c;
    }

    @Override
    public String toString() {
        return "LstmState[batch=" + batch + ", units=" + units + "]";
    }
}
