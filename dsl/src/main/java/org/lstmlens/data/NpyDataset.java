package org.lstmlens.data;

import java.nio.file.Path;
import org.lstmlens.error.LstmException;

/** Sequences of a NumPy array file (.npy, or one array of a .npz). First cut: the reader follows. */
final class NpyDataset {
    private NpyDataset() {
    }

    static Dataset of(Path x, Path labels) {
        throw new LstmException("npy reader: not written yet");
    }

    static Dataset ofNpz(Path file, String x, String labels) {
        throw new LstmException("npz reader: not written yet");
    }
}
