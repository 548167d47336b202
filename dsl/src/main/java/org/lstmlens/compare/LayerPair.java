package org.lstmlens.compare;

import java.util.ArrayList;
import java.util.List;
import org.lstmlens.model.Layer;
import org.lstmlens.model.RecurrentLayer;

/** The index-th recurrent layer of each model, matched, with their directions paired in order. */
record LayerPair(int index, Layer a, Layer b) {
    /** One direction of each: {@code label} is empty for a plain layer, forward or backward for a Bidirectional. */
    record Directions(String label, RecurrentLayer a, RecurrentLayer b) {
    }

    List<Directions> directions() {
        List<RecurrentLayer> da = Side.directions(a);
        List<RecurrentLayer> db = Side.directions(b);
        List<Directions> out = new ArrayList<>();
        for (int k = 0; k < da.size(); k++) {
            out.add(new Directions(da.size() == 1 ? "" : (k == 0 ? "forward" : "backward"), da.get(k), db.get(k)));
        }
        return out;
    }

    boolean bidirectional() {
        return Side.directions(a).size() == 2;
    }
}
