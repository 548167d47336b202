package org.lstmlens.io;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Keras 3 weights layout ({@code model.weights.h5} inside a {@code .keras} zip, and {@code .weights.h5}):
 * {@code layers/<save key>/.../vars/0..n}, where the save key is the snake_case class name plus a uniquifier, not
 * the layer's name. Also read: tf.keras 2.13-2.15's {@code _layer_checkpoint_dependencies/...} and group names
 * written on Windows with backslashes ({@code layers\lstm\cell\vars}).
 */
final class VarsWeights implements WeightSource {
    private final H5File h5;
    private final Map<String, Node> layers = new LinkedHashMap<>();
    private final Map<String, String> backslashLayers = new LinkedHashMap<>(); // save key -> path prefix

    VarsWeights(H5File h5) {
        this.h5 = h5;
        for (Map.Entry<String, Node> e : h5.children(h5.root()).entrySet()) {
            String name = e.getKey().replace('\\', '/');
            if (name.equals("layers") || name.equals("_layer_checkpoint_dependencies")) {
                if (e.getValue() instanceof Group) {
                    h5.children((Group) e.getValue()).forEach(layers::putIfAbsent);
                }
            } else if (name.startsWith("layers/") || name.startsWith("_layer_checkpoint_dependencies/")) {
                String rest = name.substring(name.indexOf('/') + 1);
                String key = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
                if (!layers.containsKey(key)) {
                    backslashLayers.putIfAbsent(key, name.substring(0, name.indexOf('/') + 1) + key);
                }
            }
        }
    }

    /** Whether the file's root looks like this layout. */
    static boolean matches(H5File h5) {
        for (String n : h5.children(h5.root()).keySet()) {
            String name = n.replace('\\', '/');
            if (name.equals("layers") || name.startsWith("layers/") || name.equals("_layer_checkpoint_dependencies")
                    || name.startsWith("_layer_checkpoint_dependencies/")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<NamedArray> weights(String layerName, String saveKey) {
        Node n = layers.get(saveKey);
        List<NamedArray> out = new ArrayList<>();
        if (n != null) {
            collect(n, saveKey, "", out);
        } else if (backslashLayers.containsKey(saveKey)) {
            collectByPrefix(backslashLayers.get(saveKey), saveKey, out);
        } else {
            return null;
        }
        return out;
    }

    private void collect(Node n, String layer, String path, List<NamedArray> out) {
        if (n instanceof Dataset) {
            out.add(h5.array((Dataset) n, path, layer));
            return;
        }
        if (!(n instanceof Group)) {
            return;
        }
        List<Map.Entry<String, Node>> kids = new ArrayList<>(h5.children((Group) n).entrySet());
        kids.sort(Comparator.comparing(e -> sortKey(e.getKey())));
        for (Map.Entry<String, Node> e : kids) {
            collect(e.getValue(), layer, path.isEmpty() ? e.getKey() : path + "/" + e.getKey(), out);
        }
    }

    /**
     * Keras's get_weights order within a layer: its own vars first, then a Bidirectional's forward before its
     * backward layer, numbered vars by number.
     */
    static String sortKey(String name) {
        if (name.chars().allMatch(Character::isDigit) && !name.isEmpty() && name.length() < 9) {
            return String.format("0%08d", Integer.parseInt(name));
        }
        switch (name) {
            case "vars": return "1";
            case "forward_layer": return "2";
            case "backward_layer": return "3";
            default: return "4" + name;
        }
    }

    @Override
    public List<String> layerKeys() {
        List<String> keys = new ArrayList<>(layers.keySet());
        keys.addAll(backslashLayers.keySet());
        return keys;
    }

    @Override
    public boolean keyedBySaveKey() {
        return true;
    }

    @Override
    public String layout() {
        return "Keras 3 layers/.../vars";
    }

    /**
     * A layer whose groups were written on Windows with backslashes in their names: its datasets sit under names
     * like {@code layers\lstm\cell\vars} (one name, not nested groups), found by path prefix.
     */
    private void collectByPrefix(String prefix, String layer, List<NamedArray> out) {
        List<Map.Entry<String, NamedArray>> found = new ArrayList<>();
        walk(h5.root(), "", prefix, found, layer);
        found.sort(Comparator.comparing(e -> pathKey(e.getKey())));
        found.forEach(e -> out.add(e.getValue()));
    }

    private void walk(Group g, String path, String prefix, List<Map.Entry<String, NamedArray>> found, String layer) {
        for (Map.Entry<String, Node> e : h5.children(g).entrySet()) {
            String p = (path.isEmpty() ? "" : path + "/") + e.getKey().replace('\\', '/');
            if (!(p + "/").startsWith(prefix + "/") && !(prefix + "/").startsWith(p + "/")) {
                continue;
            }
            if (e.getValue() instanceof Dataset && p.startsWith(prefix + "/")) {
                found.add(Map.entry(p, h5.array((Dataset) e.getValue(), p, layer)));
            } else if (e.getValue() instanceof Group) {
                walk((Group) e.getValue(), p, prefix, found, layer);
            }
        }
    }

    private static String pathKey(String p) {
        StringBuilder sb = new StringBuilder();
        for (String part : p.split("/")) {
            sb.append(sortKey(part)).append('/');
        }
        return sb.toString();
    }
}
