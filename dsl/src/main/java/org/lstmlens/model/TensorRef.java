package org.lstmlens.model;

/**
 * One tensor in a model graph, as Keras configs address it: the {@code node}-th call of layer {@code layer}, its
 * {@code tensor}-th output.
 */
public record TensorRef(String layer, int node, int tensor) {
    @Override
    public String toString() {
        return layer + "[" + node + "][" + tensor + "]";
    }
}
