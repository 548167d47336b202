package org.lstmlens.compare;

import java.util.Objects;

/**
 * A likely reason two files of one network compute different things, read from their weights and settings.
 *
 * @param kind what kind of mistake
 * @param layer the first file's name of the recurrent layer
 * @param direction {@code forward} or {@code backward} for one direction of a Bidirectional, empty otherwise
 * @param text what was found, in words, e.g. {@code gates f and c swapped (b's f holds a's c, b's c holds a's f)}
 */
public record Cause(Kind kind, String layer, String direction, String text) {
    /** The kinds, in the order a verdict prefers them when a layer has several. */
    public enum Kind {
        /** A Bidirectional's forward weights sit in the other file's backward direction and the reverse. */
        DIRECTIONS_SWAPPED,
        /** A GRU applies r after the recurrent product in one file (reset_after, linear_before_reset) and not in the other. */
        RESET_AFTER,
        /** One file reads the sequence forward, the other backwards. */
        DIRECTION_REVERSED,
        /** A gate, the candidate or an LSTM's output is squashed by another function. */
        ACTIVATION,
        /** One file clips the activation inputs (ONNX's clip) at another bound, or only one clips. */
        CLIP,
        /** One LSTM couples its forget gate to the input gate (ONNX's input_forget, f = 1 - i), the other not. */
        INPUT_FORGET,
        /** An LSTM's peepholes (ONNX's P) differ, or only one file has them. */
        PEEPHOLES,
        /** An LSTM's projection of h (PyTorch's proj_size, weight_hr) differs, or only one file has one. */
        PROJECTION,
        /** The blocks of W, U (and b) hold the same gates in another order. */
        GATES_SWAPPED,
        /** A bias is missing: zero, absent, or only one of two biases kept. */
        BIAS_MISSING,
        /** A bias counted twice. */
        BIAS_DOUBLED,
        /** The biases differ in another way while W and U agree. */
        BIAS_CHANGED,
        /** The weights differ in a way none of the above explains. */
        WEIGHTS
    }

    public Cause {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(layer, "layer");
        direction = direction == null ? "" : direction;
        Objects.requireNonNull(text, "text");
    }

    /** e.g. {@code layer lstm_1} or {@code layer bidirectional (backward)}. */
    public String where() {
        return "layer " + layer + (direction.isEmpty() ? "" : " (" + direction + ")");
    }

    @Override
    public String toString() {
        return where() + ": " + text;
    }
}
