package org.lstmlens.influence;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lstmlens.core.SequenceBatch;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.ShapeException;
import org.lstmlens.model.BidirectionalLayer;
import org.lstmlens.model.Call;
import org.lstmlens.model.DenseLayer;
import org.lstmlens.model.DifferentiableLayer;
import org.lstmlens.model.DifferentiableMerge;
import org.lstmlens.model.EmbeddingLayer;
import org.lstmlens.model.InputLayer;
import org.lstmlens.model.Layer;
import org.lstmlens.model.LayerPass;
import org.lstmlens.model.MergePass;
import org.lstmlens.model.Model;
import org.lstmlens.model.RecurrentLayer;
import org.lstmlens.model.Tensor;
import org.lstmlens.model.TensorRef;
import org.lstmlens.model.TimeDistributedLayer;

/**
 * A loaded Keras model with one input and one output (Sequential, or a Functional graph with branches and merges) as
 * a {@link Differentiable}: every call's own forward pass ({@link DifferentiableLayer#trace},
 * {@link DifferentiableMerge#trace}) and backward pass, the gradients of a tensor read by several calls added up. A
 * model that starts with an {@code Embedding} is differentiated with respect to the embedded vectors ({@link #embed}
 * turns token ids into them, with mask_zero's mask). Immutable.
 */
final class LoadedModel implements Differentiable {
    private final Model model;
    private final List<Layer> prefix;  // an InputLayer and the Embedding it feeds: run, not differentiated
    private final TensorRef start;     // the tensor gradients are taken with respect to
    private final List<Call> calls;    // the differentiated calls, in an order that reads only earlier outputs
    private final int features;
    private final int outputs;
    private final boolean sequence;

    private LoadedModel(Model model, List<Layer> prefix, TensorRef start, List<Call> calls, int features) {
        this.model = model;
        this.prefix = List.copyOf(prefix);
        this.start = start;
        this.calls = List.copyOf(calls);
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
     * The graph of {@code model}'s calls.
     *
     * @throws LstmException if the model has no graph, several inputs or outputs, or a layer without a backward pass
     *     (named, with its type)
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
        List<Call> calls = new ArrayList<>(model.calls());
        TensorRef start = model.inputs().get(0);
        EmbeddingLayer embedding = null;
        // token ids: the InputLayer (if listed) and the Embedding reading it are run, not differentiated
        if (!calls.isEmpty() && calls.get(0).inputs().isEmpty() && calls.get(0).layer() instanceof InputLayer
                && calls.size() > 1 && calls.get(1).layer() instanceof EmbeddingLayer) {
            prefix.add(calls.remove(0).layer());
        }
        if (!calls.isEmpty() && calls.get(0).layer() instanceof EmbeddingLayer
                && calls.get(0).inputs().equals(List.of(start))) {
            Call e = calls.remove(0);
            embedding = (EmbeddingLayer) e.layer();
            prefix.add(embedding);
            start = e.output(0);
            for (Call c : calls) {
                if (c.inputs().contains(model.inputs().get(0))) {
                    throw new LstmException("model \"" + model.name() + "\": layer \"" + c.layer().name() + "\" reads"
                            + " the token ids beside the Embedding; influence needs the ids to go through it alone");
                }
            }
        }
        for (Call c : calls) {
            Layer l = c.layer();
            if (!(l instanceof DifferentiableLayer) && !(l instanceof DifferentiableMerge)) {
                throw new LstmException("model \"" + model.name() + "\": layer \"" + l.name() + "\" (" + l.type()
                        + ") has no backward pass; influence goes through InputLayer, Masking, Embedding (first), "
                        + "LSTM, Bidirectional (concat, sum, ave, mul), Dense, TimeDistributed(Dense), Activation, "
                        + "Flatten, RepeatVector, Concatenate, Add and the other merges, Dropout and the like");
            }
        }
        List<DifferentiableLayer> single = new ArrayList<>();
        calls.stream().map(Call::layer).filter(l -> l instanceof DifferentiableLayer)
                .forEach(l -> single.add((DifferentiableLayer) l));
        return new LoadedModel(model, prefix, start, calls, featuresOf(model, single, embedding));
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
                return ((RecurrentLayer) l).inputDim();
            }
            if (l instanceof BidirectionalLayer) {
                return ((BidirectionalLayer) l).forwardLayer().inputDim();
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
        Map<TensorRef, Tensor> known = new HashMap<>();
        known.put(start, Tensor.of(x.toArray()).withMask(mask));
        List<Object> passes = new ArrayList<>(); // LayerPass or MergePass, one per call
        for (Call c : calls) {
            List<Tensor> in = inputsOf(c, known);
            Object pass;
            Tensor out;
            if (c.layer() instanceof DifferentiableMerge) {
                MergePass p = ((DifferentiableMerge) c.layer()).trace(in);
                pass = p;
                out = p.output();
            } else {
                LayerPass p = ((DifferentiableLayer) c.layer()).trace(only(c, in));
                pass = p;
                out = p.output();
            }
            passes.add(pass);
            known.put(c.output(0), out);
        }
        Tensor out = known.get(model.outputs().get(0));
        return new Pass() {
            @Override
            public double[][] output(int step) {
                return at(out, step);
            }

            @Override
            public SequenceBatch inputGradient(int step, double[][] dOutput) {
                checkStep(out, step);
                Map<TensorRef, Tensor> grads = new HashMap<>();
                grads.put(model.outputs().get(0), outputGradient(out, step, dOutput));
                for (int i = calls.size() - 1; i >= 0; i--) {
                    Call c = calls.get(i);
                    if (c.inputs().isEmpty()) {
                        continue; // an InputLayer: the identity on the model's input
                    }
                    Tensor d = grads.remove(c.output(0));
                    if (d == null) {
                        continue; // the output does not reach the target
                    }
                    List<Tensor> dIn = passes.get(i) instanceof MergePass ? ((MergePass) passes.get(i)).backward(d)
                            : List.of(((LayerPass) passes.get(i)).backward(d));
                    for (int k = 0; k < dIn.size(); k++) {
                        grads.merge(c.inputs().get(k), dIn.get(k), Tensor::plus); // read by several calls: add
                    }
                }
                Tensor dx = grads.get(start);
                return dx == null ? SequenceBatch.of(new double[x.batch()][x.steps()][x.features()])
                        : SequenceBatch.of(dx.toArray3());
            }
        };
    }

    private static Tensor outputGradient(Tensor out, int step, double[][] dOutput) {
        if (out.rank() == 2) {
            return Tensor.of(dOutput);
        }
        double[][][] full = new double[out.dim(0)][out.dim(1)][];
        for (int b = 0; b < full.length; b++) {
            for (int s = 0; s < full[b].length; s++) {
                full[b][s] = s == step ? dOutput[b].clone() : new double[out.dim(2)];
            }
        }
        return Tensor.of(full);
    }

    private Tensor forward(Tensor x) {
        Map<TensorRef, Tensor> known = new HashMap<>();
        known.put(start, x);
        for (Call c : calls) {
            known.put(c.output(0), c.layer().forward(inputsOf(c, known)).get(0));
        }
        return known.get(model.outputs().get(0));
    }

    /** What a call reads; an InputLayer's call reads the model input, stored under its own output. */
    private static List<Tensor> inputsOf(Call c, Map<TensorRef, Tensor> known) {
        List<Tensor> in = new ArrayList<>();
        for (TensorRef r : c.inputs().isEmpty() ? List.of(c.output(0)) : c.inputs()) {
            in.add(known.get(r));
        }
        return in;
    }

    private static Tensor only(Call c, List<Tensor> in) {
        if (in.size() != 1) {
            throw new LstmException("layer \"" + c.layer().name() + "\" (" + c.layer().type() + ") reads " + in.size()
                    + " tensors; influence differentiates it with one");
        }
        return in.get(0);
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
        return "LoadedModel[" + model.name() + ", " + calls.size() + " calls" + (embeds() ? ", after the Embedding"
                : "") + "]";
    }
}
