package org.lstmlens.io;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Keras 3 weights layout ({@code model.weights.h5} inside a {@code .keras} zip, and {@code .weights.h5}):
 * {@code layers/<save key>/.../vars/0..n}, where the save key is the snake_case class name plus a uniquifier, not
 * the layer's name. Also read: tf.keras 2.13-2.15's {@code _layer_checkpoint_dependencies/...}, and group names
 * written on Windows with backslashes ({@code layers\lstm\cell\vars} as one name): every path is split on both
 * separators before it is matched.
 */
final class VarsWeights implements WeightSource {
    private static final List<String> ROOTS = List.of("layers", "_layer_checkpoint_dependencies");

    private final H5File h5;
    private final Map<String, Dataset> datasets = new LinkedHashMap<>(); // logical path -> dataset (read lazily)
    private final Set<String> keys = new LinkedHashSet<>();

    VarsWeights(H5File h5) {
        this.h5 = h5;
        walk(h5.root(), "");
    }

    /** Whether the file's root looks like this layout. */
    static boolean matches(H5File h5) {
        for (String n : h5.children(h5.root()).keySet()) {
            String first = n.split("[/\\\\]")[0];
            if (ROOTS.contains(first)) {
                return true;
            }
        }
        return false;
    }

    private void walk(Group g, String path) {
        for (Map.Entry<String, Node> e : h5.children(g).entrySet()) {
            String p = (path.isEmpty() ? "" : path + "/") + e.getKey().replace('\\', '/');
            String[] parts = p.split("/");
            if (!ROOTS.contains(parts[0])) {
                continue;
            }
            if (parts.length >= 2) {
                keys.add(parts[1]);
            }
            if (e.getValue() instanceof Dataset) {
                datasets.put(p, (Dataset) e.getValue());
            } else if (e.getValue() instanceof Group) {
                walk((Group) e.getValue(), p);
            }
        }
    }

    @Override
    public List<NamedArray> weights(String layerName, String saveKey) {
        if (!keys.contains(saveKey)) {
            // tf.keras 2.13-2.15 keyed _layer_checkpoint_dependencies by the layer's own name
            if (!keys.contains(layerName)) {
                return null;
            }
            saveKey = layerName;
        }
        List<String> paths = new ArrayList<>();
        for (String p : datasets.keySet()) {
            String[] parts = p.split("/");
            if (parts.length > 2 && parts[1].equals(saveKey)) {
                paths.add(p);
            }
        }
        paths.sort(Comparator.comparing(VarsWeights::pathKey));
        List<NamedArray> out = new ArrayList<>();
        for (String p : paths) {
            out.add(h5.array(datasets.get(p), p, saveKey));
        }
        return out;
    }

    /**
     * Keras's get_weights order within a layer: its own vars first, then a Bidirectional's forward before its
     * backward layer, numbered vars by number.
     */
    static String sortKey(String name) {
        if (!name.isEmpty() && name.length() < 9 && name.chars().allMatch(Character::isDigit)) {
            return String.format("0%08d", Integer.parseInt(name));
        }
        switch (name) {
            case "vars": return "1";
            case "forward_layer": return "2";
            case "backward_layer": return "3";
            default: return "4" + name;
        }
    }

    private static String pathKey(String p) {
        StringBuilder sb = new StringBuilder();
        String[] parts = p.split("/");
        for (int i = 2; i < parts.length; i++) {
            sb.append(sortKey(parts[i])).append('/');
        }
        return sb.toString();
    }

    @Override
    public List<String> layerKeys() {
        return new ArrayList<>(keys);
    }

    @Override
    public boolean keyedBySaveKey() {
        return true;
    }

    @Override
    public String layout() {
        return "Keras 3 layers/.../vars";
    }
}
