package org.lstmlens.io.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.lstmlens.error.ModelFileException;

/**
 * The stored arrays of one recurrent node, row-major, their shapes checked against the operator: W [D, G*h, in],
 * R [D, G*h, h], B [D, 2*G*h] (or none), P [D, 3h] (LSTM peepholes, or none).
 *
 * @param names the file's names of W, R, and B and P where present
 */
record NodeWeights(Stored w, Stored r, double[] b, double[] p, int inputSize, List<String> names) {

    /** @param gates G: 4 for LSTM, 3 for GRU, 1 for RNN */
    static NodeWeights of(Stored w, Stored r, Stored b, Stored p, List<String> slotNames, int dirs, int gates,
                          String where) {
        if (w.rank() != 3 || r.rank() != 3) {
            throw new ModelFileException(where + ": W and R must be 3-D [num_directions, " + gates + "*hidden_size, "
                    + "...], got W " + Arrays.toString(w.shape()) + ", R " + Arrays.toString(r.shape()));
        }
        int h = r.dim(2);
        check(where, "W", w, dirs, gates * h, w.dim(2));
        check(where, "R", r, dirs, gates * h, h);
        if (b != null && (b.rank() != 2 || b.dim(0) != dirs || b.dim(1) != 2 * gates * h)) {
            throw new ModelFileException(where + ": B has shape " + Arrays.toString(b.shape()) + "; expected ["
                    + dirs + ", " + 2 * gates * h + "] ([num_directions, 2*" + gates + "*hidden_size]: Wb then Rb)");
        }
        if (p != null && (p.rank() != 2 || p.dim(0) != dirs || p.dim(1) != 3 * h)) {
            throw new ModelFileException(where + ": P has shape " + Arrays.toString(p.shape()) + "; expected ["
                    + dirs + ", " + 3 * h + "] ([num_directions, 3*hidden_size]: peepholes i, o, f)");
        }
        List<String> names = new ArrayList<>(slotNames.subList(0, 2));
        if (b != null) {
            names.add(slotNames.get(2));
        }
        if (p != null) {
            names.add(slotNames.get(3));
        }
        return new NodeWeights(w, r, b == null ? null : b.values(),
                p == null || allZero(p) ? null : p.values(), w.dim(2), names);
    }

    /** Parameters of one direction as the file stores them (both biases, peepholes). */
    long paramsPerDirection(int dirs) {
        return ((long) w.size() + r.size() + (b == null ? 0 : b.length) + (p == null ? 0 : p.length)) / dirs;
    }

    private static void check(String where, String name, Stored t, int dirs, int rows, int cols) {
        if (t.dim(0) != dirs || t.dim(1) != rows || t.dim(2) != cols) {
            throw new ModelFileException(where + ": " + name + " has shape " + Arrays.toString(t.shape())
                    + "; expected [" + dirs + ", " + rows + ", " + cols + "]");
        }
    }

    private static boolean allZero(Stored t) {
        for (double v : t.values()) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }
}
