package org.lstmlens.io;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Writes small synthetic Keras-layout HDF5 files with jhdf's writer, for layouts the real fixtures do not cover. */
final class H5Writer {
    private H5Writer() {
    }

    static Path write(Path file, Consumer<WritableHdfFile> body) {
        try (WritableHdfFile f = HdfFile.write(file)) {
            body.accept(f);
        }
        return file;
    }

    /** A {@code rows x cols} float matrix whose entry (r, c) is {@code base + r * cols + c}. */
    static float[][] counting(int rows, int cols, float base) {
        float[][] m = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                m[r][c] = base + r * cols + c;
            }
        }
        return m;
    }

    static float[][] filled(int rows, int cols, float v) {
        float[][] m = new float[rows][cols];
        for (float[] row : m) {
            java.util.Arrays.fill(row, v);
        }
        return m;
    }

    static float[] filled(int n, float v) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    /** A group path created one level at a time: {@code nested(f, "lstm_1", "lstm_1")}. */
    static WritableGroup nested(WritableGroup g, String... names) {
        WritableGroup cur = g;
        for (String n : names) {
            cur = cur.putGroup(n);
        }
        return cur;
    }
}
