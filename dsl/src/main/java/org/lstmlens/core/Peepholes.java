package org.lstmlens.core;

import org.lstmlens.error.ShapeException;

/**
 * An LSTM's peephole weights (ONNX's {@code P}): three vectors of {@code units} values through which the cell state
 * reaches the gates, {@code z_i += P_i * c_prev}, {@code z_f += P_f * c_prev} and {@code z_o += P_o * c} (the output
 * gate sees the new cell state). Kept in the order i, f, o here; ONNX stores them i, o, f ({@link #fromOnnx}).
 * Immutable: accessors return copies.
 */
public final class Peepholes {
    private final double[] input;
    private final double[] forget;
    private final double[] output;

    private Peepholes(double[] input, double[] forget, double[] output) {
        this.input = input;
        this.forget = forget;
        this.output = output;
    }

    /**
     * The three vectors (copied).
     *
     * @param pi the input gate's, units values. Not modified.
     * @param pf the forget gate's. Not modified.
     * @param po the output gate's. Not modified.
     * @throws ShapeException if one is missing or they differ in length
     */
    public static Peepholes of(double[] pi, double[] pf, double[] po) {
        if (pi == null || pf == null || po == null || pi.length == 0 || pf.length != pi.length
                || po.length != pi.length) {
            throw new ShapeException("peepholes: expected three vectors of units values (P_i, P_f, P_o), got "
                    + len(pi) + ", " + len(pf) + " and " + len(po) + " values");
        }
        return new Peepholes(pi.clone(), pf.clone(), po.clone());
    }

    /**
     * From ONNX's {@code P} of one direction: 3*units values in the order i, o, f.
     *
     * @throws ShapeException if the length is not a positive multiple of 3
     */
    public static Peepholes fromOnnx(double[] p) {
        if (p == null || p.length == 0 || p.length % 3 != 0) {
            throw new ShapeException("ONNX peepholes P: expected 3*hidden_size values (P_i, P_o, P_f), got "
                    + len(p));
        }
        int u = p.length / 3;
        return new Peepholes(java.util.Arrays.copyOfRange(p, 0, u), java.util.Arrays.copyOfRange(p, 2 * u, 3 * u),
                java.util.Arrays.copyOfRange(p, u, 2 * u));
    }

    private static String len(double[] v) {
        return v == null ? "null" : String.valueOf(v.length);
    }

    public int units() {
        return input.length;
    }

    /** {@code P_i} (a copy). */
    public double[] input() {
        return input.clone();
    }

    /** {@code P_f} (a copy). */
    public double[] forget() {
        return forget.clone();
    }

    /** {@code P_o} (a copy). */
    public double[] output() {
        return output.clone();
    }

    /** The peephole of a gate's unit: i, f or o; 0 for the candidate, which has none. */
    public double value(Band gate, int unit) {
        double[] v = data(gate);
        return v == null ? 0 : v[unit];
    }

    /** The gate's vector (not a copy, not to be modified), or null for the candidate. */
    double[] data(Band gate) {
        if (gate == Gate.I) {
            return input;
        }
        if (gate == Gate.F) {
            return forget;
        }
        return gate == Gate.O ? output : null;
    }

    @Override
    public String toString() {
        return "Peepholes[units=" + units() + "]";
    }
}
