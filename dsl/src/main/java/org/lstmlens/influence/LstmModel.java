package org.lstmlens.influence;

import java.util.Objects;
import org.lstmlens.core.LayerOutput;
import org.lstmlens.core.LstmBackward;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.core.SequenceBatch;
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
