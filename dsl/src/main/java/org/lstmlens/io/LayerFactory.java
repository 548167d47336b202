package org.lstmlens.io;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Set;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.ModelFileException;
import org.lstmlens.model.ActivationFunction;
import org.lstmlens.model.ActivationLayer;
import org.lstmlens.model.ConcatenateLayer;
import org.lstmlens.model.DenseLayer;
import org.lstmlens.model.EmbeddingLayer;
import org.lstmlens.model.FlattenLayer;
import org.lstmlens.model.IdentityLayer;
import org.lstmlens.model.InputLayer;
import org.lstmlens.model.Layer;
import org.lstmlens.model.MaskingLayer;
import org.lstmlens.model.MergeLayer;
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
    private static final Set<String> RECURRENT_NOT_COMPUTED = Set.of("ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D",
            "ConvRNN2D", "StackedRNNCells", "LSTMCell", "GRUCell", "SimpleRNNCell", "PeepholeLSTMCell");

    private final String file;
    private final KerasEra era;
    private final RecurrentLayers recurrent;

    LayerFactory(String file, KerasEra era, Assumptions assumptions) {
        this.file = file;
        this.era = era;
        this.recurrent = new RecurrentLayers(file, era, assumptions);
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
            case "LSTM": case "CuDNNLSTM": case "GRU": case "CuDNNGRU": case "SimpleRNN": case "RNN":
                return recurrent.recurrent(cls, name, c, need(w, name, cls));
            case "Bidirectional":
                return recurrent.bidirectional(name, c, need(w, name, cls));
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
                    throw bad(name, "an Embedding needs one (vocabulary, dim) array, got " + WeightsReader.describe(e));
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
        if (RECURRENT_NOT_COMPUTED.contains(cls)) {
            return new UnsupportedLayer(name, cls, stored, cls + " is recognised but not supported; supported: "
                    + CellKind.SUPPORTED);
        }
        return new UnsupportedLayer(name, cls, stored, "LSTM Lens does not compute layers of type " + cls);
    }

    private Layer dense(String name, Json c, List<NamedArray> w) {
        boolean useBias = c.bool("use_bias", c.bool("bias", true));
        if (w.isEmpty() || w.get(0).rank() != 2 || w.size() != (useBias ? 2 : 1)) {
            throw bad(name, "a Dense layer" + (useBias ? " with bias" : " without bias") + " needs "
                    + (useBias ? "a kernel and a bias" : "a kernel") + ", got " + WeightsReader.describe(w));
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
