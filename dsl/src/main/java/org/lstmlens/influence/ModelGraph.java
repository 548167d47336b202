package org.lstmlens.influence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lstmlens.core.Precision;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.ShapeException;
import org.lstmlens.model.ActivationFunction;
import org.lstmlens.model.ActivationLayer;
import org.lstmlens.model.BidirectionalLayer;
import org.lstmlens.model.Call;
import org.lstmlens.model.CallPass;
import org.lstmlens.model.DenseLayer;
import org.lstmlens.model.DifferentiableCall;
import org.lstmlens.model.EmbeddingLayer;
import org.lstmlens.model.IdentityLayer;
import org.lstmlens.model.InputLayer;
import org.lstmlens.model.MaskingLayer;
import org.lstmlens.model.Layer;
import org.lstmlens.model.Model;
import org.lstmlens.model.RecurrentLayer;
import org.lstmlens.model.Tensor;
import org.lstmlens.model.TensorRef;
import org.lstmlens.model.TimeDistributedLayer;

/**
 * A Keras model (loaded, or built in code from {@code org.lstmlens.model} layers) as influence differentiates it:
 * one explained input, one explained output, and the calls that output depends on, each with its own forward and
 * backward pass ({@link DifferentiableCall#traceCall}; a tensor read by several calls gets their gradients added).
 * Gradients can also start inside a recurrent layer, at one gate's activation or an LSTM's cell state, and flow back
 * through the layers below. An input that feeds an {@code Embedding} is explained through the embedded vectors
 * ({@link #embed}). Other inputs are held at the values given. Immutable.
 */
final class ModelGraph {
    private final Model model;
    private final int input;
    private final int output;
    private final List<Layer> prefix; // the explained input's InputLayer and Embedding: run, not differentiated
    private final TensorRef start;    // the tensor gradients are taken with respect to
    private final List<Call> calls;   // the differentiated calls the output depends on, in graph order
    private final int features;

    private ModelGraph(Model model, int input, int output) {
        this.model = model;
        this.input = input;
        this.output = output;
        List<Call> kept = ancestors(model, model.outputs().get(output));
        TensorRef in = model.inputs().get(input);
        List<Layer> pre = new ArrayList<>();
        TensorRef from = in;
        Call embedding = embeddingOf(kept, in);
        if (embedding != null) {
            kept.removeIf(c -> c.inputs().isEmpty() && c.output(0).equals(in) && pre.add(c.layer()));
            kept.remove(embedding);
            pre.add(embedding.layer());
            from = embedding.output(0);
        }
        for (Call c : kept) {
            Layer l = c.layer();
            if (!(l instanceof DifferentiableCall)) {
                throw new LstmException("model \"" + model.name() + "\": layer \"" + l.name() + "\" (" + l.type()
                        + ") has no backward pass; influence goes through InputLayer, Masking, Embedding (first), "
                        + "LSTM, GRU, SimpleRNN (also with return_state), Bidirectional (every merge mode), Dense, "
                        + "TimeDistributed(Dense), Activation, Flatten, RepeatVector, Concatenate, Add and the other "
                        + "merges, Dropout and the like");
            }
        }
        this.prefix = List.copyOf(pre);
        this.start = from;
        this.calls = List.copyOf(kept);
        this.features = embedding != null ? ((EmbeddingLayer) embedding.layer()).outputDim() : featuresAt(from);
    }

    /**
     * The graph of {@code model} from its first input to its first output.
     *
     * @throws LstmException if the model has no graph, or a layer on the way has no backward pass (named)
     */
    static ModelGraph of(Model model) {
        if (!model.runnable()) {
            throw new LstmException("model \"" + model.name() + "\" holds weights only: supply its architecture "
                    + "(model.withArchitecture(...)) before asking for influence");
        }
        return new ModelGraph(model, 0, 0);
    }

    /** Index {@code i} among {@code names}, or an error naming every valid one. */
    private void checkIndex(String what, int i, List<String> names) {
        if (i < 0 || i >= names.size()) {
            StringBuilder valid = new StringBuilder();
            for (int k = 0; k < names.size(); k++) {
                valid.append(k == 0 ? "" : ", ").append(k).append(" (\"").append(names.get(k)).append("\")");
            }
            throw new ShapeException(what + " " + i + " of model \"" + model.name() + "\" does not exist; valid: "
                    + valid);
        }
    }

    /** The same model explained from input {@code i}. */
    ModelGraph withInput(int i) {
        checkIndex("input", i, inputNames());
        return new ModelGraph(model, i, output);
    }

    /** The same model explained at output {@code o}. */
    ModelGraph withOutput(int o) {
        checkIndex("output", o, outputNames());
        return new ModelGraph(model, input, o);
    }

    String name() {
        return model.name();
    }

    Model model() {
        return model;
    }

    int input() {
        return input;
    }

    int output() {
        return output;
    }

    /** Features per timestep of the explained input (the embedding's width after an Embedding). */
    int features() {
        return features;
    }

    /** The model's inputs by name, in order. */
    List<String> inputNames() {
        return model.inputNames();
    }

    /** The model's outputs by the layer that gives them, {@code name[k]} where a layer gives several. */
    List<String> outputNames() {
        List<String> names = new ArrayList<>();
        for (TensorRef r : model.outputs()) {
            long same = model.outputs().stream().filter(o -> o.layer().equals(r.layer())).count();
            names.add(same > 1 ? r.layer() + "[" + r.tensor() + "]" : r.layer());
        }
        return names;
    }

    /** Whether the explained input is token ids read by an Embedding. */
    boolean embeds() {
        return !prefix.isEmpty();
    }

    /**
     * The activation that gives the explained output (a Dense's, an Activation layer's, a TimeDistributed Dense's), or
     * null when another layer gives it.
     */
    ActivationFunction outputActivation() {
        TensorRef out = model.outputs().get(output);
        for (Call c : calls) {
            if (c.layer().name().equals(out.layer()) && c.node() == out.node()) {
                Layer l = c.layer() instanceof TimeDistributedLayer ? ((TimeDistributedLayer) c.layer()).inner()
                        : c.layer();
                return l instanceof DenseLayer ? ((DenseLayer) l).activation()
                        : l instanceof ActivationLayer ? ((ActivationLayer) l).function() : null;
            }
        }
        return null;
    }

    /**
     * The embedded vectors of token ids {@code ids[sample][timestep]}, with the mask of {@code mask_zero}.
     *
     * @throws LstmException if the input does not feed an Embedding, or an id is outside the vocabulary
     */
    Tensor embed(int[][] ids) {
        if (!embeds()) {
            throw new LstmException("model \"" + model.name() + "\" does not start with an Embedding; give its input "
                    + "as numbers, influence(x[sample][timestep][feature])");
        }
        Tensor t = Tensor.ofTokens(ids);
        for (Layer l : prefix) {
            t = l.forward(List.of(t)).get(0);
        }
        return t;
    }

    /**
     * Where a recurrent layer (or one direction of a Bidirectional, by the direction's name) sits in the graph.
     *
     * @throws org.lstmlens.error.NameException naming the recurrent layers the output depends on
     */
    GraphSite site(String layer) {
        for (int i = 0; i < calls.size(); i++) {
            Layer l = calls.get(i).layer();
            if (l instanceof RecurrentLayer && l.name().equals(layer)) {
                return new GraphSite(i, (RecurrentLayer) l, null);
            }
            if (l instanceof BidirectionalLayer) {
                BidirectionalLayer b = (BidirectionalLayer) l;
                if (b.forwardLayer().name().equals(layer) || b.backwardLayer().name().equals(layer)) {
                    boolean fwd = b.forwardLayer().name().equals(layer);
                    return new GraphSite(i, fwd ? b.forwardLayer() : b.backwardLayer(), fwd);
                }
                if (b.name().equals(layer)) {
                    throw new LstmException("Bidirectional \"" + layer + "\" of model \"" + model.name() + "\" runs "
                            + "two layers; name one: layer(\"" + b.forwardLayer().name() + "\") or layer(\""
                            + b.backwardLayer().name() + "\")");
                }
            }
        }
        throw org.lstmlens.error.NameException.unknown("recurrent layer", layer, "model \"" + model.name()
                + "\" (on the way to output \"" + outputNames().get(output) + "\")", recurrentNames());
    }

    /**
     * The recurrent layers (as {@code GRU "gru"}) whose gradients run in double though float32 is asked: the core
     * has no float32 backward for their cell ({@link org.lstmlens.core.Rnn#gradientPrecision}).
     */
    List<String> doubleGradientLayers() {
        List<String> out = new ArrayList<>();
        for (Call c : calls) {
            List<RecurrentLayer> layers = c.layer() instanceof RecurrentLayer ? List.of((RecurrentLayer) c.layer())
                    : c.layer() instanceof BidirectionalLayer ? List.of(((BidirectionalLayer) c.layer()).forwardLayer(),
                    ((BidirectionalLayer) c.layer()).backwardLayer()) : List.of();
            for (RecurrentLayer r : layers) {
                if (r.rnn().gradientPrecision(Precision.FLOAT32) == Precision.DOUBLE) {
                    out.add(r.type() + " \"" + r.name() + "\"");
                }
            }
        }
        return out;
    }

    /** The recurrent layers (Bidirectional directions by their own names) the explained output depends on. */
    List<String> recurrentNames() {
        List<String> names = new ArrayList<>();
        for (Call c : calls) {
            if (c.layer() instanceof RecurrentLayer) {
                names.add(c.layer().name());
            } else if (c.layer() instanceof BidirectionalLayer) {
                names.add(((BidirectionalLayer) c.layer()).forwardLayer().name());
                names.add(((BidirectionalLayer) c.layer()).backwardLayer().name());
            }
        }
        return names;
    }

    /**
     * The explained output for input {@code x} (the explained input's values, embedded vectors after an Embedding,
     * with its mask), every other input at {@code others.get(i)}.
     */
    Tensor forward(Tensor x, List<Tensor> others) {
        return forward(x, others, Precision.DOUBLE);
    }

    /** As {@link #forward(Tensor, List)}, the recurrent layers' steps in the given precision. */
    Tensor forward(Tensor x, List<Tensor> others, Precision precision) {
        Map<TensorRef, Tensor> known = seed(x, others);
        for (Call c : calls) {
            List<Tensor> out = c.layer().forward(inputsOf(c, known), precision);
            for (int k = 0; k < out.size(); k++) {
                known.put(c.output(k), out.get(k));
            }
        }
        return known.get(model.outputs().get(output));
    }

    /**
     * A forward pass kept for backward passes from the output or, unless {@code outputOnly}, from inside a recurrent
     * layer (outputOnly keeps less: {@link DifferentiableCall#gradientCall}). Only a pass for gradients from the
     * output runs its recurrent layers in {@code precision}; the full trace, which gate and cell-state targets read,
     * is double whatever is asked.
     */
    GraphPass trace(Tensor x, List<Tensor> others, boolean outputOnly, Precision precision) {
        Map<TensorRef, Tensor> known = seed(x, others);
        List<CallPass> passes = new ArrayList<>();
        for (Call c : calls) {
            DifferentiableCall d = (DifferentiableCall) c.layer();
            CallPass p = outputOnly ? d.gradientCall(inputsOf(c, known), precision) : d.traceCall(inputsOf(c, known));
            passes.add(p);
            for (int k = 0; k < p.outputs().size(); k++) {
                known.put(c.output(k), p.outputs().get(k));
            }
        }
        return new GraphPass(calls, passes, x, start, model.outputs().get(output), known.get(model.outputs().get(
                output)));
    }

    private Map<TensorRef, Tensor> seed(Tensor x, List<Tensor> others) {
        Map<TensorRef, Tensor> known = new HashMap<>();
        for (int i = 0; i < model.inputs().size(); i++) {
            if (i != input && others.get(i) != null) {
                known.put(model.inputs().get(i), others.get(i));
            }
        }
        known.put(start, x);
        return known;
    }

    /** What a call reads; an InputLayer's call reads the model input, stored under its own output. */
    private List<Tensor> inputsOf(Call c, Map<TensorRef, Tensor> known) {
        List<Tensor> in = new ArrayList<>();
        for (TensorRef r : c.inputs().isEmpty() ? List.of(c.output(0)) : c.inputs()) {
            Tensor t = known.get(r);
            if (t == null) {
                throw new ShapeException("model \"" + model.name() + "\": layer \"" + c.layer().name() + "\" reads "
                        + r + ", which was not given; inputs: " + inputNames());
            }
            in.add(t);
        }
        return in;
    }

    /** The calls the tensor {@code out} depends on, in graph order. */
    private static List<Call> ancestors(Model model, TensorRef out) {
        Set<TensorRef> needed = new HashSet<>(List.of(out));
        List<Call> kept = new ArrayList<>();
        List<Call> all = model.calls();
        for (int i = all.size() - 1; i >= 0; i--) {
            Call c = all.get(i);
            boolean gives = needed.stream().anyMatch(r -> r.layer().equals(c.layer().name()) && r.node() == c.node());
            if (gives) {
                kept.add(0, c);
                needed.addAll(c.inputs());
            }
        }
        return kept;
    }

    /** The Embedding call that alone reads input {@code in}, or null when none reads it. */
    private Call embeddingOf(List<Call> kept, TensorRef in) {
        Call embedding = null;
        List<String> others = new ArrayList<>();
        for (Call c : kept) {
            if (!c.inputs().contains(in)) {
                continue;
            }
            if (c.layer() instanceof EmbeddingLayer && embedding == null) {
                embedding = c;
            } else {
                others.add(c.layer().name());
            }
        }
        if (embedding != null && !others.isEmpty()) {
            throw new LstmException("model \"" + model.name() + "\": layer \"" + others.get(0) + "\" reads the token "
                    + "ids beside the Embedding; influence needs the ids to go through it alone");
        }
        return embedding;
    }

    /** Features per timestep of tensor {@code ref}: its InputLayer's shape, or what the first layer reading it takes. */
    private int featuresAt(TensorRef ref) {
        for (Call c : calls) {
            Layer l = c.layer();
            if (c.inputs().isEmpty() && c.output(0).equals(ref) && l instanceof InputLayer
                    && ((InputLayer) l).shape().rank() == 2 && ((InputLayer) l).shape().last() > 0) {
                return ((InputLayer) l).shape().last();
            }
        }
        for (Call c : calls) {
            if (!c.inputs().contains(ref)) {
                continue;
            }
            Layer l = c.layer() instanceof TimeDistributedLayer ? ((TimeDistributedLayer) c.layer()).inner()
                    : c.layer();
            if (l instanceof RecurrentLayer) {
                return ((RecurrentLayer) l).inputDim();
            }
            if (l instanceof BidirectionalLayer) {
                return ((BidirectionalLayer) l).forwardLayer().inputDim();
            }
            if (l instanceof DenseLayer) {
                return ((DenseLayer) l).inputDim();
            }
            if (l instanceof MaskingLayer || l instanceof IdentityLayer || l instanceof ActivationLayer) {
                try {
                    return featuresAt(c.output(0)); // Masking, Dropout and the like keep the features
                } catch (LstmException e) {
                    // try the next reader
                }
            }
        }
        throw new LstmException("model \"" + model.name() + "\": no layer says how many features a timestep of "
                + "input \"" + ref.layer() + "\" has");
    }

    @Override
    public String toString() {
        return "ModelGraph[" + model.name() + ", " + calls.size() + " calls" + (embeds() ? ", after the Embedding"
                : "") + "]";
    }
}
