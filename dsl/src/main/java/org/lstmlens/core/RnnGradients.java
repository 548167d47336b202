package org.lstmlens.core;

import java.util.Optional;

/**
 * What {@link RnnBackward} returns: the gradient of a scalar objective with respect to the layer's input (in input
 * time order, the shape of the input), its initial state (h0, and c0 for an LSTM) and, when asked for, its weights (in Keras layout:
 * kernel, recurrent kernel, bias). Immutable.
 */
public final class RnnGradients {
    private final SequenceBatch dx;
    private final RnnState dInitial;
    private final CellWeights dWeights;

    RnnGradients(SequenceBatch dx, RnnState dInitial, CellWeights dWeights) {
        this.dx = dx;
        this.dInitial = dInitial;
        this.dWeights = dWeights;
    }

    /** dL/dx, batch x steps x features, in input time order (as the input was given, also for go_backwards). */
    public SequenceBatch dx() {
        return dx;
    }

    /** dL/dx of one sample, timestep and feature. */
    public double dx(int sample, int timestep, int feature) {
        return dx.get(sample, timestep, feature);
    }

    /** dL/dh0 and dL/dc0: the gradient with respect to the initial state, one row per sample. */
    public RnnState dInitial() {
        return dInitial;
    }

    /** dL/dW, dL/dU, dL/db summed over the batch, in the layout of the weights; empty unless asked for. */
    public Optional<CellWeights> dWeights() {
        return Optional.ofNullable(dWeights);
    }

    @Override
    public String toString() {
        return "RnnGradients[batch=" + dx.batch() + ", steps=" + dx.steps() + ", features=" + dx.features()
                + (dWeights != null ? ", with weights" : "") + "]";
    }
}
