package org.lstmlens.core;

import java.util.List;
import java.util.Locale;
import org.lstmlens.error.NameException;

/**
 * The four gate blocks of an LSTM, in the order Keras (and PyTorch) pack them along the 4*units axis:
 * input i, forget f, cell candidate c (often written g), output o: the LSTM's {@link Band}s. Columns follow from
 * {@link Band#column}; the fused pass's panels and the gate math walk the same order.
 */
public enum Gate implements Band {
    I("i", "input gate"),
    F("f", "forget gate"),
    C("c", "cell candidate"),
    O("o", "output gate");

    private static final List<String> VALID = List.of("i", "f", "c", "o (or input, forget, cell/candidate/g, output)");

    private final String symbol;
    private final String title;

    Gate(String symbol, String title) {
        this.symbol = symbol;
        this.title = title;
    }

    /** Position of the block along the 4*units axis: i 0, f 1, c 2, o 3. */
    public int index() {
        return ordinal();
    }

    /** First column of this gate's block. */
    public int start(int units) {
        return ordinal() * units;
    }

    /** Column of one unit of this gate in the kernel, recurrent kernel and bias. */
    public int column(int units, int unit) {
        return ordinal() * units + unit;
    }

    /** One letter as in the equations: i, f, c, o. */
    public String symbol() {
        return symbol;
    }

    public String title() {
        return title;
    }

    /** i, f and o squash with the recurrent activation; the candidate c with the activation. */
    public boolean usesRecurrentActivation() {
        return this != C;
    }

    /**
     * The gate named {@code name}: i/input, f/forget, c/g/cell/candidate, o/output (any case).
     *
     * @throws NameException naming the value and the valid names
     */
    public static Gate parse(String name) {
        return parse(name, null);
    }

    /** As {@link #parse(String)}, with {@code where} (e.g. {@code layer "lstm_1"}) in the error message. */
    public static Gate parse(String name, String where) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (key) {
            case "i": case "input": case "input_gate":
                return I;
            case "f": case "forget": case "forget_gate":
                return F;
            case "c": case "g": case "cell": case "candidate": case "cell_candidate":
                return C;
            case "o": case "output": case "output_gate":
                return O;
            default:
                throw NameException.unknown("gate", name, where, VALID);
        }
    }

    @Override
    public String toString() {
        return symbol;
    }
}
