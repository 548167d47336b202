package org.lstmlens.data;

import java.io.Serializable;
import java.util.Objects;

/**
 * One input sequence of a dataset, {@code values[timestep][feature]}, with its place in the dataset, an id (the CSV's
 * sequence id, a window's first row, or the index) and an optional class label ({@link #NO_LABEL} when none).
 * Readers hand out fresh arrays: a sequence owns its values, and nothing here copies them again.
 *
 * @param index position in the dataset, counted from 0
 * @param id the name users know the sequence by
 * @param values {@code [timestep][feature]}
 * @param label a class index (0, 1, ...), or {@link #NO_LABEL}
 */
public record Sequence(long index, String id, double[][] values, int label) implements Entry, Serializable {
    /** The label of a sequence that has none. */
    public static final int NO_LABEL = -1;

    public Sequence {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(values, "values");
    }

    /** A sequence without a label. */
    public static Sequence of(long index, String id, double[][] values) {
        return new Sequence(index, id, values, NO_LABEL);
    }

    /** Whether a class label came with the sequence. */
    public boolean hasLabel() {
        return label != NO_LABEL;
    }

    /** Timesteps. */
    public int steps() {
        return values.length;
    }

    @Override
    public String toString() {
        return "Sequence[" + index + ", \"" + id + "\", " + values.length + " steps" + (hasLabel() ? ", label " + label
                : "") + "]";
    }
}
