package org.lstmlens.model;

/**
 * A layer with one input and one output that can send a gradient back to its input: what attributions through a
 * loaded model need. Every layer of a Sequential LSTM model implements it except {@code Embedding} (whose input is
 * token ids: gradients stop at the embedded vectors) and layers with several inputs or outputs.
 */
public interface DifferentiableLayer extends Layer {
    /**
     * Runs the layer at inference on one input and keeps what {@link LayerPass#backward} needs.
     *
     * @throws org.lstmlens.error.ShapeException if the input does not fit the layer
     */
    LayerPass trace(Tensor x);
}
