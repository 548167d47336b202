package org.lstmlens.influence;

import java.util.ArrayList;
import java.util.List;
import org.lstmlens.core.Band;
import org.lstmlens.core.LayerOutput;
import org.lstmlens.core.RnnBackward;
import org.lstmlens.core.Rnn;
import org.lstmlens.core.SequenceBatch;
import org.lstmlens.core.Trace;
import org.lstmlens.error.ShapeException;

/**
 * Stacked LSTM layers (one or more), optionally followed by a Dense head, as a {@link Differentiable}: zero initial
 * states (as Keras starts every sequence), the mask handed to every layer (as Keras propagates it), gradients by
 * {@link RnnBackward} from the top layer down, each layer's input gradient being the output gradient of the layer
 * below. Gate and cell targets address the top layer. Immutable.
 */
final class LstmModel implements Differentiable {
    private final List<Rnn> layers;
    private final DenseHead head; // null: the outputs are the top layer's h

    LstmModel(List<Rnn> layers, DenseHead head) {
        if (layers.isEmpty()) {
            throw new ShapeException("a stack needs at least one LSTM layer, got none");
        }
        for (int i = 0; i + 1 < layers.size(); i++) {
            Rnn below = layers.get(i);
            Rnn above = layers.get(i + 1);
            if (!below.returnSequences()) {
                throw new ShapeException("layer \"" + below.name() + "\" feeds layer \"" + above.name()
                        + "\" but returns only its last output; a stacked LSTM needs return_sequences=True below");
            }
            if (below.units() != above.inputDim()) {
                throw new ShapeException("layer \"" + above.name() + "\" expects " + above.inputDim()
                        + " features but layer \"" + below.name() + "\" below it has " + below.units() + " units");
            }
        }
        Rnn top = layers.get(layers.size() - 1);
        if (head != null && head.inputs() != top.units()) {
            throw new ShapeException("Dense head after layer \"" + top.name() + "\": its kernel has " + head.inputs()
                    + " rows but the layer has " + top.units() + " units; expected " + top.units() + " x outputs");
        }
        this.layers = List.copyOf(layers);
        this.head = head;
    }

    @Override
    public String name() {
        StringBuilder b = new StringBuilder();
        for (Rnn l : layers) {
            b.append(b.length() == 0 ? "" : " + ").append(l.name());
        }
        return head == null ? b.toString() : b + " + Dense";
    }

    @Override
    public int features() {
        return layers.get(0).inputDim();
    }

    @Override
    public int outputs() {
        return head == null ? top().units() : head.outputs();
    }

    @Override
    public boolean sequenceOutput() {
        return top().returnSequences();
    }

    Rnn top() {
        return layers.get(layers.size() - 1);
    }

    @Override
    public double[][] predict(SequenceBatch x, boolean[][] mask, int step) {
        SequenceBatch in = x;
        LayerOutput out = null;
        for (Rnn l : layers) {
            out = l.run(in, mask, null, false);
            in = out.asSequence();
        }
        double[][] h = hAt(out, step);
        return head == null ? h : head.apply(head.preActivation(h));
    }

    @Override
    public Pass trace(SequenceBatch x, boolean[][] mask) {
        List<LayerOutput> outs = forward(x, mask);
        LayerOutput out = outs.get(outs.size() - 1);
        return new Pass() {
            @Override
            public double[][] output(int step) {
                double[][] h = hAt(out, step);
                return head == null ? h : head.apply(head.preActivation(h));
            }

            @Override
            public SequenceBatch inputGradient(int step, double[][] dOutput) {
                double[][] dh = head == null ? dOutput : head.backward(head.preActivation(hAt(out, step)), dOutput);
                return down(outs, RnnBackward.from(out).stepOutputGradient(step, dh));
            }
        };
    }

    /**
     * A gate or cell target inside the top layer: its value per sample (0 where the mask skips that step: no gate was
     * computed there) and, when {@code gradient} is asked for, the input gradient of {@code sum(w * value)}.
     */
    SequenceBatch internal(SequenceBatch x, boolean[][] mask, Target target, int step, double[] w, double[] values,
            boolean gradient) {
        List<LayerOutput> outs = forward(x, mask);
        LayerOutput out = outs.get(outs.size() - 1);
        Trace tr = out.trace().orElseThrow();
        Band gate = target.gateOrNull();
        double[][] d = new double[x.batch()][];
        for (int b = 0; b < x.batch(); b++) {
            double v = 0;
            for (int k = 0; k < w.length; k++) {
                if (target.isCell()) {
                    v += w[k] * tr.c(b, step, k);
                } else if (tr.active(b, step)) {
                    v += w[k] * tr.gate(b, step, gate, k);
                }
            }
            values[b] = v;
            d[b] = w.clone();
        }
        if (!gradient) {
            return null;
        }
        RnnBackward back = RnnBackward.from(out);
        return down(outs, target.isCell() ? back.cellGradient(step, d) : back.gateGradient(gate, step, d));
    }

    private List<LayerOutput> forward(SequenceBatch x, boolean[][] mask) {
        List<LayerOutput> outs = new ArrayList<>();
        SequenceBatch in = x;
        for (Rnn l : layers) {
            LayerOutput o = l.run(in, mask, null, true);
            outs.add(o);
            in = o.asSequence();
        }
        return outs;
    }

    /** Runs the top layer's backward pass, then each lower one with the gradient of its outputs. */
    private static SequenceBatch down(List<LayerOutput> outs, RnnBackward top) {
        SequenceBatch dx = top.run().dx();
        for (int i = outs.size() - 2; i >= 0; i--) {
            dx = RnnBackward.from(outs.get(i)).outputGradient(dx.toArray()).run().dx();
        }
        return dx;
    }

    private double[][] hAt(LayerOutput out, int step) {
        if (step < 0 || step >= out.steps() || (!out.isSequence() && step != out.steps() - 1)) {
            throw new ShapeException("output step " + step + " of layer \"" + top().name() + "\" does not exist; "
                    + "valid: " + (out.isSequence() ? "0.." + (out.steps() - 1) : (out.steps() - 1)
                    + " (the layer returns only its last output)"));
        }
        if (!out.isSequence() || step == out.steps() - 1) {
            return out.lastOutput();
        }
        double[][] h = new double[out.batch()][out.units()];
        for (int b = 0; b < out.batch(); b++) {
            for (int k = 0; k < out.units(); k++) {
                h[b][k] = out.output(b, step, k);
            }
        }
        return h;
    }

    @Override
    public String toString() {
        return "LstmModel[" + layers + (head != null ? ", " + head : "") + "]";
    }
}
