package org.lstmlens.dsl;

import org.lstmlens.error.LstmException;
import org.lstmlens.error.ShapeException;

/** Argument checks of the DSL, so that a user sees a message naming the value and the place, never an NPE. */
final class Check {
    private Check() {
    }

    /** {@code value}, or an LstmException saying which argument of which call was null and what it should be. */
    static <T> T notNull(T value, String argument, String where, String expected) {
        if (value == null) {
            throw new LstmException(where + ": " + argument + " is null; expected " + expected);
        }
        return value;
    }

    /** {@code index} if it lies in {@code 0..size-1}, else a ShapeException naming the valid range. */
    static int index(String what, int index, int size, String where) {
        if (index < 0 || index >= size) {
            throw new ShapeException(what + " " + index + " is out of range at " + where + "; valid: "
                    + (size == 1 ? "0" : "0.." + (size - 1)));
        }
        return index;
    }

    /**
     * {@code band} if it is one of the cell's blocks, else an LstmException naming the blocks the cell has (an LSTM's
     * Gate.F given to a GRU, say).
     */
    static <B extends org.lstmlens.core.Band> B band(org.lstmlens.core.RecurrentCell cell, B band, String where) {
        java.util.List<org.lstmlens.core.Band> bands = cell.bands();
        if (band == null || !bands.contains(band)) {
            throw new LstmException(where + ": " + (band == null ? "gate is null" : band.getClass().getSimpleName()
                    + "." + band.symbol().toUpperCase(java.util.Locale.ROOT) + " is not a block of a " + cell.kind())
                    + "; expected one of " + bands + " (" + cell.kind() + ")");
        }
        return band;
    }

    /** {@code layer "lstm_1"}: how every path starts. */
    static String layerPath(String name) {
        return "layer \"" + name + "\"";
    }
}
