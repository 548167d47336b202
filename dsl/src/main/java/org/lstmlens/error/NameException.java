package org.lstmlens.error;

import java.util.Collection;

/** A name (gate, activation, layer, ...) that is not one of the valid ones. */
public class NameException extends LstmException {
    private static final long serialVersionUID = 1L;

    public NameException(String message) {
        super(message);
    }

    /** {@code Unknown gate "x" at layer "lstm_1"; expected one of i, f, c, o}. */
    public static NameException unknown(String what, String value, String where, Collection<String> valid) {
        String at = where == null || where.isEmpty() ? "" : " at " + where;
        String shown = value == null ? "null" : "\"" + value + "\"";
        return new NameException("Unknown " + what + " " + shown + at + "; expected one of " + String.join(", ", valid));
    }
}
