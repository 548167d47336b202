package org.lstmlens.dsl;

import java.nio.file.Path;
import java.util.List;
import org.lstmlens.compare.Comparison;
import org.lstmlens.core.Activation;
import org.lstmlens.core.Gate;
import org.lstmlens.core.GruCell;
import org.lstmlens.core.GruGate;
import org.lstmlens.core.KerasInit;
import org.lstmlens.core.LstmCell;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.core.LstmWeights;
import org.lstmlens.core.ParamCount;
import org.lstmlens.core.Rnn;
import org.lstmlens.core.SimpleRnnBand;
import org.lstmlens.core.SimpleRnnCell;
import org.lstmlens.io.ModelLoader;
import org.lstmlens.model.Model;
import org.lstmlens.model.RecurrentLayer;
import org.lstmlens.io.torch.TorchFile;
import org.lstmlens.io.torch.TorchOptions;

/**
 * The entry point of the DSL. A notebook has one bound as {@code lstm}; everything starts here:
 * {@code lstm.load("m.h5")}, {@code lstm.layer(kernel, recurrent, bias)}, {@code lstm.gru(kernel, recurrent, bias)},
 * {@code lstm.params(2, 1)}, {@code lstm.gruParams(6, 4, true)}, {@code lstm.compare("a.keras", "b.h5")}.
 */
public final class Lstm {
    /** The name of layers built from numbers, as Keras names its first LSTM. */
    public static final String DEFAULT_NAME = "lstm";
    /** The name of GRU layers built from numbers, as Keras names its first GRU. */
    public static final String GRU_NAME = "gru";
    /** The name of SimpleRNN layers built from numbers, as Keras names its first SimpleRNN. */
    public static final String SIMPLE_RNN_NAME = "simple_rnn";

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
        return new ParamsView(ParamCount.of(features, units, useBias), "LSTM(" + units + ") on " + features(features),
                List.of(Gate.values()));
    }

    /**
     * The parameters Keras counts for a GRU as tf.keras 2 and Keras 3 build it by default (reset_after=True: an input
     * and a recurrent bias): {@code lstm.gruParams(6, 4)} is 144 = 3*(6*4 + 4*4 + 2*4).
     *
     * @throws org.lstmlens.error.ShapeException if features or units is below 1
     */
    public ParamsView gruParams(int features, int units) {
        return gruParams(features, units, true);
    }

    /**
     * The parameters Keras counts for a GRU, saying where r goes: reset_after=True (tf.keras 2, Keras 3; bias
     * (2, 3u)) or False (Keras 1 and 2; bias (3u,)): {@code lstm.gruParams(6, 4, false)} is 132 = 3*(6*4 + 4*4 + 4).
     *
     * @throws org.lstmlens.error.ShapeException if features or units is below 1
     */
    public ParamsView gruParams(int features, int units, boolean resetAfter) {
        return gruParams(features, units, resetAfter, true);
    }

    /**
     * As {@link #gruParams(int, int, boolean)}, with or without a bias: {@code lstm.gruParams(6, 4, true, false)} is
     * 120 = 3*(6*4 + 4*4).
     *
     * @throws org.lstmlens.error.ShapeException if features or units is below 1
     */
    public ParamsView gruParams(int features, int units, boolean resetAfter, boolean useBias) {
        return new ParamsView(new ParamCount(3, features, units, useBias ? (resetAfter ? 2 : 1) : 0), "GRU(" + units
                + ") on " + features(features) + ", reset_after=" + (resetAfter ? "True" : "False"),
                List.of(GruGate.values()));
    }

    /**
     * The parameters Keras counts for a SimpleRNN, with a bias: {@code lstm.simpleRnnParams(6, 4)} is
     * 44 = 6*4 + 4*4 + 4.
     *
     * @throws org.lstmlens.error.ShapeException if features or units is below 1
     */
    public ParamsView simpleRnnParams(int features, int units) {
        return simpleRnnParams(features, units, true);
    }

    /**
     * The parameters Keras counts for a SimpleRNN, with or without a bias: {@code lstm.simpleRnnParams(6, 4, false)}
     * is 40.
     *
     * @throws org.lstmlens.error.ShapeException if features or units is below 1
     */
    public ParamsView simpleRnnParams(int features, int units, boolean useBias) {
        return new ParamsView(new ParamCount(1, features, units, useBias ? 1 : 0), "SimpleRNN(" + units + ") on "
                + features(features), List.of(SimpleRnnBand.values()));
    }

    /**
     * A GRU with a (3*units,) bias, as Keras 1 and 2 print it (reset_after=False: r multiplies h_prev before U_h),
     * with the activations of Keras 2.3 and later, tanh and sigmoid (Keras 2.0 to 2.2 used hard_sigmoid:
     * {@code .activations("tanh", "hard_sigmoid_keras2")}): {@code lstm.gru(kernel, recurrentKernel, bias)}.
     *
     * @param kernel W, {@code inputDim x 3u}, blocks z, r, h. Not modified.
     * @param recurrentKernel U, {@code u x 3u}. Not modified.
     * @param bias b, {@code 3u}, or {@code (double[]) null} for a layer without bias (reset_after=False). Not modified.
     * @throws org.lstmlens.error.ShapeException naming the array whose shape does not fit, and the shape it needs
     */
    public LayerView gru(double[][] kernel, double[][] recurrentKernel, double[] bias) {
        return gruLayer(GruCell.weights(kernel, recurrentKernel, bias, null), false);
    }

    /**
     * A GRU with a (2, 3*units) bias, as tf.keras 2 and Keras 3 print it (reset_after=True: row 0 the input bias b,
     * row 1 the recurrent bias b', which r multiplies with h_prev.U_h), with Keras 3's activations tanh and sigmoid:
     * {@code lstm.gru(kernel, recurrentKernel, new double[][] {b, bPrime})}.
     *
     * @param bias the (2, 3u) bias, or {@code (double[][]) null} for a layer without bias (reset_after=True)
     * @throws org.lstmlens.error.ShapeException naming the array whose shape does not fit, and the shape it needs
     */
    public LayerView gru(double[][] kernel, double[][] recurrentKernel, double[][] bias) {
        if (bias == null) {
            return gruLayer(GruCell.weights(kernel, recurrentKernel, null, null), true);
        }
        if (bias.length != 2) {
            throw new org.lstmlens.error.ShapeException("GRU bias: expected (3*units,) for reset_after=False or"
                    + " (2, 3*units) for reset_after=True, got " + bias.length + " row" + (bias.length == 1 ? "" : "s")
                    + (bias.length == 1 ? "; pass the one row as a double[]" : ""));
        }
        return gruLayer(GruCell.weights(kernel, recurrentKernel, bias[0], bias[1]), true);
    }

    /**
     * A GRU from arrays pasted as a Python session prints them; the bias's shape says where r goes, as in Keras: a
     * vector {@code [...]} (3u,) is reset_after=False, a matrix {@code [[...], [...]]} (2, 3u) reset_after=True.
     * Activations tanh and sigmoid: {@code lstm.gru("[[...]]", "[[...]]", "[[...], [...]]")}.
     *
     * @param bias the printed bias, or null for a layer without bias (then reset_after=True, Keras 3's default)
     * @throws org.lstmlens.error.ShapeException naming the array and the place in the text that is not an array, or
     *     the array whose shape does not fit
     */
    public LayerView gru(String kernel, String recurrentKernel, String bias) {
        double[][] w = PastedArray.matrix(kernel, "kernel");
        double[][] u = PastedArray.matrix(recurrentKernel, "recurrent kernel");
        if (bias == null) {
            return gru(w, u, (double[][]) null);
        }
        return PastedArray.rank(bias, "bias") >= 2 ? gru(w, u, PastedArray.matrix(bias, "bias"))
                : gru(w, u, PastedArray.vector(bias, "bias"));
    }

    /**
     * A SimpleRNN from the arrays Keras prints (activation tanh, Keras's default; {@code .activation(Activation.RELU)}
     * for relu): {@code lstm.simpleRnn(kernel, recurrentKernel, bias)}.
     *
     * @param kernel W, {@code inputDim x u}. Not modified.
     * @param recurrentKernel U, {@code u x u}. Not modified.
     * @param bias b, {@code u}, or null for a layer without bias. Not modified.
     * @throws org.lstmlens.error.ShapeException naming the array whose shape does not fit, and the shape it needs
     */
    public LayerView simpleRnn(double[][] kernel, double[][] recurrentKernel, double[] bias) {
        SimpleRnnCell cell = new SimpleRnnCell(SimpleRnnCell.weights(kernel, recurrentKernel, bias), Activation.TANH);
        return LayerView.of(new Rnn(SIMPLE_RNN_NAME, cell, false, false));
    }

    /**
     * A SimpleRNN from arrays pasted as a Python session prints them: {@code lstm.simpleRnn("[[...]]", "[[...]]", "[...]")}.
     *
     * @param bias the printed bias, or null for a layer without bias
     * @throws org.lstmlens.error.ShapeException naming the array and the place in the text that is not an array, or
     *     the array whose shape does not fit
     */
    public LayerView simpleRnn(String kernel, String recurrentKernel, String bias) {
        return simpleRnn(PastedArray.matrix(kernel, "kernel"), PastedArray.matrix(recurrentKernel, "recurrent kernel"),
                bias == null ? null : PastedArray.vector(bias, "bias"));
    }

    private static LayerView gruLayer(org.lstmlens.core.CellWeights weights, boolean resetAfter) {
        GruCell cell = new GruCell(weights, Activation.TANH, Activation.SIGMOID, resetAfter);
        return LayerView.of(new Rnn(GRU_NAME, cell, false, false));
    }

    private static String features(int n) {
        return n + " feature" + (n == 1 ? "" : "s");
    }

    /**
     * Opens a Keras model or weights file of any era (.h5, .hdf5, .keras, .weights.h5), a PyTorch file (a
     * torch.save state_dict .pt / .pth, .safetensors, a TorchScript archive), chosen by its first bytes and contents,
     * or an ONNX model (.onnx): {@code lstm.load("model.h5")}, {@code lstm.load("lstm.pt")},
     * {@code lstm.load("model.onnx")}. A PyTorch file opens as its recurrent modules alone (a state_dict carries no
     * graph); say what it cannot with {@link #load(String, TorchOptions)} or {@link #torch(String)}.
     *
     * @throws org.lstmlens.error.ModelFileException naming the file (and layer) when it is missing, damaged or not a
     *     model file
     */
    public ModelView load(String path) {
        return load(path(path, "load"));
    }

    /**
     * Opens a PyTorch file with what it cannot say: an nn.RNN's nonlinearity, which recurrent module, a Linear head
     * and what it reads: {@code lstm.load("m.pt", TorchOptions.defaults().head("fc", "last_step"))}.
     *
     * @throws org.lstmlens.error.ModelFileException naming the file when it cannot be read, is not a PyTorch file, or
     *     the options do not fit it
     */
    public ModelView load(String path, TorchOptions options) {
        Check.notNull(options, "options", "load", "TorchOptions.defaults() and its settings");
        Path p = path(path, "load");
        return new ModelView(ModelLoader.load(p, options), p);
    }

    /**
     * A PyTorch file listed before it becomes a model: its tensors, the recurrent modules and Linear layers found by
     * their keys, and settings for what it cannot say: {@code lstm.torch("m.pt").head("fc", "last_step").model()}.
     *
     * @throws org.lstmlens.error.ModelFileException naming the file when it cannot be read as a PyTorch file
     */
    public TorchView torch(String path) {
        Path p = path(path, "torch");
        return new TorchView(TorchFile.open(p), p, TorchOptions.defaults());
    }

    private static Path path(String path, String call) {
        if (path == null || path.isBlank()) {
            throw new org.lstmlens.error.ModelFileException(call + ": no path given; expected a .h5, .hdf5, .keras, "
                    + ".weights.h5 or .onnx file, or a PyTorch .pt, .pth or .safetensors file");
        }
        try {
            return Path.of(path);
        } catch (java.nio.file.InvalidPathException e) {
            throw new org.lstmlens.error.ModelFileException(call + ": \"" + path + "\" is not a valid path: "
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
            throw new org.lstmlens.error.ModelFileException("load: no path given; expected a .h5, .hdf5, .keras, "
                    + ".weights.h5 or .onnx file");
        }
        return new ModelView(ModelLoader.load(path), path);
    }

    /** A NumPy .npy file of shape (sequences, steps, features): {@code m.dataset(lstm.npy("x.npy"))}. */
    public org.lstmlens.data.Dataset npy(String path) {
        return org.lstmlens.data.Datasets.npy(Path.of(path));
    }

    /** A NumPy .npy file of sequences with the class labels of another, shape (sequences,). */
    public org.lstmlens.data.Dataset npy(String path, String labelsPath) {
        return org.lstmlens.data.Datasets.npy(Path.of(path), Path.of(labelsPath));
    }

    /** Array {@code x} of a NumPy .npz archive: {@code lstm.npz("test.npz", "x")}. */
    public org.lstmlens.data.Dataset npz(String path, String x) {
        return org.lstmlens.data.Datasets.npz(Path.of(path), x);
    }

    /** Arrays {@code x} and {@code labels} of a NumPy .npz archive: {@code lstm.npz("test.npz", "x", "y")}. */
    public org.lstmlens.data.Dataset npz(String path, String x, String labels) {
        return org.lstmlens.data.Datasets.npz(Path.of(path), x, labels);
    }

    /** HDF5 dataset {@code x} (a path inside the file) of shape (sequences, steps, features). */
    public org.lstmlens.data.Dataset hdf5(String path, String x) {
        return org.lstmlens.data.Datasets.hdf5(Path.of(path), x);
    }

    /** HDF5 datasets {@code x} and {@code labels} of one file. */
    public org.lstmlens.data.Dataset hdf5(String path, String x, String labels) {
        return org.lstmlens.data.Datasets.hdf5(Path.of(path), x, labels);
    }

    /**
     * A CSV file with a header row; then {@code .sequenceId("id")} (one row per timestep) or
     * {@code .windows(length, stride)} (one long series), and {@code .features(...)}, {@code .label(...)}.
     */
    public org.lstmlens.data.CsvDataset csv(String path) {
        return org.lstmlens.data.Datasets.csv(Path.of(path));
    }

    /** Sequences of a Java array {@code x[sample][timestep][feature]}. */
    public org.lstmlens.data.Dataset arrays(double[][][] x) {
        return org.lstmlens.data.Datasets.arrays(x);
    }

    /** Sequences of a Java array with one class label each. */
    public org.lstmlens.data.Dataset arrays(double[][][] x, int[] labels) {
        return org.lstmlens.data.Datasets.arrays(x, labels);
    }

    /**
     * Whether two files hold the same network, any pair the readers open: their recurrent layers matched in order,
     * the weights compared gate by gate, both run on one seeded random input (stated in the view), the first step and
     * gate where they part and the likely cause: {@code lstm.compare("model.keras", "converted.h5")}; on your input:
     * {@code lstm.compare(a, b).on(x)}.
     *
     * @throws org.lstmlens.error.ModelFileException naming a file that cannot be read
     * @throws org.lstmlens.error.LstmException when the recurrent layers cannot be matched, naming both
     */
    public Comparison compare(String a, String b) {
        return compare(load(a), load(b));
    }

    /** As {@link #compare(String, String)}. */
    public Comparison compare(Path a, Path b) {
        return compare(load(a), load(b));
    }

    /**
     * Two loaded models: {@code lstm.compare(lstm.load("a.keras"), lstm.load("b.h5"))}.
     *
     * @throws org.lstmlens.error.LstmException when the recurrent layers cannot be matched, naming both
     */
    public Comparison compare(ModelView a, ModelView b) {
        return Comparison.of(a.label(), a.model(), b.label(), b.model());
    }

    /**
     * A loaded model against one layer built from numbers, e.g. weights converted by hand:
     * {@code lstm.compare(lstm.load("m.keras"), lstm.layer(kernel, recurrentKernel, bias))}.
     *
     * @throws org.lstmlens.error.LstmException when the model does not have exactly that one recurrent layer
     */
    public Comparison compare(ModelView a, LayerView b) {
        return Comparison.of(a.label(), a.model(), "layer " + b.name(), asModel(b));
    }

    /** Two layers built from numbers (or taken from models): {@code lstm.compare(mine, theirs)}. */
    public Comparison compare(LayerView a, LayerView b) {
        return Comparison.of("layer " + a.name(), asModel(a), "layer " + b.name(), asModel(b));
    }

    private static Model asModel(LayerView layer) {
        return Model.sequential(layer.name(), RecurrentLayer.of(layer.layer()));
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
