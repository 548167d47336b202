package org.lstmlens.io;

import java.util.List;

/** Where a file keeps each layer's weight arrays, in the order Keras's {@code layer.get_weights()} gives them. */
interface WeightSource {
    /**
     * The arrays of one layer.
     *
     * @param layerName the layer's name (legacy HDF5 files key by it)
     * @param saveKey the key Keras 3's weights layout uses: snake_case class name plus uniquifier ({@code lstm_1})
     * @return the arrays, empty when the layer has none; null when the file has no entry for the layer
     */
    List<NamedArray> weights(String layerName, String saveKey);

    /** The layers the file lists, in its order (names for legacy files, keys for the Keras 3 layout). */
    List<String> layerKeys();

    /** Whether layers are keyed by Keras 3 save keys rather than names. */
    boolean keyedBySaveKey();

    /** A short description of the layout, e.g. {@code Keras 2 HDF5 weights}. */
    String layout();
}
