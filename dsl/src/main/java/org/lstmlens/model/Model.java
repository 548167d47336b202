package org.lstmlens.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.core.Rnn;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.NameException;
import org.lstmlens.error.ShapeException;
import org.lstmlens.progress.Progress;

/**
 * A loaded Keras model: its layers in Keras's order, the graph of calls between them (a chain for Sequential), its
 * inputs and outputs, and where it came from. {@link #predict(List)} runs the whole graph as Keras's
 * {@code model.predict} does at inference. Immutable.
 */
public final class Model {
    private final String name;
    private final String kind;
    private final List<Layer> layers;
    private final List<Call> calls;
    private final List<TensorRef> inputs;
    private final List<TensorRef> outputs;
    private final Map<String, Shape> inputShapes;
    private final ModelInfo info;

    /**
     * @param kind {@code Sequential}, {@code Functional}, or {@code Weights} for a weights-only file without graph
     * @param layers the layers Keras lists (a Sequential's implicit input layer is not one of them)
     * @param calls every call in an order where each reads only earlier calls' outputs
     * @param inputShapes the declared shape of each input layer, by name
     */
    public Model(String name, String kind, List<Layer> layers, List<Call> calls, List<TensorRef> inputs,
                 List<TensorRef> outputs, Map<String, Shape> inputShapes, ModelInfo info) {
        this.name = name;
        this.kind = kind;
        this.layers = List.copyOf(layers);
        this.calls = List.copyOf(calls);
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.inputShapes = Map.copyOf(inputShapes);
        this.info = info;
    }

    /**
     * A Sequential model of {@code layers}, each reading the one before, its input named {@code name + "_input"}: for
     * explaining layers built in code (one recurrent layer, a stack, a Bidirectional, a Dense head) as a model.
     *
     * @throws ShapeException if no layer is given
     */
    public static Model sequential(String name, Layer... layers) {
        if (layers.length == 0) {
            throw new ShapeException("Sequential \"" + name + "\": needs at least one layer, got none");
        }
        TensorRef in = new TensorRef(name + "_input", 0, 0);
        TensorRef current = in;
        List<Call> calls = new ArrayList<>();
        for (Layer l : layers) {
            Call c = new Call(l, 0, List.of(current));
            calls.add(c);
            current = c.output(0);
        }
        return new Model(name, "Sequential", List.of(layers), calls, List.of(in), List.of(current), Map.of(),
                ModelInfo.builder("(built in code)").build());
    }

    public String name() {
        return name;
    }

    public String kind() {
        return kind;
    }

    public List<Layer> layers() {
        return layers;
    }

    /**
     * Every recurrent direction in the file's order, any cell: a plain LSTM, GRU or SimpleRNN is one, a Bidirectional
     * two (forward, backward).
     */
    public List<Rnn> recurrentDirections() {
        List<Rnn> out = new ArrayList<>();
        for (Layer l : layers) {
            if (l instanceof RecurrentLayer) {
                out.add(((RecurrentLayer) l).rnn());
            } else if (l instanceof BidirectionalLayer) {
                out.add(((BidirectionalLayer) l).forwardLayer().rnn());
                out.add(((BidirectionalLayer) l).backwardLayer().rnn());
            } else if (l instanceof RecurrentDirections) {
                ((RecurrentDirections) l).directions().forEach(d -> out.add(d.rnn()));
            }
        }
        return out;
    }

    /**
     * The LSTM directions among {@link #recurrentDirections()}, in the same order. Kept for the views written for
     * LSTMs only; new code takes {@link #recurrentDirections()}.
     */
    public List<LstmLayer> lstmDirections() {
        List<LstmLayer> out = new ArrayList<>();
        for (Rnn r : recurrentDirections()) {
            if (r instanceof LstmLayer) {
                out.add((LstmLayer) r);
            }
        }
        return out;
    }

    public List<Call> calls() {
        return calls;
    }

    public List<TensorRef> inputs() {
        return inputs;
    }

    public List<TensorRef> outputs() {
        return outputs;
    }

    public ModelInfo info() {
        return info;
    }

    /** Whether there is a graph to run (a weights-only file without a supplied architecture has none). */
    public boolean runnable() {
        return !calls.isEmpty();
    }

    /**
     * The layer named {@code layerName}.
     *
     * @throws NameException naming the valid layer names
     */
    public Layer layer(String layerName) {
        for (Layer l : layers) {
            if (l.name().equals(layerName)) {
                return l;
            }
        }
        throw NameException.unknown("layer", layerName, "model \"" + name + "\"", layerNames());
    }

    public List<String> layerNames() {
        List<String> n = new ArrayList<>();
        layers.forEach(l -> n.add(l.name()));
        return n;
    }

    /**
     * What one sample of input {@code index} is, batch axis left out: the InputLayer's declared shape, else what the
     * first layer reading it takes ({@code (None, features)} for a recurrent layer, {@code (features)} for a Dense
     * layer, {@code (None)} token ids for an Embedding); null when nothing says.
     */
    public Shape inputShape(int index) {
        TensorRef ref = inputs.get(index);
        Shape declared = inputShapes.get(ref.layer());
        if (declared != null && declared.rank() >= 1 && !(declared.rank() == 2 && declared.size() == Shape.UNKNOWN
                && declared.dim(0) < 0 && declared.dim(1) < 0)) {
            return declared;
        }
        return takenBy(ref);
    }

    private Shape takenBy(TensorRef ref) {
        for (Call c : calls) {
            if (!c.inputs().contains(ref) && !(c.inputs().isEmpty() && c.output(0).equals(ref))) {
                continue;
            }
            Layer l = c.layer();
            if (l instanceof RecurrentLayer) {
                return Shape.of(Shape.UNKNOWN, ((RecurrentLayer) l).inputDim());
            }
            if (l instanceof BidirectionalLayer) {
                return Shape.of(Shape.UNKNOWN, ((BidirectionalLayer) l).forwardLayer().inputDim());
            }
            if (l instanceof DenseLayer) {
                return Shape.of(((DenseLayer) l).inputDim());
            }
            if (l instanceof EmbeddingLayer) {
                return Shape.of(Shape.UNKNOWN);
            }
            if ((l instanceof MaskingLayer || l instanceof IdentityLayer || l instanceof InputLayer)
                    && !c.output(0).equals(ref)) {
                return takenBy(c.output(0)); // Masking, Dropout and the like keep the shape
            }
        }
        return null;
    }

    /** The parameters Keras counts for the whole model. */
    public long params() {
        return layers.stream().mapToLong(Layer::params).sum();
    }

    /** Each listed layer's output shapes (its first call), as Keras's summary shows them. */
    public Map<String, List<Shape>> outputShapes() {
        Map<TensorRef, Shape> known = new HashMap<>();
        Map<String, List<Shape>> byLayer = new LinkedHashMap<>();
        evaluate(known, inputShapes, (call, in) -> call.layer().outputShapes(in), byLayer);
        return byLayer;
    }

    /**
     * Runs the model on one input per model input, in the order of {@link #inputs()}.
     *
     * @throws LstmException if the model has no graph, the inputs do not fit, or a layer cannot be computed
     */
    public List<Tensor> predict(List<Tensor> x) {
        return predict(x, org.lstmlens.core.Precision.DOUBLE);
    }

    /**
     * As {@link #predict(List)}, the recurrent layers' steps in the given precision (float32 as the frameworks
     * compute; every other layer in double).
     */
    public List<Tensor> predict(List<Tensor> x, org.lstmlens.core.Precision precision) {
        Map<TensorRef, Tensor> known = run(x, null, precision);
        List<Tensor> out = new ArrayList<>();
        for (TensorRef r : outputs) {
            out.add(known.get(r));
        }
        return out;
    }

    private Map<TensorRef, Tensor> run(List<Tensor> x, Map<String, List<Tensor>> record,
                                       org.lstmlens.core.Precision precision) {
        if (!runnable()) {
            throw new LstmException("model \"" + name + "\" from " + info.file() + " holds weights only; supply the "
                    + "architecture (a .keras, .h5 or config.json of the same model) to run it");
        }
        if (x.size() != inputs.size()) {
            throw new ShapeException("model \"" + name + "\" has " + inputs.size() + " input"
                    + (inputs.size() == 1 ? "" : "s") + " " + inputNames() + ", got " + x.size());
        }
        Map<TensorRef, Tensor> known = new HashMap<>();
        for (int i = 0; i < x.size(); i++) {
            known.put(inputs.get(i), x.get(i));
        }
        // one progress for the whole pass (one bar, its layers' own passes inside it), a step per layer call
        try (Progress progress = Progress.start("predict of model \"" + name + "\" (" + calls.size() + " layer calls)",
                calls.size())) {
            evaluate(known, Map.of(), (call, in) -> {
                List<Tensor> out = call.layer().forward(in, precision);
                progress.step();
                return out;
            }, record);
        }
        return known;
    }

    /**
     * Runs the model and returns what layer {@code layerName} output (its first call): for looking inside.
     *
     * @throws NameException for an unknown layer
     * @throws LstmException as {@link #predict(List)}
     */
    public List<Tensor> outputsOf(String layerName, List<Tensor> x) {
        layer(layerName);
        Map<String, List<Tensor>> byLayer = new LinkedHashMap<>();
        run(x, byLayer, org.lstmlens.core.Precision.DOUBLE);
        return byLayer.get(layerName);
    }

    /** Runs a single-input, single-output model. */
    public Tensor predict(Tensor x) {
        return predict(x, org.lstmlens.core.Precision.DOUBLE);
    }

    /** Runs a single-input, single-output model, the recurrent layers' steps in the given precision. */
    public Tensor predict(Tensor x, org.lstmlens.core.Precision precision) {
        List<Tensor> out = predict(List.of(x), precision);
        if (out.size() != 1) {
            throw new ShapeException("model \"" + name + "\" has " + out.size() + " outputs; use predict(List)");
        }
        return out.get(0);
    }

    public List<String> inputNames() {
        List<String> n = new ArrayList<>();
        inputs.forEach(r -> n.add(r.layer()));
        return n;
    }

    private <T> void evaluate(Map<TensorRef, T> known, Map<String, Shape> seeds,
                              BiFunction<Call, List<T>, List<T>> apply, Map<String, List<T>> record) {
        for (Map.Entry<String, Shape> e : seeds.entrySet()) {
            @SuppressWarnings("unchecked")
            T seed = (T) e.getValue();
            known.putIfAbsent(new TensorRef(e.getKey(), 0, 0), seed);
        }
        for (Call call : calls) {
            List<T> in = new ArrayList<>();
            for (TensorRef r : call.inputs()) {
                T v = known.get(r);
                if (v == null) {
                    throw new LstmException("model \"" + name + "\": layer \"" + call.layer().name() + "\" reads "
                            + r + ", which no earlier layer produced");
                }
                in.add(v);
            }
            if (in.isEmpty()) {
                T v = known.get(call.output(0));
                if (v == null) {
                    continue;
                }
                in.add(v);
            }
            List<T> out = apply.apply(call, in);
            for (int i = 0; i < out.size(); i++) {
                known.put(call.output(i), out.get(i));
            }
            if (record != null) {
                record.putIfAbsent(call.layer().name(), out);
            }
        }
    }

    @Override
    public String toString() {
        return "Model[" + name + ", " + kind + ", " + layers.size() + " layers, " + params() + " params]";
    }
}
