package org.lstmlens.model;

import java.util.List;
import org.lstmlens.error.ShapeException;

/**
 * A layer with one input and one output that can send a gradient back to its input: what attributions through a
 * loaded model need. Every layer of a Sequential LSTM model implements it except {@code Embedding} (whose input is
 * token ids: gradients stop at the embedded vectors); layers with several inputs or outputs go through
 * {@link DifferentiableCall#traceCall}.
 */
public interface DifferentiableLayer extends DifferentiableCall {
    /**
     * Runs the layer at inference on one input and keeps what {@link LayerPass#backward} needs.
     *
     * @throws org.lstmlens.error.ShapeException if the input does not fit the layer
     */
    LayerPass trace(Tensor x);

    /** The one-input, one-output call as a {@link CallPass}. */
    @Override
    default CallPass traceCall(List<Tensor> inputs) {
        if (inputs.size() != 1) {
            throw new ShapeException("layer \"" + name() + "\" (" + type() + ") takes one input, got "
                    + inputs.size());
        }
        LayerPass p = trace(inputs.get(0));
        return CallPasses.single(name(), p.output(), inputs.get(0), p::backward);
    }
}
