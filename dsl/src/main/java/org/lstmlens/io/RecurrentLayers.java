package org.lstmlens.io;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Locale;
import org.lstmlens.core.Rnn;
import org.lstmlens.model.BidirectionalLayer;
import org.lstmlens.model.Layer;
import org.lstmlens.model.RecurrentLayer;
import org.lstmlens.model.UnsupportedLayer;

/**
 * Builds the recurrent layers of a model, any cell: {@code LSTM}, {@code GRU}, {@code SimpleRNN}, their cuDNN twins,
 * {@code RNN(cell)}, and {@code Bidirectional} around any of them. Which cell a class stands for is
 * {@link CellKind}'s; converting its arrays and reading its config is the kind's {@link WeightsReader}; the layer
 * options every recurrent layer shares (return_sequences, go_backwards, return_state, zero_output_for_mask) and the
 * Bidirectional split are here.
 */
final class RecurrentLayers {
    private final String file;
    private final KerasEra era;
    private final Assumptions assumptions;

    RecurrentLayers(String file, KerasEra era, Assumptions assumptions) {
        this.file = file;
        this.era = era;
        this.assumptions = assumptions;
    }

    /**
     * A recurrent layer of class {@code cls} ({@code LSTM}, {@code CuDNNGRU}, {@code RNN}, ...), or an
     * {@link UnsupportedLayer} saying why not (an RNN around a custom cell or StackedRNNCells).
     *
     * @param w the layer's arrays in get_weights order, at least one
     */
    Layer recurrent(String cls, String name, Json c, List<NamedArray> w) {
        Json cell = c;
        CellKind kind;
        if (cls.equals("RNN")) {
            String cellCls = cellClass(c);
            kind = CellKind.ofCell(cellCls);
            if (kind == null) {
                return new UnsupportedLayer(name, "RNN", stored(w), "RNN(" + cellCls + ") is not supported"
                        + (cellCls.equals("StackedRNNCells") || cellCls.equals("[cells]") ? " (stacked cells: stack "
                        + "RNN layers instead)" : " (a cell LSTM Lens does not know)") + "; supported: "
                        + CellKind.SUPPORTED);
            }
            cell = new Json(c.object("cell").getAsJsonObject("config"), file + ", layer \"" + name + "\" (" + cellCls
                    + ")");
        } else {
            kind = CellKind.ofLayer(cls);
            if (kind == null) {
                throw new IllegalArgumentException("not a recurrent layer class: " + cls);
            }
        }
        WeightsReader reader = kind.reader();
        WeightsReader.Converted conv = reader.convert(w, file, name);
        Rnn core = reader.layer(name, conv, cell, era, assumptions, file, c.bool("return_sequences", false),
                c.bool("go_backwards", false));
        String type = cls.equals("RNN") ? "RNN" : conv.cudnn() ? kind.cudnnClass() : cls;
        return new RecurrentLayer(type, core, c.bool("return_state", false), c.bool("zero_output_for_mask", false),
                conv.storedParams());
    }

    /**
     * A Bidirectional layer around any recurrent layer this library computes, its arrays split into the two
     * directions; or an {@link UnsupportedLayer} naming the wrapped layer.
     */
    Layer bidirectional(String name, Json c, List<NamedArray> w) {
        JsonObject inner = c.object("layer");
        if (inner == null) {
            throw WeightsReader.bad(file, name, "Bidirectional config has no \"layer\"");
        }
        String innerCls = ConfigReader.str(inner, "class_name", "?");
        if (CellKind.ofLayer(innerCls) == null && !innerCls.equals("RNN")) {
            return new UnsupportedLayer(name, "Bidirectional", stored(w), "Bidirectional(" + innerCls + ") is not "
                    + "supported; supported: " + CellKind.SUPPORTED);
        }
        List<List<NamedArray>> halves = WeightsReader.splitDirections(w, file, name);
        JsonObject fCfg = inner.getAsJsonObject("config");
        String base = ConfigReader.str(fCfg, "name", innerCls.toLowerCase(Locale.ROOT));
        Layer f = recurrent(innerCls, base.startsWith("forward_") ? base : "forward_" + base,
                new Json(fCfg, file + ", layer \"" + name + "\" (forward)"), halves.get(0));
        JsonObject backCfgObj = c.object("backward_layer");
        Layer b;
        if (backCfgObj != null) {
            JsonObject bc = backCfgObj.getAsJsonObject("config");
            b = recurrent(ConfigReader.str(backCfgObj, "class_name", innerCls), ConfigReader.str(bc, "name",
                    "backward_" + base), new Json(bc, file + ", layer \"" + name + "\" (backward)"), halves.get(1));
        } else {
            // Keras builds the backward layer as a copy of the forward one with go_backwards inverted
            JsonObject bc = fCfg.deepCopy();
            bc.addProperty("go_backwards", !new Json(fCfg, name).bool("go_backwards", false));
            String bName = base.startsWith("forward_") ? "backward_" + base.substring(8) : "backward_" + base;
            b = recurrent(innerCls, bName, new Json(bc, file + ", layer \"" + name + "\" (backward)"), halves.get(1));
        }
        if (!(f instanceof RecurrentLayer) || !(b instanceof RecurrentLayer)) {
            return new UnsupportedLayer(name, "Bidirectional", f.params() + b.params(),
                    "its wrapped layer is not supported: " + (f instanceof UnsupportedLayer
                            ? ((UnsupportedLayer) f).reason() : ((UnsupportedLayer) b).reason()));
        }
        return new BidirectionalLayer(name, (RecurrentLayer) f, (RecurrentLayer) b,
                BidirectionalLayer.Merge.parse(c.has("merge_mode") ? c.str("merge_mode", null) : (c.hasNull("merge_mode")
                        ? null : "concat"), name), era.bidirectionalZerosMaskedSteps());
    }

    /** The class of an RNN layer's cell; {@code [cells]} for a list of cells (tf.keras stacks them so). */
    private static String cellClass(Json c) {
        JsonObject cell = c.object("cell");
        if (cell != null) {
            return ConfigReader.str(cell, "class_name", "?");
        }
        return c.has("cell") && c.raw("cell").isJsonArray() ? "[cells]" : "?";
    }

    private static long stored(List<NamedArray> w) {
        return w.stream().mapToLong(NamedArray::size).sum();
    }
}
