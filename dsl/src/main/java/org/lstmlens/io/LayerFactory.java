package org.lstmlens.io;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Set;
import org.lstmlens.core.Activation;
import org.lstmlens.core.LstmCell;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.ModelFileException;
import org.lstmlens.model.ActivationFunction;
import org.lstmlens.model.ActivationLayer;
import org.lstmlens.model.BidirectionalLayer;
import org.lstmlens.model.ConcatenateLayer;
import org.lstmlens.model.DenseLayer;
import org.lstmlens.model.EmbeddingLayer;
import org.lstmlens.model.FlattenLayer;
import org.lstmlens.model.IdentityLayer;
import org.lstmlens.model.InputLayer;
import org.lstmlens.model.Layer;
import org.lstmlens.model.MaskingLayer;
import org.lstmlens.model.MergeLayer;
import org.lstmlens.model.RecurrentLayer;
import org.lstmlens.model.RepeatVectorLayer;
import org.lstmlens.model.Shape;
import org.lstmlens.model.TimeDistributedLayer;
import org.lstmlens.model.UnsupportedLayer;

/**
 * Builds a model layer from its config entry and its weight arrays, with the semantics of the Keras that wrote the
 * file (Keras 1 key names, era defaults for activations a config leaves out). Layers it does not compute become
 * {@link UnsupportedLayer}s that say why.
 */
final class LayerFactory {
    private static final Set<String> IDENTITY = Set.of("Dropout", "SpatialDropout1D", "SpatialDropout2D",
            "GaussianNoise", "GaussianDropout", "AlphaDropout", "ActivityRegularization");
    private static final Set<String> NOT_YET = Set.of("GRU", "SimpleRNN", "CuDNNGRU", "GRUCell", "SimpleRNNCell",
            "ConvLSTM1D", "ConvLSTM2D", "StackedRNNCells");

    private final String file;
    private final KerasEra era;
    private final Assumptions assumptions;

    LayerFactory(String file, KerasEra era, Assumptions assumptions) {
        this.file = file;
        this.era = era;
        this.assumptions = assumptions;
    }

    /**
     * @param weights the layer's arrays in get_weights order; null when the file has no entry for it
     */
    Layer create(String cls, String name, JsonObject config, List<NamedArray> weights) {
        Json c = new Json(config, file + ", layer \"" + name + "\" (" + cls + ")");
        List<NamedArray> w = weights == null ? List.of() : weights;
        long stored = w.stream().mapToLong(NamedArray::size).sum();
        switch (cls) {
            case "InputLayer":
                return new InputLayer(name, inputShape(c, cls));
            case "LSTM": case "CuDNNLSTM": case "RNN":
                return recurrent(cls, name, c, need(w, name, cls));
            case "Bidirectional":
                return bidirectional(name, c, need(w, name, cls));
            case "TimeDistributed": {
                JsonObject inner = c.object("layer");
                if (inner == null) {
                    throw bad(name, "TimeDistributed config has no \"layer\"");
                }
                Layer in = create(ConfigReader.str(inner, "class_name", "?"),
                        ConfigReader.str(inner.getAsJsonObject("config"), "name", name + "_inner"),
                        inner.getAsJsonObject("config"), w);
                return new TimeDistributedLayer(name, in);
            }
            case "Dense":
                return dense(name, c, need(w, name, cls));
            case "Embedding": {
                List<NamedArray> e = need(w, name, cls);
                if (e.size() != 1 || e.get(0).rank() != 2) {
                    throw bad(name, "an Embedding needs one (vocabulary, dim) array, got " + LstmWeightsReader.describe(e));
                }
                return new EmbeddingLayer(name, e.get(0).matrix(), c.bool("mask_zero", false));
            }
            case "Masking":
                return new MaskingLayer(name, c.number("mask_value", 0.0));
            case "Activation":
                return new ActivationLayer(name, activation(name, c.str("activation", "linear")));
            case "Flatten":
                return new FlattenLayer(name);
            case "RepeatVector":
                return new RepeatVectorLayer(name, c.integer("n", 1));
            case "Concatenate":
                return new ConcatenateLayer(name, c.integer("axis", -1));
            case "Merge":
                return keras1Merge(name, c);
            case "TimeDistributedDense": {
                // Keras 1's dense layer applied per timestep: Dense on the last axis
                JsonObject dc = config == null ? new JsonObject() : config.deepCopy();
                return new TimeDistributedLayer(name, dense(name, new Json(dc, c.toString()), need(w, name, cls)));
            }
            default:
                break;
        }
        if (IDENTITY.contains(cls)) {
            return new IdentityLayer(name, cls);
        }
        MergeLayer.Op op = MergeLayer.opOf(cls);
        if (op != null) {
            return new MergeLayer(name, op);
        }
        if (NOT_YET.contains(cls) || cls.equals("RNN")) {
            return new UnsupportedLayer(name, cls, stored, cls + " is recognised but not yet supported (LSTM only)");
        }
        return new UnsupportedLayer(name, cls, stored, "LSTM Lens does not compute layers of type " + cls);
    }

    private Layer recurrent(String cls, String name, Json c, List<NamedArray> w) {
        Json cell = c;
        if (cls.equals("RNN")) {
            JsonObject cellObj = c.object("cell");
            String cellCls = cellObj == null ? "?" : ConfigReader.str(cellObj, "class_name", "?");
            if (!cellCls.equals("LSTMCell")) {
                long stored = w.stream().mapToLong(NamedArray::size).sum();
                return new UnsupportedLayer(name, "RNN", stored, "RNN(" + cellCls + ") is recognised but not yet "
                        + "supported (only RNN(LSTMCell))");
            }
            cell = new Json(cellObj.getAsJsonObject("config"), file + ", layer \"" + name + "\" (LSTMCell)");
        }
        LstmWeightsReader.Converted conv = LstmWeightsReader.convert(w, file, name);
        int units = cell.integer("units", cell.integer("output_dim", conv.weights().units()));
        if (units != conv.weights().units()) {
            throw bad(name, "the config says " + units + " units but the weights hold " + conv.weights().units()
                    + " (recurrent kernel " + conv.weights().units() + "x" + 4 * conv.weights().units() + ")");
        }
        Activation act;
        Activation rec;
        if (cls.equals("CuDNNLSTM") || conv.cudnn()) {
            act = Activation.TANH;
            rec = Activation.SIGMOID;
        } else {
            act = Activation.parse(cell.str("activation", "tanh"), era.hardSigmoid());
            String r = cell.str("recurrent_activation", cell.str("inner_activation", null));
            if (r == null) {
                r = era.defaultRecurrentActivation();
                assumptions.add("layer \"" + name + "\": the config names no recurrent activation; assumed "
                        + r + ", the default of " + era.label());
            }
            rec = Activation.parse(r, era.hardSigmoid());
        }
        LstmLayer core = new LstmLayer(name, new LstmCell(conv.weights(), act, rec),
                c.bool("return_sequences", false), c.bool("go_backwards", false));
        return new RecurrentLayer(cls.equals("RNN") ? "RNN" : (conv.cudnn() ? "CuDNNLSTM" : cls), core,
                c.bool("return_state", false), c.bool("zero_output_for_mask", false), conv.storedParams());
    }

    private Layer bidirectional(String name, Json c, List<NamedArray> w) {
        JsonObject inner = c.object("layer");
        if (inner == null) {
            throw bad(name, "Bidirectional config has no \"layer\"");
        }
        String innerCls = ConfigReader.str(inner, "class_name", "?");
        if (!Set.of("LSTM", "CuDNNLSTM", "RNN").contains(innerCls)) {
            long stored = w.stream().mapToLong(NamedArray::size).sum();
            return new UnsupportedLayer(name, "Bidirectional", stored, "Bidirectional(" + innerCls + ") is not yet "
                    + "supported (LSTM only)");
        }
        List<List<NamedArray>> halves = LstmWeightsReader.splitDirections(w, file, name);
        JsonObject fCfg = inner.getAsJsonObject("config");
        String base = ConfigReader.str(fCfg, "name", "lstm");
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

    private Layer dense(String name, Json c, List<NamedArray> w) {
        boolean useBias = c.bool("use_bias", c.bool("bias", true));
        if (w.isEmpty() || w.get(0).rank() != 2 || w.size() != (useBias ? 2 : 1)) {
            throw bad(name, "a Dense layer" + (useBias ? " with bias" : " without bias") + " needs "
                    + (useBias ? "a kernel and a bias" : "a kernel") + ", got " + LstmWeightsReader.describe(w));
        }
        NamedArray k = w.get(0);
        int units = c.integer("units", c.integer("output_dim", k.cols()));
        if (units != k.cols()) {
            throw bad(name, "the config says " + units + " units but the kernel is " + k.shapeText());
        }
        return new DenseLayer(name, k.rows(), k.cols(), k.data(), useBias ? w.get(1).data() : null,
                activation(name, c.str("activation", "linear")));
    }

    /** Keras 1's {@code Merge(mode=...)} layer: the modes that are Keras 2's merge layers. */
    private Layer keras1Merge(String name, Json c) {
        String mode = c.str("mode", "sum");
        switch (mode) {
            case "concat": return new ConcatenateLayer(name, c.integer("concat_axis", -1));
            case "sum": return new MergeLayer(name, MergeLayer.Op.ADD);
            case "mul": return new MergeLayer(name, MergeLayer.Op.MULTIPLY);
            case "ave": return new MergeLayer(name, MergeLayer.Op.AVERAGE);
            case "max": return new MergeLayer(name, MergeLayer.Op.MAXIMUM);
            default: return new UnsupportedLayer(name, "Merge", 0, "Keras 1 Merge mode \"" + mode + "\" is not "
                    + "supported (concat, sum, mul, ave, max are)");
        }
    }

    private ActivationFunction activation(String layer, String name) {
        try {
            return ActivationFunction.parse(name, era.hardSigmoid());
        } catch (LstmException e) {
            throw bad(layer, e.getMessage());
        }
    }

    /**
     * An input's shape from any era's keys: batch_shape (Keras 3), batch_input_shape, input_shape, or Keras 1's
     * input_dim/input_length (for an Embedding, input_dim is the vocabulary, not a feature axis). Null when absent.
     */
    static Shape inputShape(Json c, String cls) {
        Shape s = c.batchShape("batch_shape");
        if (s == null) {
            s = c.batchShape("batch_input_shape");
        }
        if (s == null) {
            s = c.sampleShape("input_shape");
        }
        if (s == null && c.has("input_dim")) {
            int length = c.integer("input_length", Shape.UNKNOWN);
            if (cls.equals("Embedding")) {
                s = Shape.of(length);
            } else if (cls.equals("Dense")) {
                s = Shape.of(c.integer("input_dim", Shape.UNKNOWN));
            } else {
                s = Shape.of(length, c.integer("input_dim", Shape.UNKNOWN));
            }
        }
        return s;
    }

    private List<NamedArray> need(List<NamedArray> w, String name, String cls) {
        if (w.isEmpty()) {
            throw bad(name, "the config has a " + cls + " layer here but the file holds no weights for it");
        }
        return w;
    }

    private ModelFileException bad(String layer, String what) {
        return new ModelFileException(file + ", layer \"" + layer + "\": " + what);
    }
}
