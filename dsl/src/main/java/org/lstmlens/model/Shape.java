package org.lstmlens.model;

import java.util.Arrays;

/**
 * A tensor's shape without its batch axis, as Keras prints it: {@code (None, 7, 3)}; {@code -1} is an unknown size.
 * Immutable.
 */
public final class Shape {
    public static final int UNKNOWN = -1;
    private final int[] dims;

    private Shape(int[] dims) {
        this.dims = dims;
    }

    /** The shape of one sample, e.g. {@code of(7, 3)} for 7 timesteps of 3 features. */
    public static Shape of(int... dims) {
        return new Shape(dims.clone());
    }

    public int rank() {
        return dims.length;
    }

    /** Size of axis {@code i} (0 = first axis after the batch). */
    public int dim(int i) {
        return dims[i];
    }

    public int last() {
        return dims[dims.length - 1];
    }

    public int[] dims() {
        return dims.clone();
    }

    /** The same shape with the last axis replaced. */
    public Shape withLast(int size) {
        int[] d = dims.clone();
        d[d.length - 1] = size;
        return new Shape(d);
    }

    /** Product of the sizes, or UNKNOWN when one is unknown. */
    public int size() {
        int n = 1;
        for (int d : dims) {
            if (d < 0) {
                return UNKNOWN;
            }
            n *= d;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape && Arrays.equals(dims, ((Shape) o).dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** {@code (None, 7, 3)}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("(None");
        for (int d : dims) {
            sb.append(", ").append(d < 0 ? "None" : Integer.toString(d));
        }
        return sb.append(')').toString();
    }
}
