package org.lstmlens.io;

import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small legacy Keras HDF5 file (layer_names / weight_names, as Keras 1, Keras 2 and tf.keras write them) built for
 * a test: the {@code keras_version} and {@code model_config} attributes when given (a model file keeps its weights
 * under {@code model_weights}, a weights file at the root), one group per layer, each array at the path its weight
 * name spells ({@code gru_1/kernel:0} is the dataset {@code kernel:0} in the group {@code gru_1} of the layer's group).
 */
final class LegacyFile {
    private final String version;
    private String config;
    private final Map<String, Map<String, Object>> layers = new LinkedHashMap<>();

    /** @param version the keras_version attribute, or null for a file without one (Keras 1) */
    LegacyFile(String version) {
        this.version = version;
    }

    LegacyFile config(String json) {
        this.config = json;
        return this;
    }

    /** A layer and its arrays in get_weights order: name, array, name, array... (float[] or float[][]). */
    LegacyFile layer(String name, Object... namesAndArrays) {
        Map<String, Object> arrays = new LinkedHashMap<>();
        for (int i = 0; i < namesAndArrays.length; i += 2) {
            arrays.put((String) namesAndArrays[i], namesAndArrays[i + 1]);
        }
        layers.put(name, arrays);
        return this;
    }

    Path write(Path file) {
        return H5Writer.write(file, h -> {
            if (version != null) {
                h.putAttribute("keras_version", version);
            }
            WritableGroup root = h;
            if (config != null) {
                h.putAttribute("model_config", config);
                root = h.putGroup("model_weights");
            }
            root.putAttribute("layer_names", layers.keySet().toArray(new String[0]));
            for (Map.Entry<String, Map<String, Object>> l : layers.entrySet()) {
                WritableGroup g = root.putGroup(l.getKey());
                List<String> names = new ArrayList<>(l.getValue().keySet());
                g.putAttribute("weight_names", names.toArray(new String[0]));
                Map<String, WritableGroup> groups = new HashMap<>();
                for (String n : names) {
                    String[] parts = n.split("/");
                    WritableGroup cur = g;
                    String path = "";
                    for (int i = 0; i < parts.length - 1; i++) {
                        path += "/" + parts[i];
                        WritableGroup parent = cur;
                        String part = parts[i];
                        cur = groups.computeIfAbsent(path, k -> parent.putGroup(part));
                    }
                    cur.putDataset(parts[parts.length - 1], l.getValue().get(n));
                }
            }
        });
    }
}
