package org.lstmlens.model;

import java.util.Arrays;
import org.lstmlens.error.ShapeException;

/** Shape checks and element-wise helpers for gradients flowing back through layers. */
final class Tensors {
    private Tensors() {
    }

    static void requireSameShape(Tensor actual, Tensor expected, String what) {
        if (actual == null || !Arrays.equals(actual.shape(), expected.shape())) {
            throw new ShapeException(what + ": expected shape " + Arrays.toString(expected.shape()) + ", got "
                    + (actual == null ? "null" : Arrays.toString(actual.shape())));
        }
    }

    /** Zeros of {@code like}'s shape, with its mask: the gradient of an input no objective depends on. */
    static Tensor zerosLike(Tensor like) {
        return Tensor.wrap(like.shape(), new double[like.data().length], like.maskData());
    }

    /** {@code d} with every timestep the mask drops set to zero (rank 3, mask {@code [sample][timestep]}). */
    static Tensor zeroMasked(Tensor d, boolean[][] mask, boolean[][] maskOfResult) {
        double[] out = d.data().clone();
        if (mask != null) {
            int batch = d.dim(0);
            int steps = d.dim(1);
            int f = d.lastDim();
            for (int b = 0; b < batch; b++) {
                for (int t = 0; t < steps; t++) {
                    if (!mask[b][t]) {
                        Arrays.fill(out, (b * steps + t) * f, (b * steps + t + 1) * f, 0.0);
                    }
                }
            }
        }
        return Tensor.wrap(d.shape(), out, maskOfResult);
    }

    /** The time axis (axis 1) of a rank-3 tensor reversed. */
    static Tensor flipTime(Tensor y) {
        int batch = y.dim(0);
        int steps = y.dim(1);
        int u = y.dim(2);
        double[] d = y.data();
        double[] out = new double[d.length];
        for (int b = 0; b < batch; b++) {
            for (int s = 0; s < steps; s++) {
                System.arraycopy(d, (b * steps + s) * u, out, (b * steps + steps - 1 - s) * u, u);
            }
        }
        return Tensor.wrap(y.shape(), out, y.maskData());
    }
}
