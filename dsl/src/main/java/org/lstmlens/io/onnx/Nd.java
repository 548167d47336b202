package org.lstmlens.io.onnx;

import java.util.Arrays;
import org.lstmlens.error.ShapeException;
import org.lstmlens.model.Tensor;

/** Shapes and strides of row-major tensors, and numpy's broadcasting, for the graph ops. */
final class Nd {
    private Nd() {
    }

    static int size(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** An axis as given (negative counts from the end) in 0..rank-1. */
    static int axis(long axis, int rank, String where) {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new ShapeException(where + ": axis " + axis + " is out of range for rank " + rank + "; valid: "
                    + -rank + ".." + (rank - 1));
        }
        return (int) a;
    }

    /** The shape numpy broadcasting gives {@code a} and {@code b}. */
    static int[] broadcast(int[] a, int[] b, String where) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new ShapeException(where + ": shapes " + Arrays.toString(a) + " and " + Arrays.toString(b)
                        + " do not broadcast (axis " + i + ": " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /**
     * For each element of {@code out} (row-major), the offset of the element of a tensor of shape {@code in} that
     * broadcasting reads.
     */
    static int[] broadcastOffsets(int[] in, int[] out) {
        int n = size(out);
        int[] offsets = new int[n];
        int rank = out.length;
        int[] inStrides = new int[rank];
        int[] s = strides(in);
        for (int i = 0; i < rank; i++) {
            int j = i - (rank - in.length);
            inStrides[i] = j < 0 || in[j] == 1 ? 0 : s[j];
        }
        int[] idx = new int[rank];
        int off = 0;
        for (int k = 0; k < n; k++) {
            offsets[k] = off;
            for (int ax = rank - 1; ax >= 0; ax--) {
                idx[ax]++;
                off += inStrides[ax];
                if (idx[ax] < out[ax]) {
                    break;
                }
                off -= inStrides[ax] * idx[ax];
                idx[ax] = 0;
            }
        }
        return offsets;
    }

    /** The values of a tensor as whole numbers (shapes, axes, indices, lengths). */
    static long[] longs(Tensor t) {
        double[] v = t.values();
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (long) v[i];
        }
        return out;
    }

    static Tensor vector(long... values) {
        double[] v = new double[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = values[i];
        }
        return Tensor.of(new int[] {values.length}, v);
    }
}
