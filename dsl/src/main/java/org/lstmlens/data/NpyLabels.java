package org.lstmlens.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.lstmlens.error.LstmException;

/** Class labels from a NumPy array of shape (n,) (or (n, 1)): integers, or floats that are whole numbers. */
final class NpyLabels {
    private NpyLabels() {
    }

    static int[] read(Path file, String entry) throws IOException {
        String what = entry == null ? file.toString() : file + "[\"" + entry + "\"]";
        try (InputStream in = NpyDataset.NpyFiles.stream(file, entry)) {
            NpyHeader h = NpyHeader.read(in, what);
            long[] s = h.shape();
            if (s.length == 0 || s.length > 2 || (s.length == 2 && s[1] != 1)) {
                throw new LstmException(what + ": labels of shape " + h.shapeText() + "; expected (sequences,) class "
                        + "indices");
            }
            int n = Math.toIntExact(s[0]);
            byte[] bytes = in.readNBytes(n * h.dtype().size);
            if (bytes.length < n * h.dtype().size) {
                throw new LstmException(what + ": the labels end early (the file is truncated)");
            }
            ByteBuffer b = ByteBuffer.wrap(bytes).order(h.order());
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                double v = NpyDataset.element(b, h);
                if (v != Math.rint(v) || v < 0 || v > Integer.MAX_VALUE) {
                    throw new LstmException(what + ": label " + v + " at index " + i + " is not a class index (0, 1, "
                            + "...); labels of a regression need no place here: the target is the model's output");
                }
                labels[i] = (int) v;
            }
            return labels;
        }
    }
}
