package org.lstmlens.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.lstmlens.error.LstmException;

/**
 * A Fortran-ordered (column-major) array, element (i, t, j) at {@code i + n * (t + steps * j)}: a sequence's values
 * are scattered, so a block of consecutive sequences is read at once, one contiguous run per (timestep, feature).
 */
final class NpyBlockReader implements DatasetReader {
    /** Elements held per block. */
    private static final int BLOCK_ELEMENTS = 1 << 18;

    private final FileChannel channel;
    private final NpyHeader h;
    private final int[] labels;
    private final String what;
    private final Path temp;           // deleted on close, or null
    private final long n;
    private final int steps;
    private final int features;
    private final int block;
    private double[][][] held = new double[0][][];
    private long heldFrom;
    private long next;

    NpyBlockReader(FileChannel channel, NpyHeader h, int[] labels, String what, Path temp) {
        this.channel = channel;
        this.h = h;
        this.labels = labels;
        this.what = what;
        this.temp = temp;
        this.n = h.shape()[0];
        this.steps = Math.toIntExact(h.shape()[1]);
        this.features = h.shape().length == 3 ? Math.toIntExact(h.shape()[2]) : 1;
        this.block = (int) Math.max(1, Math.min(n, BLOCK_ELEMENTS / Math.max(1, steps * features)));
    }

    @Override
    public Entry next() {
        if (next >= n) {
            return null;
        }
        if (next >= heldFrom + held.length) {
            load(next);
        }
        long i = next++;
        return new Sequence(i, String.valueOf(i), held[(int) (i - heldFrom)], labels == null ? Sequence.NO_LABEL
                : labels[(int) i]);
    }

    private void load(long from) {
        int count = (int) Math.min(block, n - from);
        double[][][] v = new double[count][steps][features];
        int size = h.dtype().size;
        ByteBuffer b = ByteBuffer.allocate(count * size).order(h.order());
        try {
            for (int j = 0; j < features; j++) {
                for (int t = 0; t < steps; t++) {
                    long pos = h.dataOffset() + (from + n * (t + (long) steps * j)) * size;
                    b.clear();
                    while (b.hasRemaining()) {
                        if (channel.read(b, pos + b.position()) < 0) {
                            throw new LstmException(what + ": the data ends inside sequence " + from + " of " + n
                                    + " (the file is truncated)");
                        }
                    }
                    b.flip();
                    for (int i = 0; i < count; i++) {
                        v[i][t][j] = NpyDataset.element(b, h);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(what + ": sequences from " + from, e);
        }
        held = v;
        heldFrom = from;
    }

    @Override
    public void close() {
        try {
            channel.close();
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
