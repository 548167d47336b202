package org.lstmlens.core;

/**
 * ONNX's {@code clip}: every activation input of a step is bounded to {@code [-bound, bound]} before its activation
 * is applied (onnxruntime: {@code x = min(bound, x); x = max(-bound, x)} after the bias is added; an LSTM's cell state
 * is not clipped before its output activation). The trace keeps the pre-activation before the clip, so the backward
 * pass sees where the clip held: there the activation's input does not move, and its gradient is zero. A bound of
 * {@code +infinity} is no clip. Cells call these only when they have a clip, so cells without one pay nothing.
 */
final class Clip {
    /** No clip. */
    static final double NONE = Double.POSITIVE_INFINITY;

    private Clip() {
    }

    /** {@code v[off..off+n) = clip(v[...])}. */
    static void apply(double[] v, int off, int n, double bound) {
        for (int j = off; j < off + n; j++) {
            v[j] = Math.max(-bound, Math.min(bound, v[j]));
        }
    }

    /** The float32 twin of {@link #apply(double[], int, int, double)}. */
    static void apply(float[] v, int off, int n, double bound) {
        float b = (float) bound;
        for (int j = off; j < off + n; j++) {
            v[j] = Math.max(-b, Math.min(b, v[j]));
        }
    }

    /** d clip(z) / dz: 1 inside the bound (its edges included), 0 where the clip held z. */
    static double slope(double z, double bound) {
        return z > bound || z < -bound ? 0 : 1;
    }

    /**
     * The bound a user or a file gave, checked: a positive number, or infinity for none.
     *
     * @param where e.g. {@code LSTM clip}, for the message
     * @throws org.lstmlens.error.LstmException for zero, a negative bound or NaN
     */
    static double check(double bound, String where) {
        if (!(bound > 0)) {
            throw new org.lstmlens.error.LstmException(where + ": the clip threshold must be a positive number "
                    + "(activation inputs are bounded to [-clip, clip]), got " + bound);
        }
        return bound;
    }
}
