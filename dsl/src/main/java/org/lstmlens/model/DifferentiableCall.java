package org.lstmlens.model;

import java.util.List;
import org.lstmlens.core.Precision;

/**
 * A layer whose every call can send gradients back, whatever its number of inputs and outputs: what a model graph
 * is differentiated through. One-input layers ({@link DifferentiableLayer}) and merges ({@link DifferentiableMerge})
 * get it for free; recurrent layers with return_state or initial states, and Bidirectional with merge_mode=None,
 * implement it themselves.
 */
public interface DifferentiableCall extends Layer {
    /**
     * Runs the call at inference on its inputs and keeps what {@link CallPass#backward} needs.
     *
     * @throws org.lstmlens.error.ShapeException if the inputs do not fit the layer
     */
    CallPass traceCall(List<Tensor> inputs);

    /**
     * As {@link #traceCall}, keeping only what {@link CallPass#backward} needs, for a pass used for gradients from its
     * outputs, then dropped: a recurrent layer's trace may then lack the pre-activations z, and runs in
     * {@code precision} ({@link org.lstmlens.core.Rnn#traceForGradients(org.lstmlens.core.SequenceBatch, boolean[][],
     * org.lstmlens.core.RnnState, Precision)} says which cells run in float32). A layer without a recurrent pass has
     * nothing to leave out or make float: its trace call.
     *
     * @throws org.lstmlens.error.ShapeException if the inputs do not fit the layer
     */
    default CallPass gradientCall(List<Tensor> inputs, Precision precision) {
        return traceCall(inputs);
    }
}
