package org.lstmlens.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.lstmlens.model.BidirectionalLayer;
import org.lstmlens.model.Layer;
import org.lstmlens.model.Model;
import org.lstmlens.model.RecurrentDirections;
import org.lstmlens.model.RecurrentLayer;

/** One of the two models compared, with the label the view calls it by (its file name, or the model's name). */
record Side(String label, Model model) {
    Side {
        Objects.requireNonNull(model, "model");
        label = label == null || label.isBlank() ? model.name() : label;
    }

    /**
     * The recurrent layers in the model's order: plain ones, Bidirectional wrappers, and other frameworks' nodes of
     * one or two directions (an ONNX LSTM node).
     */
    List<Layer> recurrentLayers() {
        List<Layer> out = new ArrayList<>();
        for (Layer l : model.layers()) {
            if (l instanceof RecurrentLayer || l instanceof BidirectionalLayer || l instanceof RecurrentDirections) {
                out.add(l);
            }
        }
        return out;
    }

    /** The layer's directions: one, or forward and backward. */
    static List<RecurrentLayer> directions(Layer l) {
        if (l instanceof BidirectionalLayer) {
            BidirectionalLayer bi = (BidirectionalLayer) l;
            return List.of(bi.forwardLayer(), bi.backwardLayer());
        }
        if (l instanceof RecurrentDirections) {
            return ((RecurrentDirections) l).directions();
        }
        return List.of((RecurrentLayer) l);
    }

    /** e.g. {@code lstm_1 (LSTM, 4 units on 3 features)} or {@code bidirectional (Bidirectional LSTM, ...)}. */
    static String describe(Layer l) {
        RecurrentLayer d = directions(l).get(0);
        String two = directions(l).size() == 2 ? (l instanceof BidirectionalLayer ? "Bidirectional " : "bidirectional ")
                : "";
        return l.name() + " (" + two + d.cell().kind() + ", "
                + d.units() + " unit" + (d.units() == 1 ? "" : "s") + " on " + d.inputDim() + " feature"
                + (d.inputDim() == 1 ? "" : "s") + ")";
    }
}
