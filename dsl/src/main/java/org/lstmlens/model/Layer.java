package org.lstmlens.model;

import java.util.List;

/**
 * One Keras layer of a loaded model, at inference. Each implementation is a small class with plain inputs and
 * outputs: {@link #forward} maps input tensors (each with its mask) to output tensors (each with the mask Keras would
 * pass on). Layers with a backward pass also implement {@link DifferentiableLayer} (one input) or
 * {@link DifferentiableMerge} (several).
 */
public interface Layer {
    /** The layer's name in the model, e.g. {@code lstm_1}. */
    String name();

    /** The Keras class name, e.g. {@code LSTM}, {@code Bidirectional}. */
    String type();

    /** The parameters Keras counts for this layer (every stored weight array's size). */
    long params();

    /** The output shapes for these input shapes (batch axis left out). */
    List<Shape> outputShapes(List<Shape> inputs);

    /** Runs the layer at inference (dropout and noise off). */
    List<Tensor> forward(List<Tensor> inputs);

    /**
     * Runs the layer at inference in the given precision: a recurrent layer's steps run in float32 as the frameworks
     * compute them; every other layer runs in double (its arithmetic is a small share, and exact).
     */
    default List<Tensor> forward(List<Tensor> inputs, org.lstmlens.core.Precision precision) {
        return forward(inputs);
    }
}
