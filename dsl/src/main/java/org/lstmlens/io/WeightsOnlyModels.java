package org.lstmlens.io;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.lstmlens.model.Layer;
import org.lstmlens.model.Model;
import org.lstmlens.model.ModelInfo;
import org.lstmlens.model.UnsupportedLayer;

/**
 * The layers of a weights-only file, recognised from their arrays alone: LSTMs, GRUs and SimpleRNNs (Keras 1 per-gate
 * names, fused or cuDNN shapes, Bidirectional forward/backward pairs), Embeddings and Dense kernels. Activations are the era's
 * defaults and said so; the model has no graph until the architecture is supplied.
 */
final class WeightsOnlyModels {
    private WeightsOnlyModels() {
    }

    static Model guess(String file, WeightSource source, LayerFactory factory, Assumptions assumptions,
                       ModelInfo.Builder info) {
        List<Layer> layers = new ArrayList<>();
        for (String key : source.layerKeys()) {
            List<NamedArray> w = source.weights(key, key);
            layers.add(guessLayer(key, w, factory));
        }
        assumptions.add("the file holds weights only: layer types are recognised from their arrays (LSTM, GRU or "
                + "SimpleRNN by the recurrent kernel's columns: 4, 3 or 1 times its rows), recurrent activations are "
                + "tanh and the era's default recurrent activation, a GRU's reset_after is read from its bias shape, "
                + "Dense activations are linear; supply the architecture to run the whole model");
        String name = java.nio.file.Path.of(file.replace("!/", "/")).getFileName().toString();
        return new Model(name, "Weights", layers, List.of(), List.of(), List.of(), Map.of(),
                info.assumptions(assumptions.list()).weightsOnly(true).build());
    }

    private static Layer guessLayer(String key, List<NamedArray> w, LayerFactory factory) {
        long stored = w == null ? 0 : w.stream().mapToLong(NamedArray::size).sum();
        if (w == null || w.isEmpty()) {
            return new UnsupportedLayer(key, "?", 0, "a weights-only file does not say what this layer is (it has no weights)");
        }
        JsonObject cfg = new JsonObject();
        cfg.addProperty("name", key);
        boolean bidi = w.stream().anyMatch(a -> a.name().contains("backward_"));
        CellKind kind = recognise(bidi ? w.subList(0, w.size() / 2) : w);
        if (kind != null) {
            String cls = kind.layerClass();
            if (bidi) {
                JsonObject inner = new JsonObject();
                inner.addProperty("class_name", cls);
                JsonObject ic = new JsonObject();
                ic.addProperty("name", key.replaceFirst("^bidirectional", snake(cls)));
                ic.addProperty("return_sequences", true);
                inner.add("config", ic);
                cfg.add("layer", inner);
                return factory.create("Bidirectional", key, cfg, w);
            }
            cfg.addProperty("return_sequences", true);
            return factory.create(cls, key, cfg, w);
        }
        if (w.size() == 1 && w.get(0).rank() == 2 && (key.contains("embedding") || w.get(0).name().contains("embeddings"))) {
            return factory.create("Embedding", key, cfg, w);
        }
        if (w.size() == 2 && w.get(0).rank() == 2 && w.get(1).rank() == 1 && w.get(1).size() == w.get(0).cols()) {
            return factory.create("Dense", key, cfg, w);
        }
        return new UnsupportedLayer(key, "?", stored, "a weights-only file does not say what this layer is ("
                + WeightsReader.describe(w) + ")");
    }

    /**
     * The cell kind one direction's arrays are: Keras 1's per-gate names ({@code _W_i} ... 12 for an LSTM,
     * {@code _W_z} ... 9 for a GRU), or a kernel and recurrent kernel whose columns are 4, 3 or 1 times the recurrent
     * kernel's rows (LSTM, GRU, SimpleRNN; a CuDNN layer's shapes are its kind's). Null when they are none of these.
     */
    static CellKind recognise(List<NamedArray> one) {
        if (one.size() == 12 && one.stream().allMatch(a -> a.shortName().matches(".*_[WUb]_[ifco]$"))) {
            return CellKind.LSTM;
        }
        if (one.size() == 9 && one.stream().allMatch(a -> a.shortName().matches(".*_[WUb]_[zrh]$"))) {
            return CellKind.GRU;
        }
        if (one.size() == 3 || one.size() == 2) {
            NamedArray k = one.get(0);
            NamedArray r = one.get(1);
            if (k.rank() != 2 || r.rank() != 2 || k.cols() != r.cols() || r.rows() == 0) {
                return null;
            }
            for (CellKind kind : CellKind.values()) {
                if (r.cols() == kind.bands() * r.rows()) {
                    return kind;
                }
            }
        }
        return null;
    }

    /** Keras's default layer name stem of a class: {@code SimpleRNN} -> {@code simple_rnn}. */
    private static String snake(String cls) {
        return cls.replaceAll("([a-z])([A-Z])", "$1_$2").replaceAll("([A-Z]+)([A-Z][a-z])", "$1_$2")
                .toLowerCase(java.util.Locale.ROOT);
    }
}
