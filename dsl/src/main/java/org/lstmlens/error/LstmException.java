package org.lstmlens.error;

/**
 * The one root of every error LSTM Lens raises on purpose.
 *
 * <p>Each message says what was wrong, where it was, and what would have been valid, e.g.
 * {@code Unknown gate "x" at layer "lstm_1"; expected one of i, f, c, o (or input, forget, cell, output)}.
 * A notebook shows the message alone, without a stack trace.
 */
public class LstmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LstmException(String message) {
        super(message);
    }

    public LstmException(String message, Throwable cause) {
        super(message, cause);
    }
}
