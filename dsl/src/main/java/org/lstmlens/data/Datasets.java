package org.lstmlens.data;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.LongFunction;
import org.lstmlens.error.ShapeException;

/**
 * Where datasets come from: NumPy {@code .npy} and {@code .npz} files, CSV files, HDF5 datasets, Java arrays, or
 * sequences made on the fly. Each is read in order and streamed; labels come from a second array or a column.
 * <pre>
 *   Datasets.npz(Path.of("test.npz"), "x", "y")          // x: (n, steps, features), y: (n,) class indices
 *   Datasets.csv(Path.of("rows.csv")).sequenceId("id").features("a", "b").label("y")
 *   Datasets.csv(Path.of("series.csv")).features("load").windows(24, 1)
 * </pre>
 */
public final class Datasets {
    private Datasets() {
    }

    /** The sequences of a Java array {@code x[sample][timestep][feature]}, without labels. */
    public static Dataset arrays(double[][][] x) {
        return new ArrayDataset(Objects.requireNonNull(x, "x"), null);
    }

    /**
     * The sequences of a Java array with one class label each.
     *
     * @throws ShapeException if the counts differ
     */
    public static Dataset arrays(double[][][] x, int[] labels) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(labels, "labels");
        if (labels.length != x.length) {
            throw new ShapeException("labels: " + labels.length + " for " + x.length + " sequences; give one per "
                    + "sequence");
        }
        return new ArrayDataset(x, labels.clone());
    }

    /**
     * {@code count} sequences made on demand by {@code make} from their index (never all in memory): for streams
     * larger than the heap, and for tests.
     */
    public static Dataset generated(long count, LongFunction<Sequence> make) {
        return new GeneratedDataset(count, Objects.requireNonNull(make, "make"));
    }

    /** The sequences of a NumPy {@code .npy} file of shape (n, steps, features) (or (n, steps): one feature). */
    public static Dataset npy(Path x) {
        return NpyDataset.of(x, null);
    }

    /** The sequences of one {@code .npy} file with the class labels of another, shape (n,). */
    public static Dataset npy(Path x, Path labels) {
        return NpyDataset.of(x, Objects.requireNonNull(labels, "labels"));
    }

    /** Array {@code x} of a NumPy {@code .npz} archive (stored or deflated). */
    public static Dataset npz(Path file, String x) {
        return NpyDataset.ofNpz(file, x, null);
    }

    /** Arrays {@code x} and {@code labels} of a NumPy {@code .npz} archive. */
    public static Dataset npz(Path file, String x, String labels) {
        return NpyDataset.ofNpz(file, x, Objects.requireNonNull(labels, "labels"));
    }

    /** HDF5 dataset {@code x} (a path inside the file, e.g. {@code /test/x}) of shape (n, steps, features). */
    public static Dataset hdf5(Path file, String x) {
        return new Hdf5Dataset(file, x, null);
    }

    /** HDF5 datasets {@code x} and {@code labels} (shape (n,)) of one file. */
    public static Dataset hdf5(Path file, String x, String labels) {
        return new Hdf5Dataset(file, x, Objects.requireNonNull(labels, "labels"));
    }

    /** A CSV file with a header row; say how its rows become sequences on the returned value. */
    public static CsvDataset csv(Path file) {
        return CsvDataset.of(file);
    }
}
