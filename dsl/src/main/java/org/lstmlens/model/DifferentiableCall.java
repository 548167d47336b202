package org.lstmlens.model;

import java.util.List;

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
     * As {@link #traceCall}, keeping only what {@link CallPass#backward} needs: a recurrent layer's trace may then
     * lack the pre-activations z ({@link org.lstmlens.core.Rnn#traceForGradients}). For a pass used for gradients
     * from its outputs, then dropped.
     *
     * @throws org.lstmlens.error.ShapeException if the inputs do not fit the layer
     */
    default CallPass gradientCall(List<Tensor> inputs) {
        return traceCall(inputs);
    }
}
