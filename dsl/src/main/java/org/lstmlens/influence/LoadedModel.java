package org.lstmlens.influence;

import java.util.ArrayList;
import java.util.List;
import org.lstmlens.core.SequenceBatch;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.ShapeException;
import org.lstmlens.model.BidirectionalLayer;
import org.lstmlens.model.Call;
import org.lstmlens.model.DenseLayer;
import org.lstmlens.model.DifferentiableLayer;
import org.lstmlens.model.EmbeddingLayer;
import org.lstmlens.model.InputLayer;
import org.lstmlens.model.Layer;
import org.lstmlens.model.LayerPass;
import org.lstmlens.model.Model;
import org.lstmlens.model.RecurrentLayer;
import org.lstmlens.model.Tensor;
import org.lstmlens.model.TensorRef;
import org.lstmlens.model.TimeDistributedLayer;

/**
 * A loaded Keras model whose graph is a chain (every Sequential model, and Functional ones wired as a line) as a
 * {@link Differentiable}: each layer's own forward pass ({@link DifferentiableLayer#trace}) and backward pass, from the
 * model's output down to its input. A model that starts with an {@code Embedding} is differentiated with respect to
 * the embedded vectors ({@link #embed} turns token ids into them, with mask_zero's mask). Immutable.
 */
final class LoadedModel implements Differentiable {
    private final Model model;
    private final List<Layer> prefix;               // up to and including an Embedding: run, not differentiated
    private final List<DifferentiableLayer> layers;
    private final int features;
    private final int outputs;
    private final boolean sequence;

    private LoadedModel(Model model, List<Layer> prefix, List<DifferentiableLayer> layers, int features) {
        this.model = model;
        this.prefix = List.copyOf(prefix);
        this.layers = List.copyOf(layers);
        this.features = features;
        // one sample of two steps shows what comes out: a vector per sample, or one per step
        Tensor probe = forward(Tensor.of(new double[1][2][features]));
        if (probe.rank() == 2) {
            this.outputs = probe.dim(1);
            this.sequence = false;
        } else if (probe.rank() == 3 && probe.dim(1) == 2) {
            this.outputs = probe.dim(2);
            this.sequence = true;
        } else {
            throw new LstmException("model \"" + model.name() + "\": its output has shape " + java.util.Arrays.toString(
                    probe.shape()) + " for 2 input steps; influence needs one vector per sample or one per input step");
        }
    }

    /**
     * The chain of {@code model}'s layers.
     *
     * @throws LstmException if the model has no graph, several inputs or outputs, branches, or a layer without a
     *     backward pass (named, with its type)
     */
    static LoadedModel of(Model model) {
        if (!model.runnable()) {
            throw new LstmException("model \"" + model.name() + "\" holds weights only: supply its architecture "
                    + "(model.withArchitecture(...)) before asking for influence");
        }
        if (model.inputs().size() != 1 || model.outputs().size() != 1) {
            throw new LstmException("model \"" + model.name() + "\" has " + model.inputs().size() + " inputs and "
                    + model.outputs().size() + " outputs; influence through a whole model needs one of each (use "
                    + "model.layer(name).influence(x) for one LSTM layer)");
        }
        List<Layer> prefix = new ArrayList<>();
        List<DifferentiableLayer> layers = new ArrayList<>();
        TensorRef current = model.inputs().get(0);
        for (Call call : model.calls()) {
            Layer l = call.layer();
            if (call.inputs().isEmpty()) {
                if (!call.output(0).equals(current)) {
                    throw branches(model, l);
                }
            } else if (call.inputs().size() != 1 || !call.inputs().get(0).equals(current)) {
                throw branches(model, l);
            } else {
                current = call.output(0);
            }
            if (l instanceof EmbeddingLayer && prefix.isEmpty() && layers.stream().allMatch(p -> p instanceof InputLayer)) {
                prefix.addAll(layers); // the input of token ids
                prefix.add(l);
                layers.clear();
                continue;
            }
            if (!(l instanceof DifferentiableLayer)) {
                throw new LstmException("model \"" + model.name() + "\": layer \"" + l.name() + "\" (" + l.type()
                        + ") has no backward pass; influence goes through InputLayer, Masking, Embedding (first), "
                        + "LSTM, Bidirectional (concat, sum, ave, mul), Dense, TimeDistributed(Dense), Activation, "
                        + "Dropout and the like");
            }
            layers.add((DifferentiableLayer) l);
        }
        if (!current.equals(model.outputs().get(0))) {
            throw new LstmException("model \"" + model.name() + "\": its output " + model.outputs().get(0)
                    + " is not the end of its chain of layers; influence needs a chain from input to output");
        }
        EmbeddingLayer embedding = prefix.isEmpty() ? null : (EmbeddingLayer) prefix.get(prefix.size() - 1);
        return new LoadedModel(model, prefix, layers, featuresOf(model, layers, embedding));
    }

    private static LstmException branches(Model model, Layer at) {
        return new LstmException("model \"" + model.name() + "\" is not a chain: layer \"" + at.name() + "\" ("
                + at.type() + ") does not read the previous layer's only output; influence through a whole model "
                + "needs a chain (use model.layer(name).influence(x) for one LSTM layer)");
    }

    private static int featuresOf(Model model, List<DifferentiableLayer> layers, EmbeddingLayer embedding) {
        if (embedding != null) {
            return embedding.outputDim();
        }
        for (Layer l : layers) {
            if (l instanceof InputLayer && ((InputLayer) l).shape().rank() == 2 && ((InputLayer) l).shape().last() > 0) {
                return ((InputLayer) l).shape().last();
            }
            if (l instanceof RecurrentLayer) {
                return ((RecurrentLayer) l).lstm().inputDim();
            }
            if (l instanceof BidirectionalLayer) {
                return ((BidirectionalLayer) l).forwardLayer().lstm().inputDim();
            }
            if (l instanceof DenseLayer) {
                return ((DenseLayer) l).inputDim();
            }
            if (l instanceof TimeDistributedLayer && ((TimeDistributedLayer) l).inner() instanceof DenseLayer) {
                return ((DenseLayer) ((TimeDistributedLayer) l).inner()).inputDim();
            }
        }
        throw new LstmException("model \"" + model.name() + "\": no layer says how many features a timestep has");
    }

    /** Whether the model starts with an Embedding (its input is token ids). */
    boolean embeds() {
        return !prefix.isEmpty();
    }

    /**
     * The embedded vectors of token ids {@code ids[sample][timestep]}, with the mask of {@code mask_zero}.
     *
     * @throws LstmException if the model does not start with an Embedding, or an id is outside the vocabulary
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

    @Override
    public String name() {
        return model.name();
    }

    @Override
    public int features() {
        return features;
    }

    @Override
    public int outputs() {
        return outputs;
    }

    @Override
    public boolean sequenceOutput() {
        return sequence;
    }

    @Override
    public double[][] predict(SequenceBatch x, boolean[][] mask, int step) {
        return at(forward(Tensor.of(x.toArray()).withMask(mask)), step);
    }

    @Override
    public Pass trace(SequenceBatch x, boolean[][] mask) {
        List<LayerPass> passes = new ArrayList<>();
        Tensor t = Tensor.of(x.toArray()).withMask(mask);
        for (DifferentiableLayer l : layers) {
            LayerPass p = l.trace(t);
            passes.add(p);
            t = p.output();
        }
        Tensor out = t;
        return new Pass() {
            @Override
            public double[][] output(int step) {
                return at(out, step);
            }

            @Override
            public SequenceBatch inputGradient(int step, double[][] dOutput) {
                checkStep(out, step);
                Tensor d;
                if (out.rank() == 2) {
                    d = Tensor.of(dOutput);
                } else {
                    double[][][] full = new double[out.dim(0)][out.dim(1)][];
                    for (int b = 0; b < full.length; b++) {
                        for (int s = 0; s < full[b].length; s++) {
                            full[b][s] = s == step ? dOutput[b].clone() : new double[out.dim(2)];
                        }
                    }
                    d = Tensor.of(full);
                }
                for (int i = passes.size() - 1; i >= 0; i--) {
                    d = passes.get(i).backward(d);
                }
                return SequenceBatch.of(d.toArray3());
            }
        };
    }

    private Tensor forward(Tensor x) {
        Tensor t = x;
        for (DifferentiableLayer l : layers) {
            t = l.forward(List.of(t)).get(0);
        }
        return t;
    }

    private double[][] at(Tensor out, int step) {
        checkStep(out, step);
        if (out.rank() == 2) {
            return out.toArray2();
        }
        double[][][] all = out.toArray3();
        double[][] y = new double[all.length][];
        for (int b = 0; b < all.length; b++) {
            y[b] = all[b][step];
        }
        return y;
    }

    private void checkStep(Tensor out, int step) {
        int steps = out.rank() == 3 ? out.dim(1) : -1;
        if (out.rank() == 3 ? step < 0 || step >= steps : false) {
            throw new ShapeException("output step " + step + " of model \"" + model.name() + "\" does not exist; "
                    + "valid: 0.." + (steps - 1));
        }
    }

    @Override
    public String toString() {
        return "LoadedModel[" + model.name() + ", " + layers.size() + " layers" + (embeds() ? ", after the Embedding"
                : "") + "]";
    }
}
