package org.lstmlens.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.lstmlens.progress.Progress;

/**
 * Reads a stream whole, a megabyte at a time, reporting the megabytes read: opening a large model (a file is read
 * whole before it is parsed) shows a bar in the kernel and stops at an interrupt, naming the file and how far it got.
 */
final class ProgressRead {
    private static final int MB = 1 << 20;

    private ProgressRead() {
    }

    /**
     * Every byte of {@code in}, at most {@code limit}.
     *
     * @param size the bytes expected (for the total and the buffer), or -1 when not known
     * @throws Progress.Interrupted when the thread is interrupted while reading
     */
    static byte[] readAll(InputStream in, long size, int limit, String what) throws IOException {
        long megabytes = size < 0 ? 0 : (size + MB - 1) / MB;
        try (Progress progress = Progress.start("reading " + what + (size < 0 ? "" : " (" + megabytes + " MB)"),
                megabytes)) {
            if (size < 0 || size > limit) {
                return unknownSize(in, limit, progress);
            }
            byte[] data = new byte[(int) size];
            int total = 0;
            while (total < data.length) {
                int n = in.readNBytes(data, total, Math.min(MB, data.length - total));
                if (n <= 0) {
                    return Arrays.copyOf(data, total); // shorter than it said: what there is
                }
                total += n;
                progress.step();
            }
            return data;
        }
    }

    private static byte[] unknownSize(InputStream in, int limit, Progress progress) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[MB];
        int total = 0;
        while (total < limit) {
            int n = in.readNBytes(buffer, 0, Math.min(MB, limit - total));
            if (n <= 0) {
                break;
            }
            out.write(buffer, 0, n);
            total += n;
            progress.step();
        }
        return out.toByteArray();
    }
}
