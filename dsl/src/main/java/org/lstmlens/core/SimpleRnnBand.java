package org.lstmlens.core;

import java.util.List;
import java.util.Locale;
import org.lstmlens.error.NameException;

/** SimpleRNN's one block: it has no gate, only the state's pre-activation {@code x.W + h.U + b}. */
public enum SimpleRnnBand implements Band {
    H;

    private static final List<String> VALID = List.of("h (SimpleRNN has no gates; also: state, hidden)");

    @Override
    public String symbol() {
        return "h";
    }

    @Override
    public String title() {
        return "state, no gate";
    }

    @Override
    public int index() {
        return 0;
    }

    @Override
    public boolean usesRecurrentActivation() {
        return false;
    }

    /**
     * @param where e.g. {@code layer "simple_rnn"}, for the message; may be null
     * @throws NameException naming the value, saying SimpleRNN has no gates
     */
    public static SimpleRnnBand parse(String name, String where) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (key) {
            case "h": case "state": case "hidden": case "hidden_state":
                return H;
            default:
                throw NameException.unknown("SimpleRNN block", name, where, VALID);
        }
    }

    @Override
    public String toString() {
        return "h";
    }
}
