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

    /** {@code layer "lstm_1"}: how every path starts. */
    static String layerPath(String name) {
        return "layer \"" + name + "\"";
    }
}
