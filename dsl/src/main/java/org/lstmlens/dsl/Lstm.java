package org.lstmlens.dsl;

import java.nio.file.Path;
import org.lstmlens.core.Activation;
import org.lstmlens.core.KerasInit;
import org.lstmlens.core.LstmCell;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.core.LstmWeights;
import org.lstmlens.core.ParamCount;
import org.lstmlens.io.ModelLoader;

/**
 * The entry point of the DSL. A notebook has one bound as {@code lstm}; everything starts here:
 * {@code lstm.load("m.h5")}, {@code lstm.layer(kernel, recurrent, bias)}, {@code lstm.params(2, 1)}.
 */
public final class Lstm {
    /** The name of layers built from numbers, as Keras names its first LSTM. */
    public static final String DEFAULT_NAME = "lstm";

    /**
     * A layer from the arrays Keras's {@code layer.get_weights()} prints, with Keras 3's default activations
     * (tanh, sigmoid): {@code lstm.layer(kernel, recurrentKernel, bias).activations("tanh", "hard_sigmoid_keras2")}.
     *
     * @param kernel W, {@code inputDim x 4u}, gate blocks i, f, c, o. Not modified.
     * @param recurrentKernel U, {@code u x 4u}. Not modified.
     * @param bias b, {@code 4u}, or null for a layer without bias. Not modified.
     * @throws org.lstmlens.error.ShapeException naming the array whose shape does not fit, and the shape it needs
     */
    public LayerView layer(double[][] kernel, double[][] recurrentKernel, double[] bias) {
        LstmWeights weights = LstmWeights.of(kernel, recurrentKernel, bias);
        return LayerView.of(new LstmLayer(DEFAULT_NAME, new LstmCell(weights, Activation.TANH, Activation.SIGMOID),
                false, false));
    }

    /**
     * A layer from arrays pasted as a Python session prints them ({@code [[0.1, -0.2, ...]]}, numpy's
     * {@code [[ 0.1 -0.2 ...]]} or {@code array([[...]], dtype=float32)}), with Keras 3's default activations:
     * {@code lstm.layer("[[0.1, 0.2, 0.3, 0.4]]", "[[0.5, 0.6, 0.7, 0.8]]", "[0, 1, 0, 0]")}.
     *
     * @param bias the printed bias, or null for a layer without bias
     * @throws org.lstmlens.error.ShapeException naming the array and the place in the text that is not an array, or
     *     the array whose shape does not fit
     */
    public LayerView layer(String kernel, String recurrentKernel, String bias) {
        return layer(PastedArray.matrix(kernel, "kernel"), PastedArray.matrix(recurrentKernel, "recurrent kernel"),
                bias == null ? null : PastedArray.vector(bias, "bias"));
    }

    /**
     * A freshly initialised layer as Keras makes one (glorot_uniform kernel, orthogonal recurrent kernel, zero bias
     * with the forget block at 1), from a seed: {@code lstm.random(5, 4, 42)}. Same seed, same weights.
     *
     * @throws org.lstmlens.error.ShapeException if features or units is below 1
     */
    public LayerView random(int features, int units, long seed) {
        LstmWeights weights = KerasInit.weights(features, units, seed);
        return LayerView.of(new LstmLayer(DEFAULT_NAME, new LstmCell(weights, Activation.TANH, Activation.SIGMOID),
                false, false));
    }

    /**
     * The parameters Keras counts for an LSTM of {@code units} on {@code features} inputs, with a bias:
     * {@code lstm.params(2, 1)} is 16 = 4*(2*1 + 1*1 + 1).
     *
     * @throws org.lstmlens.error.ShapeException if features or units is below 1
     */
    public ParamsView params(int features, int units) {
        return params(features, units, true);
    }

    /**
     * The parameters Keras counts, with or without a bias: {@code lstm.params(2, 1, false)} is 12.
     *
     * @throws org.lstmlens.error.ShapeException if features or units is below 1
     */
    public ParamsView params(int features, int units, boolean useBias) {
        return new ParamsView(ParamCount.of(features, units, useBias), "LSTM(" + units + ") on " + features
                + " feature" + (features == 1 ? "" : "s"));
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

    /**
     * How this JVM runs LSTMs, and why: e.g. {@code fused vector pass (512-bit, up to 2 threads); products:
     * native-blas}, or {@code fused vector pass off: ...} with the reason when the layer loop runs instead (a JVM
     * without the Vector API module or without C2, such as a kernel installed with --c1-only).
     */
    public String engine() {
        return org.lstmlens.core.Engine.describe();
    }

    @Override
    public String toString() {
        return "lstm: LSTM Lens";
    }
}
