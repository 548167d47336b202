package org.lstmlens.model;

import java.util.List;

/** One call of a layer in a model graph: which tensors it reads. Node {@code node} of layer {@code layer}. */
public record Call(Layer layer, int node, List<TensorRef> inputs) {
    public Call {
        inputs = List.copyOf(inputs);
    }

    /** The reference to this call's {@code i}-th output. */
    public TensorRef output(int i) {
        return new TensorRef(layer.name(), node, i);
    }
}
