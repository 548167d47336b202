package org.lstmlens.compare;

import java.util.ArrayList;
import java.util.List;
import org.lstmlens.error.LstmException;
import org.lstmlens.model.Layer;
import org.lstmlens.model.RecurrentLayer;

/**
 * Pairs the recurrent layers of two models by order: the k-th of one with the k-th of the other, each the same cell,
 * the same number of directions, units and input width. Where the order does not match but the names do (a Keras
 * weights-only file lists its layers in the order of their names), by name. Anything else is refused, naming both
 * layers: two files of one network have the same recurrent layers, whatever else they wrap around them.
 */
final class Matching {
    private Matching() {
    }

    /** @throws LstmException when the layers cannot be matched, saying which and why */
    static List<LayerPair> of(Side a, Side b) {
        List<Layer> la = a.recurrentLayers();
        List<Layer> lb = b.recurrentLayers();
        for (Side s : List.of(a, b)) {
            if (s.recurrentLayers().isEmpty()) {
                throw new LstmException("cannot compare: " + s.label() + " has no recurrent layer (LSTM, GRU, "
                        + "SimpleRNN or Bidirectional); its layers: " + String.join(", ", s.model().layerNames()));
            }
        }
        if (la.size() != lb.size()) {
            throw new LstmException("cannot compare: a (" + a.label() + ") has " + count(la) + ", b (" + b.label()
                    + ") has " + count(lb) + "; layers are matched in order, so both need the same number");
        }
        try {
            return pairs(la, lb);
        } catch (LstmException byOrder) {
            List<Layer> named = byName(la, lb);
            if (named == null) {
                throw byOrder;
            }
            return pairs(la, named); // e.g. a weights-only file, whose layers come in the order of their names
        }
    }

    private static List<LayerPair> pairs(List<Layer> la, List<Layer> lb) {
        List<LayerPair> pairs = new ArrayList<>();
        for (int k = 0; k < la.size(); k++) {
            check(k, la.get(k), lb.get(k));
            pairs.add(new LayerPair(k, la.get(k), lb.get(k)));
        }
        return pairs;
    }

    /** b's layers in the order of a's names, or null unless both have the same names in another order. */
    private static List<Layer> byName(List<Layer> la, List<Layer> lb) {
        List<Layer> out = new ArrayList<>();
        for (Layer a : la) {
            lb.stream().filter(b -> b.name().equals(a.name())).findFirst().ifPresent(out::add);
        }
        return out.size() == la.size() && out.stream().distinct().count() == la.size() && !out.equals(lb) ? out
                : null;
    }

    private static void check(int k, Layer a, Layer b) {
        RecurrentLayer da = Side.directions(a).get(0);
        RecurrentLayer db = Side.directions(b).get(0);
        String which = "cannot compare recurrent layer " + k + ": a's " + Side.describe(a) + " and b's "
                + Side.describe(b);
        if (!da.cell().kind().equals(db.cell().kind())) {
            throw new LstmException(which + " hold different cells (" + da.cell().kind() + ", " + db.cell().kind()
                    + "); layers are matched in order and must hold the same cell");
        }
        int na = Side.directions(a).size();
        int nb = Side.directions(b).size();
        if (na != nb) {
            throw new LstmException(which + " differ in directions (" + directions(na) + ", " + directions(nb)
                    + ")");
        }
        if (da.units() != db.units()) {
            throw new LstmException(which + " differ in units (" + da.units() + ", " + db.units() + ")");
        }
        int pa = da.cell().weights().outputSize();
        int pb = db.cell().weights().outputSize();
        if (pa != pb) {
            throw new LstmException(which + " differ in the size of h (" + pa + ", " + pb + "): "
                    + (pa < da.units() || pb < db.units() ? "a projection (PyTorch's proj_size) is in "
                    + (pa < da.units() ? "a" : "b") + (pa < da.units() && pb < db.units() ? " and b, of another size"
                    : " only") : "") + "; the states cannot be compared step by step");
        }
        if (da.inputDim() != db.inputDim()) {
            throw new LstmException(which + " read different input widths (" + da.inputDim() + ", " + db.inputDim()
                    + " features per step)");
        }
    }

    private static String directions(int n) {
        return n == 2 ? "Bidirectional: forward and backward" : "one direction";
    }

    private static String count(List<Layer> layers) {
        List<String> names = new ArrayList<>();
        layers.forEach(l -> names.add(Side.describe(l)));
        return layers.size() + " recurrent layer" + (layers.size() == 1 ? "" : "s") + " (" + String.join(", ", names)
                + ")";
    }
}
