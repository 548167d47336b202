package org.lstmlens.data;

import io.jhdf.HdfFile;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;
import java.nio.file.Path;
import org.lstmlens.error.LstmException;

/**
 * Sequences of an HDF5 dataset of shape (n, steps, features), or (n, steps), read through jhdf in slices of
 * consecutive sequences (contiguous or chunked, compressed or not), so only one slice is held. Labels, shape (n,),
 * are read whole.
 */
final class Hdf5Dataset implements Dataset {
    /** Elements held per slice. */
    private static final int SLICE_ELEMENTS = 1 << 18;

    private final Path file;
    private final String x;
    private final String labels;

    Hdf5Dataset(Path file, String x, String labels) {
        this.file = java.util.Objects.requireNonNull(file, "file");
        this.x = java.util.Objects.requireNonNull(x, "x");
        this.labels = labels;
    }

    @Override
    public DatasetReader open() {
        HdfFile hdf;
        try {
            hdf = new HdfFile(file);
        } catch (HdfException | java.io.UncheckedIOException e) {
            throw new LstmException("HDF5 " + file + ": cannot open: " + e.getMessage(), e);
        }
        try {
            io.jhdf.api.Dataset data = dataset(hdf, x);
            int[] dims = data.getDimensions();
            if (dims.length < 2 || dims.length > 3) {
                throw new LstmException("HDF5 " + file + " \"" + x + "\": shape " + java.util.Arrays.toString(dims)
                        + "; expected (sequences, steps, features) or (sequences, steps)");
            }
            int[] l = labels == null ? null : labels(hdf, dims[0]);
            return new Slices(hdf, data, dims, l);
        } catch (RuntimeException e) {
            hdf.close();
            throw e;
        }
    }

    private io.jhdf.api.Dataset dataset(HdfFile hdf, String path) {
        Node n;
        try {
            n = hdf.getByPath(path);
        } catch (HdfException e) {
            throw new LstmException("HDF5 " + file + ": no dataset \"" + path + "\" (" + e.getMessage() + ")", e);
        }
        if (!(n instanceof io.jhdf.api.Dataset d)) {
            throw new LstmException("HDF5 " + file + ": \"" + path + "\" is a group, not a dataset");
        }
        return d;
    }

    private int[] labels(HdfFile hdf, int n) {
        io.jhdf.api.Dataset d = dataset(hdf, labels);
        Object flat = d.getDataFlat();
        int count = java.lang.reflect.Array.getLength(flat);
        if (count != n) {
            throw new LstmException("HDF5 " + file + " \"" + labels + "\": " + count + " labels for " + n
                    + " sequences");
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            double v = ((Number) java.lang.reflect.Array.get(flat, i)).doubleValue();
            if (v != Math.rint(v) || v < 0) {
                throw new LstmException("HDF5 " + file + " \"" + labels + "\": label " + v + " at index " + i
                        + " is not a class index (0, 1, ...)");
            }
            out[i] = (int) v;
        }
        return out;
    }

    @Override
    public long size() {
        try (HdfFile hdf = new HdfFile(file)) {
            return dataset(hdf, x).getDimensions()[0];
        } catch (RuntimeException e) {
            return 0;   // open() reports it
        }
    }

    @Override
    public String describe() {
        return file.getFileName() + " \"" + x + "\"" + (labels != null ? " with labels \"" + labels + "\"" : "");
    }

    /** Reads slices of consecutive sequences. */
    private final class Slices implements DatasetReader {
        private final HdfFile hdf;
        private final io.jhdf.api.Dataset data;
        private final int[] dims;
        private final int[] labelValues;
        private final int steps;
        private final int features;
        private final int slice;
        private double[][][] held = new double[0][][];
        private long heldFrom;
        private long next;

        Slices(HdfFile hdf, io.jhdf.api.Dataset data, int[] dims, int[] labelValues) {
            this.hdf = hdf;
            this.data = data;
            this.dims = dims;
            this.labelValues = labelValues;
            this.steps = dims[1];
            this.features = dims.length == 3 ? dims[2] : 1;
            this.slice = Math.max(1, Math.min(dims[0], SLICE_ELEMENTS / Math.max(1, steps * features)));
        }

        @Override
        public Entry next() {
            if (next >= dims[0]) {
                return null;
            }
            if (next >= heldFrom + held.length) {
                load(next);
            }
            long i = next++;
            return new Sequence(i, String.valueOf(i), held[(int) (i - heldFrom)], labelValues == null
                    ? Sequence.NO_LABEL : labelValues[(int) i]);
        }

        private void load(long from) {
            int count = (int) Math.min(slice, dims[0] - from);
            long[] offset = new long[dims.length];
            offset[0] = from;
            int[] size = dims.clone();
            size[0] = count;
            Object part;
            try {
                part = data.getData(offset, size);
            } catch (HdfException e) {
                throw new LstmException("HDF5 " + file + " \"" + x + "\": cannot read sequences " + from + ".."
                        + (from + count - 1) + ": " + e.getMessage(), e);
            }
            double[][][] v = new double[count][steps][features];
            for (int i = 0; i < count; i++) {
                Object seq = java.lang.reflect.Array.get(part, i);
                for (int t = 0; t < steps; t++) {
                    Object row = java.lang.reflect.Array.get(seq, t);
                    for (int j = 0; j < features; j++) {
                        Object e = dims.length == 3 ? java.lang.reflect.Array.get(row, j) : row;
                        v[i][t][j] = ((Number) e).doubleValue();
                    }
                }
            }
            held = v;
            heldFrom = from;
        }

        @Override
        public void close() {
            hdf.close();
        }
    }
}
