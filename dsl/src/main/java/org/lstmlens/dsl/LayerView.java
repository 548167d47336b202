package org.lstmlens.dsl;

import java.util.Objects;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.MimeBundle;

/**
 * One LSTM layer (one direction) as the notebook sees it: its gates, units, parameters, runs and traces.
 * Built from numbers ({@code lstm.layer(...)}) or taken from a loaded model ({@code model.layer("lstm_1")}).
 */
public final class LayerView implements Displayable {
    private final LstmLayer layer;

    private LayerView(LstmLayer layer) {
        this.layer = Objects.requireNonNull(layer, "layer");
    }

    /** The view of a core layer; how loaded models hand out their LSTM layers. */
    public static LayerView of(LstmLayer layer) {
        return new LayerView(layer);
    }

    /** The core layer behind this view. */
    public LstmLayer layer() {
        return layer;
    }

    @Override
    public MimeBundle toMimeBundle() {
        return MimeBundle.text(toString());
    }

    @Override
    public String toString() {
        return "LSTM \"" + layer.name() + "\": " + layer.inputDim() + " features -> " + layer.units() + " units";
    }
}
