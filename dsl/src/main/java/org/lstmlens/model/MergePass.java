package org.lstmlens.model;

import java.util.List;

/**
 * One call of a layer with several inputs ({@code Concatenate}, {@code Add}, ...), kept for its backward pass: the
 * output, and the map from dL/d(output) to dL/d(each input). Immutable.
 */
public interface MergePass {
    /** The layer's output, with the combined mask. */
    Tensor output();

    /**
     * dL/d(input k) for every input, in the order of the inputs, from dL/d(output).
     *
     * @param dOutput shaped as {@link #output()}. Not modified.
     * @throws org.lstmlens.error.ShapeException if it is not
     */
    List<Tensor> backward(Tensor dOutput);
}
