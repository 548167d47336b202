package org.lstmlens.dsl;

import java.nio.file.Path;
import org.lstmlens.core.ParamCount;
import org.lstmlens.io.ModelLoader;

/**
 * The entry point of the DSL. A notebook has one bound as {@code lstm}; everything starts here:
 * {@code lstm.load("m.h5")}, {@code lstm.layer(kernel, recurrent, bias)}, {@code lstm.params(2, 1)}.
 */
public final class Lstm {

    /** The parameters Keras counts for an LSTM of {@code units} on {@code features} inputs, with a bias. */
    public ParamCount params(int features, int units) {
        return ParamCount.of(features, units, true);
    }

    /**
     * Opens a Keras model or weights file of any era (.h5, .hdf5, .keras, .weights.h5), chosen by its first bytes:
     * {@code lstm.load("model.h5")}.
     *
     * @throws org.lstmlens.error.ModelFileException naming the file (and layer) when it is missing, damaged or not a
     *     Keras model
     */
    public ModelView load(String path) {
        if (path == null || path.isBlank()) {
            throw new org.lstmlens.error.ModelFileException("load: no path given; expected a .h5, .hdf5, .keras or "
                    + ".weights.h5 file");
        }
        try {
            return load(Path.of(path));
        } catch (java.nio.file.InvalidPathException e) {
            throw new org.lstmlens.error.ModelFileException("load: \"" + path + "\" is not a valid path: "
                    + e.getReason());
        }
    }

    /**
     * As {@link #load(String)}.
     *
     * @throws org.lstmlens.error.ModelFileException naming the file (and layer) when it cannot be read
     */
    public ModelView load(Path path) {
        if (path == null) {
            throw new org.lstmlens.error.ModelFileException("load: no path given; expected a .h5, .hdf5, .keras or "
                    + ".weights.h5 file");
        }
        return new ModelView(ModelLoader.load(path), path);
    }

    @Override
    public String toString() {
        return "lstm: LSTM Lens";
    }
}
