package org.lstmlens.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lstmlens.core.LayerOutput;
import org.lstmlens.core.Precision;
import org.lstmlens.error.NameException;
import org.lstmlens.error.ShapeException;

/**
 * Keras {@code Bidirectional}: a forward and a backward recurrent layer (any cell) over the same input, the backward one's sequence flipped
 * back to input order, then merged ({@code concat}, {@code sum}, {@code mul}, {@code ave}, or none: two outputs).
 * In Keras 3 and tf.keras both directions output zeros at masked steps when they return sequences.
 */
public final class BidirectionalLayer implements DifferentiableLayer {
    /** How the two directions' outputs are combined. */
    public enum Merge {
        CONCAT, SUM, MUL, AVE, NONE;

        /** {@code "concat"}, ..., or null for none. */
        public static Merge parse(String mode, String layer) {
            if (mode == null) {
                return NONE;
            }
            try {
                return valueOf(mode.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw NameException.unknown("merge_mode", mode, "Bidirectional \"" + layer + "\"",
                        List.of("concat", "sum", "mul", "ave", "null"));
            }
        }

        public String kerasName() {
            return this == NONE ? "None" : name().toLowerCase(Locale.ROOT);
        }
    }

    private final String name;
    private final RecurrentLayer forward;
    private final RecurrentLayer backward;
    private final Merge merge;

    /**
     * @param zeroMaskedSteps whether the writer's Keras zeroes both directions' outputs at masked steps when they
     *     return sequences (Keras 3 and tf.keras do; standalone Keras 1 and 2 do not, keeping each layer's own
     *     {@code zero_output_for_mask})
     */
    public BidirectionalLayer(String name, RecurrentLayer forward, RecurrentLayer backward, Merge merge,
                              boolean zeroMaskedSteps) {
        this.name = name;
        boolean zero = zeroMaskedSteps && forward.rnn().returnSequences();
        this.forward = zero ? forward.withZeroOutputForMask(true) : forward;
        this.backward = zero ? backward.withZeroOutputForMask(true) : backward;
        this.merge = merge;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "Bidirectional";
    }

    public RecurrentLayer forwardLayer() {
        return forward;
    }

    public RecurrentLayer backwardLayer() {
        return backward;
    }

    public Merge merge() {
        return merge;
    }

    @Override
    public long params() {
        return forward.params() + backward.params();
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        Shape f = forward.outputShapes(inputs).get(0);
        List<Shape> out = new ArrayList<>();
        if (merge == Merge.NONE) {
            out.add(f);
            out.add(backward.outputShapes(inputs).get(0));
        } else {
            out.add(merge == Merge.CONCAT ? f.withLast(f.last() + backward.outputSize()) : f);
        }
        if (forward.returnState()) {
            // Keras: the forward layer's states (h, and c for an LSTM), then the backward layer's
            for (RecurrentLayer d : List.of(forward, backward)) {
                for (int i = 0; i < d.stateCount(); i++) {
                    out.add(Shape.of(i == 0 ? d.outputSize() : d.units())); // h, then c
                }
            }
        }
        return out;
    }

    @Override
    public List<Tensor> forward(List<Tensor> inputs) {
        return forward(inputs, org.lstmlens.core.Precision.DOUBLE);
    }

    /** Both directions in the given precision. */
    @Override
    public List<Tensor> forward(List<Tensor> inputs, org.lstmlens.core.Precision precision) {
        if (inputs.size() != 1) {
            throw new ShapeException("Bidirectional \"" + name + "\" takes one input here, got " + inputs.size()
                    + " (initial states for Bidirectional are not supported)");
        }
        Tensor x = inputs.get(0);
        LayerOutput fRun = forward.run(x, null, precision);
        LayerOutput bRun = backward.run(x, null, precision);
        Tensor yf = forward.output(fRun, x.maskData());
        Tensor yb = backward.output(bRun, x.maskData());
        if (forward.rnn().returnSequences()) {
            yb = Tensors.flipTime(yb);
        }
        List<Tensor> out = new ArrayList<>();
        if (merge == Merge.NONE) {
            out.add(yf);
            out.add(yb);
        } else {
            out.add(merge(yf, yb));
        }
        if (forward.returnState()) {
            out.addAll(RecurrentLayer.states(fRun));
            out.addAll(RecurrentLayer.states(bRun));
        }
        return out;
    }

    /**
     * Both directions traced and merged; see {@link BidirectionalPass} for the backward pass.
     *
     * @throws org.lstmlens.error.LstmException for merge_mode None or return_state (several outputs: use
     *     {@link #traceCall})
     */
    @Override
    public LayerPass trace(Tensor x) {
        if (merge == Merge.NONE || forward.returnState()) {
            throw new org.lstmlens.error.LstmException("Bidirectional \"" + name + "\" has " + (merge == Merge.NONE
                    ? "merge_mode=None" : "return_state=True") + ": several outputs; gradients through a model go "
                    + "through layers with one output");
        }
        BidirectionalPass p = traceCall(List.of(x));
        return LayerPass.of(p.outputs().get(0), dy -> p.backward(List.of(dy)).get(0));
    }

    /** Both directions traced: every output Keras gives (two sequences for merge_mode=None, states), and gradients. */
    @Override
    public BidirectionalPass traceCall(List<Tensor> inputs) {
        return new BidirectionalPass(this, forward.traceCall(one(inputs)), backward.traceCall(inputs), inputs.get(0));
    }

    /**
     * As {@link #traceCall}, each direction's trace without what the backward pass from the outputs never reads, both
     * directions in {@code precision}.
     */
    @Override
    public BidirectionalPass gradientCall(List<Tensor> inputs, Precision precision) {
        return new BidirectionalPass(this, forward.gradientCall(one(inputs), precision),
                backward.gradientCall(inputs, precision), inputs.get(0));
    }

    /** The inputs, checked to be the one sequence (no initial states). */
    private List<Tensor> one(List<Tensor> inputs) {
        if (inputs.size() != 1) {
            throw new ShapeException("Bidirectional \"" + name + "\" takes one input here, got " + inputs.size()
                    + " (initial states for Bidirectional are not supported)");
        }
        return inputs;
    }

    /** The merged output of the two directions (input time order). */
    Tensor merged(Tensor yf, Tensor yb) {
        return merge(yf, yb);
    }

    private Tensor merge(Tensor a, Tensor b) {
        if (merge == Merge.CONCAT) {
            return new ConcatenateLayer(name, -1).forward(List.of(a, b)).get(0);
        }
        double[] da = a.data();
        double[] db = b.data();
        double[] out = new double[da.length];
        for (int i = 0; i < out.length; i++) {
            switch (merge) {
                case SUM: out[i] = da[i] + db[i]; break;
                case MUL: out[i] = da[i] * db[i]; break;
                default: out[i] = (da[i] + db[i]) / 2; break;
            }
        }
        return Tensor.wrap(a.shape(), out, a.maskData());
    }

    @Override
    public String toString() {
        return "Bidirectional[" + name + ", " + merge.kerasName() + "]";
    }
}
