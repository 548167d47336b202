package org.lstmlens.data;

import java.nio.file.Path;
import org.lstmlens.error.LstmException;

/** Sequences of an HDF5 dataset. First cut: the reader follows. */
final class Hdf5Dataset implements Dataset {
    private final Path file;
    private final String x;
    private final String labels;

    Hdf5Dataset(Path file, String x, String labels) {
        this.file = file;
        this.x = x;
        this.labels = labels;
    }

    @Override
    public DatasetReader open() {
        throw new LstmException("HDF5 dataset reader: not written yet");
    }

    @Override
    public String describe() {
        return "HDF5 " + file.getFileName() + " " + x + (labels != null ? " with labels " + labels : "");
    }
}
