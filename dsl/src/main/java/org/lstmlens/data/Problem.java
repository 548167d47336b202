package org.lstmlens.data;

import java.io.Serializable;
import java.util.Objects;

/**
 * Why one sequence of a dataset could not be used, where it was and what would have been valid: refused or skipped
 * as the {@link BadInput} policy says, and counted in the {@link DatasetSummary} by {@link Kind}.
 *
 * @param kind what was wrong
 * @param index position in the dataset
 * @param where the sequence id, or the file's row number, as the user can find it
 * @param detail what was found and what is valid
 */
public record Problem(Kind kind, long index, String where, String detail) implements Entry, Serializable {
    /** The kinds of bad input, each counted on its own. */
    public enum Kind {
        /** A sequence whose length differs from the dataset's (or rows of one sequence of different widths). */
        RAGGED("ragged"),
        /** A timestep with more or fewer features than the model's input. */
        WRONG_FEATURES("wrong feature count"),
        /** A NaN or infinite value. */
        NOT_FINITE("NaN or infinite value"),
        /** A row that could not be read (not a number, a missing field, a broken record). */
        UNREADABLE("unreadable row"),
        /** A label that is not a class index the model has. */
        BAD_LABEL("bad label");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        /** e.g. {@code NaN or infinite value}. */
        public String label() {
            return label;
        }
    }

    public Problem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(detail, "detail");
    }

    /** e.g. {@code sequence "s17" (index 16): NaN or infinite value: NaN at timestep 3, feature 0}. */
    public String message() {
        return where + " (index " + index + "): " + kind.label() + ": " + detail;
    }

    @Override
    public String toString() {
        return "Problem[" + message() + "]";
    }
}
