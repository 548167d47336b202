package org.lstmlens.influence;

import java.util.Objects;
import org.lstmlens.core.Gate;
import org.lstmlens.core.LayerOutput;
import org.lstmlens.core.LstmBackward;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.core.SequenceBatch;
import org.lstmlens.core.Trace;
import org.lstmlens.error.ShapeException;

/**
 * One LSTM layer, optionally followed by a Dense head, as a {@link Differentiable}: zero initial state (as Keras
 * starts every sequence), masks passed to the layer, gradients by {@link LstmBackward}. Immutable.
 */
final class LstmModel implements Differentiable {
    private final LstmLayer layer;
    private final DenseHead head; // null: the outputs are the layer's h

    LstmModel(LstmLayer layer, DenseHead head) {
        this.layer = Objects.requireNonNull(layer, "layer");
        if (head != null && head.inputs() != layer.units()) {
            throw new ShapeException("Dense head after layer \"" + layer.name() + "\": its kernel has " + head.inputs()
                    + " rows but the layer has " + layer.units() + " units; expected " + layer.units() + " x outputs");
        }
        this.head = head;
    }

    @Override
    public String name() {
        return head == null ? layer.name() : layer.name() + " + Dense";
    }

    @Override
    public int features() {
        return layer.inputDim();
    }

    @Override
    public int outputs() {
        return head == null ? layer.units() : head.outputs();
    }

    @Override
    public boolean sequenceOutput() {
        return layer.returnSequences();
    }

    @Override
    public double[][] predict(SequenceBatch x, boolean[][] mask, int step) {
        LayerOutput out = layer.run(x, mask, null, false);
        double[][] h = hAt(out, step);
        return head == null ? h : head.apply(head.preActivation(h));
    }

    @Override
    public Pass trace(SequenceBatch x, boolean[][] mask) {
        LayerOutput out = layer.run(x, mask, null, true);
        return new Pass() {
            @Override
            public double[][] output(int step) {
                double[][] h = hAt(out, step);
                return head == null ? h : head.apply(head.preActivation(h));
            }

            @Override
            public SequenceBatch inputGradient(int step, double[][] dOutput) {
                double[][] dh = head == null ? dOutput : head.backward(head.preActivation(hAt(out, step)), dOutput);
                return LstmBackward.from(out).stepOutputGradient(step, dh).run().dx();
            }
        };
    }

    /**
     * A gate or cell target inside the layer: its value per sample (0 where the mask skips that step: no gate was
     * computed there) and, when {@code gradient} is asked for, the input gradient of {@code sum(w * value)}.
     */
    SequenceBatch internal(SequenceBatch x, boolean[][] mask, Target target, int step, double[] w, double[] values,
            boolean gradient) {
        LayerOutput out = layer.run(x, mask, null, true);
        Trace tr = out.trace().orElseThrow();
        Gate gate = target.gateOrNull();
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
        LstmBackward back = LstmBackward.from(out);
        back = target.isCell() ? back.cellGradient(step, d) : back.gateGradient(gate, step, d);
        return back.run().dx();
    }

    LstmLayer layer() {
        return layer;
    }

    private double[][] hAt(LayerOutput out, int step) {
        if (step < 0 || step >= out.steps() || (!out.isSequence() && step != out.steps() - 1)) {
            throw new ShapeException("output step " + step + " of layer \"" + layer.name() + "\" does not exist; valid: "
                    + (out.isSequence() ? "0.." + (out.steps() - 1) : (out.steps() - 1)
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
        return "LstmModel[" + layer + (head != null ? ", " + head : "") + "]";
    }
}
