package org.lstmlens.io;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * Keras 1, Keras 2, tf.keras and Keras 3 legacy HDF5 weights: a group per layer named in {@code layer_names}, arrays
 * in the order of the group's {@code weight_names} (never the group's member order, which HDF5 sorts).
 */
final class LegacyWeights implements WeightSource {
    private final H5File h5;
    private final Group root;
    private final List<String> layerNames;

    LegacyWeights(H5File h5, Group root) {
        this.h5 = h5;
        this.root = root;
        List<String> names = h5.strings(root, "layer_names");
        this.layerNames = names == null ? List.of() : List.copyOf(names);
    }

    @Override
    public List<NamedArray> weights(String layerName, String saveKey) {
        Node g = h5.node(root, layerName);
        if (!(g instanceof Group)) {
            return layerNames.contains(layerName) ? List.of() : null;
        }
        List<String> names = h5.strings(g, "weight_names");
        if (names == null) {
            throw h5.bad(layerName, "the layer group has no weight_names attribute");
        }
        List<NamedArray> out = new ArrayList<>();
        for (String n : names) {
            Node d = h5.node((Group) g, n);
            if (!(d instanceof Dataset)) {
                throw h5.bad(layerName, "weight_names lists \"" + n + "\" but the group holds no such dataset");
            }
            out.add(h5.array((Dataset) d, n, layerName));
        }
        return out;
    }

    @Override
    public List<String> layerKeys() {
        return layerNames;
    }

    @Override
    public boolean keyedBySaveKey() {
        return false;
    }

    @Override
    public String layout() {
        return "layer_names/weight_names";
    }
}
