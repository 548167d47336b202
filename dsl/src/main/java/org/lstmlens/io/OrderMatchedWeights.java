package org.lstmlens.io;

import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Legacy weights matched to a config's layers by order, as Keras's {@code model.load_weights(h5)} does (its
 * {@code by_name=False} default): the k-th layer with weights gets the k-th weighted group of the file. Used only when
 * the config's layer names are not all in the file, e.g. an architecture rebuilt in a new session ({@code lstm_1})
 * for weights saved from another ({@code lstm_3}).
 */
final class OrderMatchedWeights implements WeightSource {
    private static final Set<String> WEIGHTED = Set.of("LSTM", "CuDNNLSTM", "RNN", "Bidirectional", "Dense",
            "Embedding", "TimeDistributed", "TimeDistributedDense", "GRU", "SimpleRNN", "CuDNNGRU", "Conv1D", "Conv2D",
            "BatchNormalization", "LayerNormalization");

    private final WeightSource file;
    private final Map<String, String> fileNameOf;

    private OrderMatchedWeights(WeightSource file, Map<String, String> fileNameOf) {
        this.file = file;
        this.fileNameOf = fileNameOf;
    }

    /** The source itself when every weighted config layer is named in it; else the order-matched view. */
    static WeightSource wrapIfNeeded(WeightSource source, ModelSpec spec, Assumptions assumptions) {
        if (source.keyedBySaveKey()) {
            return source;
        }
        List<String> configLayers = new ArrayList<>();
        for (LayerSpec l : spec.layers()) {
            if (weighted(l.className(), l.config())) {
                configLayers.add(l.name());
            }
        }
        if (source.layerKeys().containsAll(configLayers)) {
            return source;
        }
        List<String> fileLayers = new ArrayList<>();
        for (String k : source.layerKeys()) {
            List<NamedArray> w = source.weights(k, k);
            if (w != null && !w.isEmpty()) {
                fileLayers.add(k);
            }
        }
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < Math.min(configLayers.size(), fileLayers.size()); i++) {
            map.put(configLayers.get(i), fileLayers.get(i));
        }
        assumptions.add("the config's layer names are not those of the weights file; weights were matched to layers"
                + " by order, as Keras's load_weights does (" + map.size() + " of " + configLayers.size() + " layers"
                + " with weights, the file has " + fileLayers.size() + ")");
        return new OrderMatchedWeights(source, map);
    }

    private static boolean weighted(String cls, JsonObject config) {
        if (cls.equals("TimeDistributed") && config != null && config.has("layer")
                && config.get("layer").isJsonObject()) {
            return weighted(ConfigReader.str(config.getAsJsonObject("layer"), "class_name", "?"), null);
        }
        return WEIGHTED.contains(cls);
    }

    @Override
    public List<NamedArray> weights(String layerName, String saveKey) {
        String mapped = fileNameOf.get(layerName);
        return mapped == null ? List.of() : file.weights(mapped, saveKey);
    }

    @Override
    public List<String> layerKeys() {
        return file.layerKeys();
    }

    @Override
    public boolean keyedBySaveKey() {
        return false;
    }

    @Override
    public String layout() {
        return file.layout() + ", matched by order";
    }
}
