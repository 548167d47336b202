package org.lstmlens.io.onnx;

import org.lstmlens.model.Tensor;

/**
 * A tensor stored in the file (an initializer, a Constant's value, or what a node computed from such), kept as the
 * values read: recurrent weights are mapped from them directly, and a {@link Tensor} is made once, only where a node
 * of the graph reads one (a 100 MB file is not copied array after array).
 */
final class Stored {
    private final int[] shape;
    private final double[] values;
    private volatile Tensor tensor;

    /** @param values row-major, owned by this object from now on */
    Stored(int[] shape, double[] values) {
        this.shape = shape.clone();
        this.values = values;
    }

    static Stored of(Tensor t) {
        Stored s = new Stored(t.shape(), t.values());
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
        return values.length;
    }

    /** The values themselves, row-major: read, never written. */
    double[] values() {
        return values;
    }

    Tensor tensor() {
        Tensor t = tensor;
        if (t == null) {
            t = Tensor.of(shape, values);
            tensor = t; // a benign race: the same values either way
        }
        return t;
    }
}
