package org.lstmlens.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.lstmlens.error.LstmException;

/**
 * A CSV file with a header row, read as sequences in one of two ways:
 * <ul>
 *   <li>one row per timestep with a sequence-id column ({@link #sequenceId}): consecutive rows with the same id form
 *   one sequence (an id that comes back after another is a new sequence, reported as ragged if its length
 *   differs);</li>
 *   <li>a long series cut into windows ({@link #windows}): window k holds rows {@code k*stride .. k*stride+length-1}.
 *   </li>
 * </ul>
 * The feature columns are named ({@link #features}); without names, every column but the id and label. A label
 * column gives a class index per sequence (its value at the sequence's last row). Immutable.
 */
public final class CsvDataset implements Dataset {
    private final Path file;
    private final String idColumn;
    private final List<String> featureColumns;  // empty: all others
    private final String labelColumn;
    private final int length;                  // window length, 0 for id mode
    private final int stride;

    private CsvDataset(Path file, String idColumn, List<String> featureColumns, String labelColumn, int length,
            int stride) {
        this.file = file;
        this.idColumn = idColumn;
        this.featureColumns = featureColumns;
        this.labelColumn = labelColumn;
        this.length = length;
        this.stride = stride;
    }

    static CsvDataset of(Path file) {
        return new CsvDataset(Objects.requireNonNull(file, "file"), null, List.of(), null, 0, 0);
    }

    /** Rows with the same value in column {@code name} (consecutive) form one sequence. */
    public CsvDataset sequenceId(String name) {
        return new CsvDataset(file, Objects.requireNonNull(name, "name"), featureColumns, labelColumn, 0, 0);
    }

    /** The feature columns, in this order. */
    public CsvDataset features(String... names) {
        return new CsvDataset(file, idColumn, List.of(names), labelColumn, length, stride);
    }

    /** The class-label column. */
    public CsvDataset label(String name) {
        return new CsvDataset(file, idColumn, featureColumns, Objects.requireNonNull(name, "name"), length, stride);
    }

    /**
     * The rows as one long series cut into windows of {@code length} rows every {@code stride} rows.
     *
     * @throws LstmException if either is not positive
     */
    public CsvDataset windows(int length, int stride) {
        if (length < 1 || stride < 1) {
            throw new LstmException("windows(" + length + ", " + stride + "): the length and the stride must be at "
                    + "least 1 row");
        }
        return new CsvDataset(file, null, featureColumns, labelColumn, length, stride);
    }

    Path file() {
        return file;
    }

    String idColumn() {
        return idColumn;
    }

    List<String> featureColumns() {
        return featureColumns;
    }

    String labelColumn() {
        return labelColumn;
    }

    int length() {
        return length;
    }

    int stride() {
        return stride;
    }

    @Override
    public DatasetReader open() {
        if (idColumn == null && length == 0) {
            throw new LstmException("CSV " + file + ": say how rows become sequences: .sequenceId(column) for one row "
                    + "per timestep, or .windows(length, stride) for one long series");
        }
        return CsvReader.open(this);
    }

    @Override
    public String describe() {
        return "CSV " + file.getFileName() + (idColumn != null ? " (sequences by \"" + idColumn + "\")"
                : " (windows of " + length + " rows every " + stride + ")");
    }
}
