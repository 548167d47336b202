package org.lstmlens.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.lstmlens.error.LstmException;

/**
 * Sequences of a NumPy array of shape (n, steps, features), or (n, steps) for one feature: a {@code .npy} file, or
 * one array of a {@code .npz} archive (a zip of .npy files, stored or deflated). C-ordered arrays are streamed one
 * sequence at a time; Fortran-ordered ones are read in blocks of sequences by position (an .npz member is first
 * copied, streamed, to a temporary file, deleted when the reader closes). Labels, shape (n,), are read whole.
 */
final class NpyDataset implements Dataset {
    private final Path file;
    private final String entry;       // the .npz member, or null for a .npy file
    private final Path labelFile;
    private final String labelEntry;

    private NpyDataset(Path file, String entry, Path labelFile, String labelEntry) {
        this.file = file;
        this.entry = entry;
        this.labelFile = labelFile;
        this.labelEntry = labelEntry;
    }

    static Dataset of(Path x, Path labels) {
        return new NpyDataset(java.util.Objects.requireNonNull(x, "x"), null, labels, null);
    }

    static Dataset ofNpz(Path file, String x, String labels) {
        java.util.Objects.requireNonNull(file, "file");
        return new NpyDataset(file, java.util.Objects.requireNonNull(x, "x"), labels == null ? null : file, labels);
    }

    private String what() {
        return entry == null ? file.toString() : file + "[\"" + entry + "\"]";
    }

    @Override
    public DatasetReader open() {
        try {
            int[] labels = labelFile == null ? null : NpyLabels.read(labelFile, labelEntry);
            InputStream in = NpyFiles.stream(file, entry);
            NpyHeader h = NpyHeader.read(in, what());
            long[] s = h.shape();
            if (s.length < 2 || s.length > 3) {
                in.close();
                throw new LstmException(what() + ": shape " + h.shapeText() + "; expected (sequences, steps, features)"
                        + " or (sequences, steps) for one feature");
            }
            if (labels != null && labels.length != s[0]) {
                in.close();
                throw new LstmException(what() + ": " + s[0] + " sequences but " + labels.length + " labels");
            }
            if (!h.fortran()) {
                return new NpyStreamReader(in, h, labels, what());
            }
            in.close();
            Path p = entry == null ? file : NpyFiles.copyToTemp(file, entry);
            return new NpyBlockReader(FileChannel.open(p), h, labels, what(), entry == null ? null : p);
        } catch (IOException e) {
            throw new LstmException(what() + ": cannot read: " + e.getMessage(), e);
        }
    }

    @Override
    public long size() {
        try (InputStream in = NpyFiles.stream(file, entry)) {
            return NpyHeader.read(in, what()).shape()[0];
        } catch (IOException | LstmException e) {
            return 0;   // open() reports it
        }
    }

    @Override
    public String describe() {
        return (entry == null ? file.getFileName().toString() : file.getFileName() + "[\"" + entry + "\"]")
                + (labelFile != null ? " with labels " + (labelEntry != null ? "\"" + labelEntry + "\""
                : labelFile.getFileName()) : "");
    }

    /** Opening .npy files and .npz members. */
    static final class NpyFiles {
        private NpyFiles() {
        }

        /** The array's bytes from its first header byte; for an .npz member, inflated as they are read. */
        static InputStream stream(Path file, String entry) throws IOException {
            if (entry == null) {
                return new BufferedInputStream(Files.newInputStream(file), 1 << 16);
            }
            ZipFile zip = new ZipFile(file.toFile());
            ZipEntry e = zip.getEntry(entry.endsWith(".npy") ? entry : entry + ".npy");
            if (e == null) {
                java.util.List<String> names = zip.stream().map(ZipEntry::getName).map(n -> n.replaceAll("\\.npy$",
                        "")).toList();
                zip.close();
                throw new LstmException(file + ": no array \"" + entry + "\"; the archive holds " + names);
            }
            InputStream in = new BufferedInputStream(zip.getInputStream(e), 1 << 16);
            return new java.io.FilterInputStream(in) {
                @Override
                public void close() throws IOException {
                    super.close();
                    zip.close();
                }
            };
        }

        static Path copyToTemp(Path file, String entry) throws IOException {
            Path tmp = Files.createTempFile("lstmlens-npz-", ".npy");
            try (InputStream in = stream(file, entry)) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            return tmp;
        }
    }

    /** Decodes elements of the header's dtype and byte order. */
    static double element(ByteBuffer b, NpyHeader h) {
        switch (h.dtype()) {
            case F4: return b.getFloat();
            case F8: return b.getDouble();
            case I4: return b.getInt();
            default: return b.getLong();
        }
    }

    /** A C-ordered array: each sequence is the next steps x features elements. */
    static final class NpyStreamReader implements DatasetReader {
        private final InputStream in;
        private final NpyHeader h;
        private final int[] labels;
        private final String what;
        private final int steps;
        private final int features;
        private final byte[] bytes;
        private long next;

        NpyStreamReader(InputStream in, NpyHeader h, int[] labels, String what) {
            this.in = in;
            this.h = h;
            this.labels = labels;
            this.what = what;
            this.steps = Math.toIntExact(h.shape()[1]);
            this.features = h.shape().length == 3 ? Math.toIntExact(h.shape()[2]) : 1;
            this.bytes = new byte[steps * features * h.dtype().size];
        }

        @Override
        public Entry next() {
            if (next >= h.shape()[0]) {
                return null;
            }
            try {
                int got = in.readNBytes(bytes, 0, bytes.length);
                if (got < bytes.length) {
                    throw new LstmException(what + ": the data ends inside sequence " + next + " of " + h.shape()[0]
                            + " (the file is truncated)");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(what + ": sequence " + next, e);
            }
            ByteBuffer b = ByteBuffer.wrap(bytes).order(h.order());
            double[][] v = new double[steps][features];
            for (int t = 0; t < steps; t++) {
                for (int j = 0; j < features; j++) {
                    v[t][j] = element(b, h);
                }
            }
            long i = next++;
            return new Sequence(i, String.valueOf(i), v, labels == null ? Sequence.NO_LABEL : labels[(int) i]);
        }

        @Override
        public void close() {
            try {
                in.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
