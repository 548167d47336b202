package org.lstmlens.dsl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.core.Rnn;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.NameException;
import org.lstmlens.error.ShapeException;
import org.lstmlens.influence.Influence;
import org.lstmlens.influence.ModelInfluence;
import org.lstmlens.io.ModelLoader;
import org.lstmlens.model.BidirectionalLayer;
import org.lstmlens.model.InputConvention;
import org.lstmlens.model.Layer;
import org.lstmlens.model.Model;
import org.lstmlens.model.RecurrentDirections;
import org.lstmlens.model.RecurrentLayer;
import org.lstmlens.model.Tensor;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.MimeBundle;

/**
 * A loaded Keras model as the notebook sees it: shown like Keras's {@code model.summary()}, with its recurrent layers
 * (LSTM, GRU, SimpleRNN) as {@link LayerView}s ({@code model.layer("gru_1")}, {@code model.lstm(0)},
 * {@code model.rnn(0)}), its Bidirectional layers as {@link BidirectionalView}s, and {@code predict} running the whole
 * model as Keras did. Immutable.
 */
public final class ModelView implements Displayable {
    private final Model model;
    private final Path file;

    ModelView(Model model, Path file) {
        this.model = model;
        this.file = file;
    }

    /** The model behind this view: layers, graph, provenance. */
    public Model model() {
        return model;
    }

    /** What a comparison calls this model: its file's name, or the model's name when it came from no file. */
    String label() {
        return file == null ? model.name() : String.valueOf(file.getFileName());
    }

    public String name() {
        return model.name();
    }

    /** Parameters of the whole model, as Keras's summary counts them. */
    public long params() {
        return model.params();
    }

    /** Layer names in Keras's order. */
    public List<String> layerNames() {
        return model.layerNames();
    }

    /** What loading assumed where the file was silent (empty when nothing). */
    public List<String> assumptions() {
        return model.info().assumptions();
    }

    /**
     * The recurrent layer (LSTM, GRU or SimpleRNN) named {@code name}: {@code model.layer("lstm_1").gate("f")},
     * {@code model.layer("gru_1").gate("reset")}.
     *
     * @throws NameException for an unknown name, or a layer that is not recurrent (naming the recurrent layers)
     */
    public LayerView layer(String name) {
        return recurrentOf(model.layer(name));
    }

    /**
     * The {@code index}-th layer of the model (Keras's {@code model.layers[index]}), which must be recurrent (LSTM,
     * GRU or SimpleRNN).
     *
     * @throws NameException for an index out of range or a layer that is not recurrent
     */
    public LayerView layer(int index) {
        return recurrentOf(layerAt(index));
    }

    /**
     * The {@code index}-th recurrent direction of any cell (LSTM, GRU, SimpleRNN) in the file's order; a Bidirectional
     * layer counts as two (forward, then backward): {@code model.rnn(0)}.
     *
     * @throws NameException when the model has fewer recurrent directions
     */
    public LayerView rnn(int index) {
        List<Rnn> all = model.recurrentDirections();
        if (index < 0 || index >= all.size()) {
            throw new NameException("rnn(" + index + ") is out of range: model \"" + name() + "\" has " + all.size()
                    + " recurrent direction" + (all.size() == 1 ? "" : "s") + (all.isEmpty() ? "" : "; valid: 0.."
                    + (all.size() - 1)));
        }
        return view(all.get(index));
    }

    /** How many recurrent directions of any cell the model has (see {@link #rnn(int)}). */
    public int rnnCount() {
        return model.recurrentDirections().size();
    }

    /**
     * The {@code index}-th LSTM direction in the file's order; a Bidirectional layer counts as two (forward, then
     * backward): {@code model.lstm(0)}.
     *
     * @throws NameException when the model has fewer LSTM directions
     */
    public LayerView lstm(int index) {
        List<LstmLayer> all = directions();
        if (index < 0 || index >= all.size()) {
            int others = rnnCount() - all.size();
            throw new NameException("lstm(" + index + ") is out of range: model \"" + name() + "\" has " + all.size()
                    + " LSTM direction" + (all.size() == 1 ? "" : "s") + (all.isEmpty() ? "" : "; valid: 0.."
                    + (all.size() - 1)) + (others == 0 ? "" : "; its other recurrent directions (" + kinds(false)
                    + ") are read with rnn(0.." + (rnnCount() - 1) + ")"));
        }
        return view(all.get(index));
    }

    /** How many LSTM directions the model has (see {@link #lstm(int)}). */
    public int lstmCount() {
        return directions().size();
    }

    /**
     * The Bidirectional layer named {@code name}: {@code model.bidirectional("bidirectional_1").backward()}.
     *
     * @throws NameException for an unknown name or a layer that is not Bidirectional
     */
    public BidirectionalView bidirectional(String name) {
        return bidiOf(model.layer(name));
    }

    /**
     * The {@code index}-th layer, which must be Bidirectional.
     *
     * @throws NameException for an index out of range or a layer that is not Bidirectional
     */
    public BidirectionalView bidirectional(int index) {
        return bidiOf(layerAt(index));
    }

    /**
     * This model over a whole dataset (all cores, progress, partial results on interrupt):
     * {@code m.dataset(lstm.npz("test.npz", "x", "y")).integratedGradients(64).byLag()}.
     */
    public DatasetView dataset(org.lstmlens.data.Dataset data) {
        Check.notNull(data, "data", "model \"" + name() + "\" dataset", "lstm.npz(...), lstm.npy(...), lstm.csv(...), "
                + "lstm.hdf5(...) or lstm.arrays(...)");
        org.lstmlens.data.DatasetJob job = file != null ? org.lstmlens.data.DatasetJob.of(file.toString())
                : org.lstmlens.data.DatasetJob.forLoadedModel();
        return new DatasetView(model, data, job, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Runs the whole model on a batch of sequences {@code x[sample][timestep][feature]}. Arrays are read as
     * {@link InputConvention} says, here as in {@code run} and {@code influence}: for a model of sequences
     * {@code double[steps][features]} is one sequence and {@code double[batch][steps][features]} a batch; for a
     * model of vectors (it starts with Dense) {@code double[batch][features]} is a batch of vectors.
     *
     * @throws LstmException when the model has no graph (weights only), or a layer cannot be computed; a
     *     ShapeException naming the array given and the (steps, features) expected when it fits neither
     */
    public PredictionView predict(double[][][] x) {
        return new PredictionView(model.predict(List.of(inputs(0).tensor(x, "predict"))));
    }

    /**
     * Runs the model on one sequence {@code x[timestep][feature]} (a batch of one), or, for a model of vectors, on a
     * batch of vectors {@code x[sample][feature]}: see {@link #predict(double[][][])}.
     *
     * @throws LstmException as {@link #predict(double[][][])}
     */
    public PredictionView predict(double[][] x) {
        return new PredictionView(model.predict(List.of(inputs(0).tensor(x, "predict"))));
    }

    /** How input {@code index} reads arrays. */
    private InputConvention inputs(int index) {
        return InputConvention.of(model, index);
    }

    /**
     * Runs a model that starts with an Embedding on token ids {@code ids[sample][timestep]}.
     *
     * @throws LstmException as {@link #predict(double[][][])}, or for ids outside the vocabulary
     */
    public PredictionView predictTokens(int[][] ids) {
        return new PredictionView(model.predict(List.of(Tensor.ofTokens(ids))));
    }

    /**
     * How much each timestep (and feature) of a batch {@code x[sample][timestep][feature]} (arrays read as in
     * {@link #predict(double[][][])}) moved the model's output,
     * through every layer (integrated gradients, 64 steps, zero baseline, at the last step the sum of the outputs,
     * or each sample's predicted class for a softmax or sigmoid output, unless told):
     * {@code model.influence(x).unit(0).gradient().byTimestep()}; another output {@code .output("name")}, a gate inside
     * {@code .layer("gru_1").gate("z", 2)}. With {@code Masking(mask_value=v)} choose a baseline other than v
     * ({@code .baseline(0.5)}): a baseline of padding is masked whole, a jump the integrated path does not see (the
     * completeness gap shows it).
     *
     * @throws LstmException if the model is weights only, has several inputs (use {@link #influence(List)}), or has
     *     a layer without a backward pass (named); a ShapeException if the input does not fit or is not finite
     */
    public ModelInfluence influence(double[][][] x) {
        Check.notNull(x, "x", "model \"" + name() + "\" influence", "double[samples][timesteps][features]");
        return Influence.of(model).on(x);
    }

    /**
     * Influence over one sequence {@code x[timestep][feature]}: {@code model.influence(x).predictsNextStep()}.
     *
     * @throws LstmException as {@link #influence(double[][][])}
     */
    public ModelInfluence influence(double[][] x) {
        Check.notNull(x, "x", "model \"" + name() + "\" influence", "double[timesteps][features]");
        return Influence.of(model).on(x);
    }

    /**
     * Influence through a model with several inputs, one batch {@code x[sample][timestep][feature]} per input in the
     * model's input order; the first input is explained unless told, the others held at their values:
     * {@code model.influence(List.of(left, right)).input("input_right").unit(3).byTimestep()}.
     *
     * @throws LstmException as {@link #influence(double[][][])}; a ShapeException if the count or shapes do not fit
     */
    public ModelInfluence influence(List<double[][][]> inputs) {
        Check.notNull(inputs, "inputs", "model \"" + name() + "\" influence", "one double[samples][timesteps]"
                + "[features] per input " + model.inputNames());
        return Influence.of(model).on(inputs);
    }

    /**
     * Influence over token ids {@code ids[sample][timestep]} of a model that starts with an Embedding, explained through
     * the embedded vectors (padding id 0 masked with mask_zero): {@code model.influenceTokens(ids).unit(3)}.
     *
     * @throws LstmException as {@link #influence(double[][][])}, if the model has no Embedding first, or for ids
     *     outside the vocabulary
     */
    public ModelInfluence influenceTokens(int[][] ids) {
        Check.notNull(ids, "ids", "model \"" + name() + "\" influenceTokens", "int[samples][timesteps]");
        return Influence.of(model).onTokens(ids);
    }

    /**
     * Runs a model with several inputs, one batch per input in the model's input order.
     *
     * @throws LstmException as {@link #predict(double[][][])}
     */
    public PredictionView predict(List<double[][][]> inputs) {
        if (inputs == null) {
            throw new ShapeException("predict: no inputs given; model \"" + name() + "\" takes " + model.inputNames());
        }
        List<Tensor> t = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            t.add(i < model.inputs().size() ? inputs(i).tensor(inputs.get(i), "predict") : Tensor.of(inputs.get(i)));
        }
        return new PredictionView(model.predict(t));
    }

    /**
     * The same weights with the architecture from another file (a {@code .keras} zip, an HDF5 model or a JSON
     * config): how a weights-only file becomes runnable.
     *
     * @throws org.lstmlens.error.ModelFileException when the architecture cannot be read or does not fit the weights
     */
    public ModelView withArchitecture(String architecturePath) {
        if (architecturePath == null || architecturePath.isBlank()) {
            throw new org.lstmlens.error.ModelFileException("withArchitecture: no path given; expected a .keras zip, "
                    + "an HDF5 model or a JSON config");
        }
        if (file == null) {
            throw new LstmException("model \"" + name() + "\" was not loaded from a file; load the weights file with "
                    + "its architecture instead");
        }
        return new ModelView(ModelLoader.load(file, Path.of(architecturePath)), file);
    }

    /** Keras's summary as text. */
    public String summary() {
        return new SummaryTable(model).text();
    }

    private Layer layerAt(int index) {
        if (index < 0 || index >= model.layers().size()) {
            throw new NameException("layer(" + index + ") is out of range: model \"" + name() + "\" has "
                    + model.layers().size() + " layers; valid: 0.." + (model.layers().size() - 1));
        }
        return model.layers().get(index);
    }

    private LayerView recurrentOf(Layer l) {
        if (l instanceof RecurrentLayer) {
            return view(((RecurrentLayer) l).rnn());
        }
        if (l instanceof RecurrentDirections) {
            List<RecurrentLayer> dirs = ((RecurrentDirections) l).directions();
            if (dirs.size() == 1) {
                return view(dirs.get(0).rnn());
            }
            int first = model.recurrentDirections().indexOf(dirs.get(0).rnn());
            throw new NameException("layer \"" + l.name() + "\" (" + l.type() + ") runs " + dirs.size()
                    + " directions: rnn(" + first + ") is \"" + dirs.get(0).name() + "\", rnn(" + (first + 1)
                    + ") is \"" + dirs.get(1).name() + "\"");
        }
        if (l instanceof BidirectionalLayer) {
            throw new NameException("layer \"" + l.name() + "\" is Bidirectional: use bidirectional(\"" + l.name()
                    + "\").forward() or .backward()");
        }
        // a model of LSTMs only keeps the words it always had
        String noun = onlyLstms() ? "an LSTM; LSTM layers: " : "a recurrent layer; recurrent layers: ";
        throw new NameException("layer \"" + l.name() + "\" is a " + l.type() + ", not " + noun + recurrentNames());
    }

    private boolean onlyLstms() {
        return directions().size() == rnnCount();
    }

    /** The cells of the recurrent directions with their counts, e.g. {@code 1 LSTM, 2 GRU}; LSTMs left out if asked. */
    private String kinds(boolean withLstm) {
        java.util.Map<String, Integer> count = new java.util.LinkedHashMap<>();
        for (Rnn r : model.recurrentDirections()) {
            if (withLstm || !(r instanceof LstmLayer)) {
                count.merge(r.cell().kind(), 1, Integer::sum);
            }
        }
        List<String> parts = new ArrayList<>();
        count.forEach((k, n) -> parts.add(n + " " + k));
        return String.join(", ", parts);
    }

    /** The view of a direction, with where its weights came from (a Keras layer's, or another framework's mapping). */
    private LayerView view(Rnn rnn) {
        for (Layer l : model.layers()) {
            List<RecurrentLayer> dirs = l instanceof RecurrentLayer ? List.of((RecurrentLayer) l)
                    : l instanceof RecurrentDirections ? ((RecurrentDirections) l).directions()
                    : l instanceof BidirectionalLayer ? List.of(((BidirectionalLayer) l).forwardLayer(),
                            ((BidirectionalLayer) l).backwardLayer()) : List.of();
            for (RecurrentLayer d : dirs) {
                if (d.rnn() == rnn) {
                    return LayerView.of(rnn, d.provenance());
                }
            }
        }
        return LayerView.of(rnn);
    }

    private BidirectionalView bidiOf(Layer l) {
        if (l instanceof BidirectionalLayer) {
            return new BidirectionalView((BidirectionalLayer) l);
        }
        throw new NameException("layer \"" + l.name() + "\" is a " + l.type() + ", not Bidirectional");
    }

    private List<String> recurrentNames() {
        List<String> n = new ArrayList<>();
        for (Layer l : model.layers()) {
            if (l instanceof RecurrentLayer || l instanceof BidirectionalLayer || l instanceof RecurrentDirections) {
                n.add(l.name());
            }
        }
        return n;
    }

    private List<LstmLayer> directions() {
        return model.lstmDirections();
    }

    @Override
    public MimeBundle toMimeBundle() {
        SummaryTable t = new SummaryTable(model);
        return MimeBundle.builder(t.text()).html(t.html()).build();
    }

    @Override
    public String toString() {
        String directions = onlyLstms() ? lstmCount() + " LSTM direction" + (lstmCount() == 1 ? "" : "s")
                : rnnCount() + " recurrent direction" + (rnnCount() == 1 ? "" : "s") + " (" + kinds(true) + ")";
        return "Model \"" + name() + "\" (" + model.kind() + "): " + model.layers().size() + " layers, " + params()
                + " params, " + directions + (model.runnable() ? "" : ", weights only");
    }
}
