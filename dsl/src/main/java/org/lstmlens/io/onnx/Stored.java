package org.lstmlens.io.onnx;

import java.util.function.Supplier;
import org.lstmlens.model.Tensor;

/**
 * A tensor stored in the file (an initializer, a Constant's value, or what a node computed from such). Its values are
 * read when first asked for, and a float32 array can be read element by element where it lies (recurrent weights are
 * mapped from the file's bytes straight into the core's layout); a {@link Tensor} is made once, only where a node of
 * the graph reads one. So a 100 MB file is not copied array after array.
 */
final class Stored {
    private final int[] shape;
    private final int size;
    private final Supplier<double[]> read;
    private final RowReader rows;
    private volatile double[] values;
    private volatile Tensor tensor;

    /** Copies {@code len} values from element {@code from} into {@code dst} at {@code at}, where they lie. */
    @FunctionalInterface
    interface RowReader {
        void copy(int from, double[] dst, int at, int len);
    }

    /**
     * @param read makes the row-major values (called at most once, in practice)
     * @param rows reads a run of values where they lie, or null to read the whole array
     */
    Stored(int[] shape, Supplier<double[]> read, RowReader rows) {
        this.shape = shape.clone();
        this.size = Nd.size(shape);
        this.read = read;
        this.rows = rows;
    }

    static Stored of(Tensor t) {
        double[] v = t.values();
        Stored s = new Stored(t.shape(), () -> v, null);
        s.tensor = t;
        return s;
    }

    int rank() {
        return shape.length;
    }

    int dim(int axis) {
        return shape[axis];
    }

    int[] shape() {
        return shape.clone();
    }

    int size() {
        return size;
    }

    /** The values, row-major: read, never written. */
    double[] values() {
        double[] v = values;
        if (v == null) {
            v = read.get();
            values = v; // a benign race: the same values either way
        }
        return v;
    }

    /** Copies {@code len} values from element {@code from}, without reading the whole array when they can be read where they lie. */
    void copy(int from, double[] dst, int at, int len) {
        if (rows != null && values == null) {
            rows.copy(from, dst, at, len);
        } else {
            System.arraycopy(values(), from, dst, at, len);
        }
    }

    Tensor tensor() {
        Tensor t = tensor;
        if (t == null) {
            t = Tensor.of(shape, values());
            tensor = t; // a benign race: the same values either way
        }
        return t;
    }
}
