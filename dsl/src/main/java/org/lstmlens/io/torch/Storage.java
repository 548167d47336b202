package org.lstmlens.io.torch;

import java.nio.ByteBuffer;
import org.lstmlens.error.ModelFileException;

/**
 * One flat run of stored elements, as a torch zip keeps a storage ({@code data/<key>}) or a safetensors file a
 * tensor's byte range: raw little-endian bytes of one dtype. Tensors are views on it (offset, shape, strides).
 *
 * @param where the file and entry, for messages, e.g. {@code m.pt!/archive/data/3}
 */
record Storage(String where, DType dtype, ByteBuffer bytes) {

    /** Elements held. */
    long numel() {
        return bytes.remaining() / dtype.size();
    }

    /**
     * Elements {@code [from, from + n)} widened to double.
     *
     * @throws ModelFileException when the range lies outside the storage
     */
    double[] read(long from, int n) {
        double[] out = new double[n];
        read(from, n, out);
        return out;
    }

    /** As {@link #read(long, int)}, into {@code out[0..n)}. */
    void read(long from, int n, double[] out) {
        if (from < 0 || from + n > numel()) {
            throw new ModelFileException(where + ": elements " + from + ".." + (from + n) + " were asked of a storage "
                    + "of " + numel() + " " + dtype.torchName() + " values (the file is truncated or damaged)");
        }
        ByteBuffer b = bytes.duplicate();
        b.position(b.position() + (int) (from * dtype.size()));
        dtype.read(b, out, n);
    }
}
