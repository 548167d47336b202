package org.lstmlens.core;

import org.lstmlens.error.LstmException;
import org.lstmlens.error.ShapeException;

/**
 * The recurrent state of a batch, one row of {@code units} values per sample: h, and for an LSTM the cell state c.
 * An LSTM with a projection (PyTorch's proj_size) keeps p values of h and units values of c ({@link #cellUnits()}).
 * Immutable.
 */
public final class RnnState {
    private final int batch;
    private final int units;
    private final int cellUnits;
    private final double[] h;
    private final double[] c; // null for cells without a cell state

    RnnState(int batch, int units, double[] h, double[] c) {
        this(batch, units, units, h, c);
    }

    RnnState(int batch, int units, int cellUnits, double[] h, double[] c) {
        this.batch = batch;
        this.units = units;
        this.cellUnits = cellUnits;
        this.h = h;
        this.c = c;
    }

    /**
     * An LSTM's state from {@code h[sample][unit]} and {@code c[sample][unit]} (copied). h and c have the same width
     * but with a projection, where h has p values and c units values.
     *
     * @throws ShapeException if h or c is ragged, or they differ in samples
     */
    public static RnnState of(double[][] h, double[][] c) {
        if (h == null || c == null || h.length == 0 || h.length != c.length) {
            throw new ShapeException("initial state: h and c need the same number of samples (at least one), got "
                    + (h == null ? "null" : h.length) + " and " + (c == null ? "null" : c.length));
        }
        return new RnnState(h.length, units(h), units(c), rows("h", h), rows("c", c));
    }

    /**
     * A GRU's or SimpleRNN's state from {@code h[sample][unit]} (copied).
     *
     * @throws ShapeException if h is empty or ragged
     */
    public static RnnState of(double[][] h) {
        if (h == null || h.length == 0) {
            throw new ShapeException("initial state: h needs at least one sample, got "
                    + (h == null ? "null" : "none"));
        }
        return new RnnState(h.length, units(h), rows("h", h), null);
    }

    private static int units(double[][] h) {
        return h[0] == null ? 0 : h[0].length;
    }

    private static double[] rows(String name, double[][] v) {
        int units = units(v);
        double[] d = new double[v.length * units];
        for (int b = 0; b < v.length; b++) {
            if (v[b] == null || v[b].length != units) {
                throw new ShapeException("initial state: sample " + b + " of " + name + " needs " + units
                        + " values (as sample 0 of " + name + " has)");
            }
            System.arraycopy(v[b], 0, d, b * units, units);
        }
        return d;
    }

    /** Zeros, as Keras starts every sequence; with a cell state c when {@code cellState}. */
    public static RnnState zeros(int batch, int units, boolean cellState) {
        return new RnnState(batch, units, new double[batch * units], cellState ? new double[batch * units] : null);
    }

    /** The zero state of a cell: h of its output size, c of its units for a cell that keeps one. */
    static RnnState zeros(int batch, RecurrentCell cell) {
        int hw = cell.outputSize();
        int u = cell.units();
        return new RnnState(batch, hw, u, new double[batch * hw], cell.hasCellState() ? new double[batch * u] : null);
    }

    /** An LSTM's zero state (h and c). */
    public static RnnState zeros(int batch, int units) {
        return zeros(batch, units, true);
    }

    public int batch() {
        return batch;
    }

    /** Values of h per sample: units, or an LSTM's projection size p. */
    public int units() {
        return units;
    }

    /** Values of c per sample (an LSTM's units; equal to {@link #units()} but with a projection), 0 without c. */
    public int cellUnits() {
        return c == null ? 0 : cellUnits;
    }

    /** Whether the state has a cell state c (an LSTM's). */
    public boolean hasCellState() {
        return c != null;
    }

    public double h(int sample, int unit) {
        return h[sample * units + unit];
    }

    public double c(int sample, int unit) {
        return cOrFail()[sample * cellUnits + unit];
    }

    /** {@code h[sample]} (a copy). */
    public double[] h(int sample) {
        SequenceBatch.checkIndex("sample", sample, batch);
        return java.util.Arrays.copyOfRange(h, sample * units, (sample + 1) * units);
    }

    /** {@code c[sample]} (a copy). */
    public double[] c(int sample) {
        SequenceBatch.checkIndex("sample", sample, batch);
        return java.util.Arrays.copyOfRange(cOrFail(), sample * cellUnits, (sample + 1) * cellUnits);
    }

    double[] hData() {
        return h;
    }

    double[] cData() {
        return c;
    }

    private double[] cOrFail() {
        if (c == null) {
            throw new LstmException("this state has no cell state c: only an LSTM keeps one (GRU and SimpleRNN keep h)");
        }
        return c;
    }

    @Override
    public String toString() {
        return "RnnState[batch=" + batch + ", units=" + units + (c == null ? ", h" : ", h and c")
                + (c != null && cellUnits != units ? " of " + cellUnits : "") + "]";
    }
}
