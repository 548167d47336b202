package org.lstmlens.model;

import java.util.List;
import java.util.Locale;

/**
 * The framework that wrote a model, and how it names and orders the bands (gate blocks) of each cell in its files.
 * The core keeps every cell in Keras's order (LSTM i, f, c, o; GRU z, r, h; SimpleRNN h); readers of other frameworks
 * permute the blocks once, and views name them as the file does with Keras's names beside.
 */
public enum Framework {
    KERAS("Keras", List.of("i", "f", "c", "o"), List.of("z", "r", "h")),
    /** nn.LSTM packs i, f, g, o (g is Keras's c); nn.GRU r, z, n (n is Keras's h). */
    PYTORCH("PyTorch", List.of("i", "f", "g", "o"), List.of("r", "z", "n")),
    /** The LSTM operator packs W[iofc], the GRU operator W[zrh]. */
    ONNX("ONNX", List.of("i", "o", "f", "c"), List.of("z", "r", "h"));

    private static final List<String> KERAS_LSTM = List.of("i", "f", "c", "o");
    private static final List<String> KERAS_GRU = List.of("z", "r", "h");

    private final String title;
    private final List<String> lstmOrder;
    private final List<String> gruOrder;

    Framework(String title, List<String> lstmOrder, List<String> gruOrder) {
        this.title = title;
        this.lstmOrder = lstmOrder;
        this.gruOrder = gruOrder;
    }

    /** As people write it: Keras, PyTorch, ONNX. */
    public String title() {
        return title;
    }

    /**
     * This framework's names of a cell's bands in the order its files store them.
     *
     * @param cellKind {@code LSTM}, {@code GRU} or {@code SimpleRNN} (as {@code RecurrentCell.kind()})
     */
    public List<String> storedOrder(String cellKind) {
        switch (cellKind.toUpperCase(Locale.ROOT)) {
            case "LSTM": return lstmOrder;
            case "GRU": return gruOrder;
            default: return List.of("h");
        }
    }

    /**
     * This framework's name of the band Keras calls {@code kerasSymbol} (e.g. PyTorch's {@code g} for an LSTM's
     * {@code c}, {@code n} for a GRU's {@code h}).
     */
    public String nameOf(String cellKind, String kerasSymbol) {
        List<String> keras = kerasOrder(cellKind);
        int at = keras.indexOf(kerasSymbol);
        if (at < 0) {
            throw new IllegalArgumentException("no band \"" + kerasSymbol + "\" in a " + cellKind + "; expected one of "
                    + keras);
        }
        return storedNames(cellKind).get(at);
    }

    /**
     * Where each of Keras's bands sits in this framework's files: element k is the stored position of Keras band k
     * (for ONNX's LSTM, i f c o sit at 0, 2, 3, 1).
     */
    public int[] storedPositions(String cellKind) {
        List<String> keras = kerasOrder(cellKind);
        List<String> stored = storedOrder(cellKind);
        List<String> names = storedNames(cellKind);
        int[] at = new int[keras.size()];
        for (int k = 0; k < keras.size(); k++) {
            at[k] = stored.indexOf(names.get(k));
        }
        return at;
    }

    /** This framework's names in Keras's band order. */
    private List<String> storedNames(String cellKind) {
        switch (cellKind.toUpperCase(Locale.ROOT)) {
            case "LSTM":
                return this == PYTORCH ? List.of("i", "f", "g", "o") : KERAS_LSTM;
            case "GRU":
                return this == PYTORCH ? List.of("z", "r", "n") : KERAS_GRU;
            default:
                return List.of("h");
        }
    }

    private static List<String> kerasOrder(String cellKind) {
        return KERAS.storedOrder(cellKind);
    }
}
