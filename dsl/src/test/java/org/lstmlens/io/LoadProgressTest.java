package org.lstmlens.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lstmlens.error.ModelFileException;
import org.lstmlens.progress.Progress;
import org.lstmlens.testing.HeardProgress;

/** Opening a file reads it whole a megabyte at a time: the reading is reported and an interrupt stops it. */
class LoadProgressTest {
    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path dir;

    @AfterEach
    void reset() {
        Progress.listen(null);
        Thread.interrupted();
    }

    /** An HDF5 signature followed by {@code size} bytes of nothing: read whole, then refused by the parser. */
    private Path damaged(int size) throws IOException {
        byte[] bytes = new byte[size];
        System.arraycopy(HDF5_SIGNATURE, 0, bytes, 0, HDF5_SIGNATURE.length);
        Path file = dir.resolve("big.h5");
        Files.write(file, bytes);
        return file;
    }

    @Test
    void readingAFileReportsItsMegabytes() throws IOException {
        Path file = damaged(3 * (1 << 20) + 5);
        HeardProgress recorder = new HeardProgress();
        Progress.listen(recorder);
        assertThatThrownBy(() -> ModelLoader.load(file)).isInstanceOf(ModelFileException.class);
        assertThat(recorder.lines()).containsExactly("begin reading " + file + " (4 MB) 4", "end 4/4 complete");
    }

    @Test
    void anInterruptStopsTheReadingNamingTheFile() throws IOException {
        Path file = damaged(3 * (1 << 20));
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> ModelLoader.load(file)).isInstanceOf(Progress.Interrupted.class)
                .hasMessage("reading " + file + " (3 MB) interrupted after 1 of 3 steps");
    }
}
