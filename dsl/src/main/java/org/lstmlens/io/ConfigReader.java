package org.lstmlens.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.lstmlens.error.ModelFileException;
import org.lstmlens.model.TensorRef;

/**
 * Reads a Keras model config (JSON) of any era into a {@link ModelSpec}: Sequential as a list (Keras 1 to 2.2.2) or
 * as {@code {"layers": [...]}}; Functional ({@code Model}/{@code Functional}) with Keras 1's 3-element, Keras 2's
 * 4-element and Keras 3's {@code {"args", "kwargs"}} inbound nodes.
 */
final class ConfigReader {
    private final String file;

    ConfigReader(String file) {
        this.file = file;
    }

    ModelSpec read(String json) {
        JsonObject root;
        try {
            JsonElement e = JsonParser.parseString(json);
            if (!e.isJsonObject()) {
                throw bad("the model config is not a JSON object");
            }
            root = e.getAsJsonObject();
        } catch (RuntimeException e) {
            if (e instanceof ModelFileException) {
                throw e;
            }
            throw bad("the model config is not valid JSON: " + e.getMessage());
        }
        try {
            return spec(root);
        } catch (ModelFileException e) {
            throw e;
        } catch (RuntimeException e) {
            throw bad("the model config has an unexpected structure: " + e);
        }
    }

    private ModelSpec spec(JsonObject root) {
        String cls = str(root, "class_name", "");
        JsonElement cfg = root.get("config");
        if (cfg == null) {
            throw bad("the model config has no \"config\" entry (class_name \"" + cls + "\")");
        }
        if (cls.equals("Sequential")) {
            JsonArray list = cfg.isJsonArray() ? cfg.getAsJsonArray() : cfg.getAsJsonObject().getAsJsonArray("layers");
            String name = cfg.isJsonObject() ? str(cfg.getAsJsonObject(), "name", "sequential") : "sequential";
            List<LayerSpec> layers = new ArrayList<>();
            for (JsonElement l : list) {
                JsonObject o = l.getAsJsonObject();
                JsonObject c = o.getAsJsonObject("config");
                layers.add(new LayerSpec(str(o, "class_name", "?"), str(c, "name", "layer_" + layers.size()), c, List.of()));
            }
            return new ModelSpec(name, true, layers, List.of(), List.of());
        }
        if (cls.equals("Model") || cls.equals("Functional")) {
            JsonObject c = cfg.getAsJsonObject();
            List<LayerSpec> layers = new ArrayList<>();
            for (JsonElement l : c.getAsJsonArray("layers")) {
                JsonObject o = l.getAsJsonObject();
                JsonObject lc = o.getAsJsonObject("config");
                String name = str(o, "name", str(lc, "name", "layer_" + layers.size()));
                List<List<TensorRef>> inbound = new ArrayList<>();
                JsonElement nodes = o.get("inbound_nodes");
                if (nodes != null && nodes.isJsonArray()) {
                    for (JsonElement node : nodes.getAsJsonArray()) {
                        inbound.add(node(node));
                    }
                }
                layers.add(new LayerSpec(str(o, "class_name", "?"), name, lc, inbound));
            }
            return new ModelSpec(str(c, "name", "model"), false, layers, refs(c.get("input_layers")),
                    refs(c.get("output_layers")));
        }
        throw bad("the model config's class_name is \"" + cls + "\"; expected Sequential, Model or Functional");
    }

    /** One inbound node: the tensors one call reads. */
    private List<TensorRef> node(JsonElement node) {
        List<TensorRef> out = new ArrayList<>();
        if (node.isJsonObject()) {
            JsonObject o = node.getAsJsonObject();
            collectKerasTensors(o.get("args"), out);
            JsonElement kwargs = o.get("kwargs");
            if (kwargs != null && kwargs.isJsonObject()) {
                for (Map.Entry<String, JsonElement> e : kwargs.getAsJsonObject().entrySet()) {
                    if (!e.getKey().equals("mask")) {
                        collectKerasTensors(e.getValue(), out);
                    }
                }
            }
            return out;
        }
        for (JsonElement ref : node.getAsJsonArray()) {
            JsonArray a = ref.getAsJsonArray();
            out.add(new TensorRef(a.get(0).getAsString(), a.get(1).getAsInt(), a.get(2).getAsInt()));
        }
        return out;
    }

    private void collectKerasTensors(JsonElement e, List<TensorRef> out) {
        if (e == null || e.isJsonNull() || e.isJsonPrimitive()) {
            return;
        }
        if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(x -> collectKerasTensors(x, out));
            return;
        }
        JsonObject o = e.getAsJsonObject();
        if ("__keras_tensor__".equals(str(o, "class_name", "")) && o.has("config")) {
            JsonArray h = o.getAsJsonObject("config").getAsJsonArray("keras_history");
            out.add(new TensorRef(h.get(0).getAsString(), h.get(1).getAsInt(), h.get(2).getAsInt()));
            return;
        }
        o.entrySet().forEach(x -> collectKerasTensors(x.getValue(), out));
    }

    /** {@code [[name, node, tensor], ...]} or Keras 3's single flat {@code [name, node, tensor]}. */
    private static List<TensorRef> refs(JsonElement e) {
        List<TensorRef> out = new ArrayList<>();
        if (e == null || !e.isJsonArray()) {
            return out;
        }
        JsonArray a = e.getAsJsonArray();
        if (a.size() > 0 && a.get(0).isJsonPrimitive()) {
            out.add(new TensorRef(a.get(0).getAsString(), a.get(1).getAsInt(), a.get(2).getAsInt()));
            return out;
        }
        for (JsonElement x : a) {
            out.addAll(refs(x));
        }
        return out;
    }

    static String str(JsonObject o, String key, String fallback) {
        JsonElement e = o == null ? null : o.get(key);
        return e == null || e.isJsonNull() || !e.isJsonPrimitive() ? fallback : e.getAsString();
    }

    private ModelFileException bad(String what) {
        return new ModelFileException(file + ": " + what);
    }
}
