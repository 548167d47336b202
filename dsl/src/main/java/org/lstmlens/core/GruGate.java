package org.lstmlens.core;

import java.util.List;
import java.util.Locale;
import org.lstmlens.error.NameException;

/**
 * The three blocks of a GRU in the order every Keras era packs them along the 3*units axis: update gate z, reset
 * gate r, candidate h. (PyTorch packs r, z, n and calls the candidate n; its files are reordered when read.)
 */
public enum GruGate implements Band {
    Z("z", "update gate"),
    R("r", "reset gate"),
    H("h", "candidate");

    private static final List<String> VALID = List.of("z", "r", "h (or update, reset, candidate/n/hh)");

    private final String symbol;
    private final String title;

    GruGate(String symbol, String title) {
        this.symbol = symbol;
        this.title = title;
    }

    @Override
    public String symbol() {
        return symbol;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public int index() {
        return ordinal();
    }

    /** z and r squash with the recurrent activation; the candidate with the activation. */
    @Override
    public boolean usesRecurrentActivation() {
        return this != H;
    }

    /**
     * The block named {@code name}: z/update, r/reset, h/candidate/n (PyTorch's name)/hh (Keras's variable), any case.
     *
     * @param where e.g. {@code layer "gru_1"}, for the message; may be null
     * @throws NameException naming the value and the valid names
     */
    public static GruGate parse(String name, String where) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (key) {
            case "z": case "update": case "update_gate":
                return Z;
            case "r": case "reset": case "reset_gate":
                return R;
            case "h": case "n": case "hh": case "c": case "g": case "candidate": case "new": case "new_gate":
                return H;
            default:
                throw NameException.unknown("GRU gate", name, where, VALID);
        }
    }

    @Override
    public String toString() {
        return symbol;
    }
}
