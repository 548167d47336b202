package org.lstmlens.compare;

import java.util.ArrayList;
import java.util.List;
import org.lstmlens.core.Band;
import org.lstmlens.core.CellWeights;
import org.lstmlens.core.RecurrentCell;
import org.lstmlens.model.Framework;
import org.lstmlens.model.Provenance;
import org.lstmlens.model.RecurrentLayer;

/**
 * How one direction of each file was read, in words: the framework and the order its files store the gate blocks
 * in (with Keras's names where they differ), its biases, its settings, and the reader's own mapping lines (transposes,
 * permutations, biases summed or kept apart) from the layer's {@link Provenance}. Both files are compared in the
 * core's layout (Keras's: {@code W in x bands*u}, {@code U u x bands*u}, gates i, f, c, o / z, r, h).
 */
final class MappingText {
    private MappingText() {
    }

    static List<String> of(RecurrentLayer a, RecurrentLayer b) {
        List<String> out = new ArrayList<>();
        side("a", a, out);
        side("b", b, out);
        return out;
    }

    private static void side(String name, RecurrentLayer layer, List<String> out) {
        Provenance p = layer.provenance();
        RecurrentCell cell = layer.cell();
        Framework f = p.framework();
        out.add(name + " (" + f.title() + (p.arrays().isEmpty() ? "" : ": " + String.join(", ", p.arrays())) + "): "
                + blocks(f, cell) + "; " + biases(cell.weights()) + "; " + settings(layer));
        for (String line : p.mapping()) {
            out.add(name + ": " + line);
        }
    }

    /** e.g. {@code gate blocks i, f, c, o} or {@code gate blocks r, z, n (Keras's r, z, h)}. */
    private static String blocks(Framework f, RecurrentCell cell) {
        List<String> stored = f.storedOrder(cell.kind());
        int[] at = f.storedPositions(cell.kind());
        String[] keras = new String[at.length];
        List<Band> bands = cell.bands();
        for (int k = 0; k < at.length && k < bands.size(); k++) {
            keras[at[k]] = bands.get(k).symbol();
        }
        String kerasNames = String.join(", ", keras);
        String storedNames = String.join(", ", stored);
        return "gate blocks " + storedNames + (kerasNames.equals(storedNames) ? "" : " (Keras's " + kerasNames + ")");
    }

    private static String biases(CellWeights w) {
        if (w.hasRecurrentBias()) {
            return (w.hasBias() ? "two biases, b (with x.W) and b' (with h.U)" : "a recurrent bias b' only");
        }
        return w.hasBias() ? "one bias b" : "no bias";
    }

    private static String settings(RecurrentLayer layer) {
        RecurrentCell cell = layer.cell();
        StringBuilder sb = new StringBuilder("activation " + cell.activation().label());
        cell.gateActivation().ifPresent(g -> sb.append(", gates ").append(g.label()));
        if (cell.kind().equals("GRU")) {
            sb.append(", reset_after ").append(WeightCheck.resetAfter(cell) ? "True" : "False");
        }
        sb.append(layer.rnn().goBackwards() ? ", reads backwards" : ", reads forward");
        return sb.toString();
    }
}
