package org.lstmlens.error;

/** An array, matrix or sequence whose shape does not fit where it was used. */
public class ShapeException extends LstmException {
    private static final long serialVersionUID = 1L;

    public ShapeException(String message) {
        super(message);
    }
}
