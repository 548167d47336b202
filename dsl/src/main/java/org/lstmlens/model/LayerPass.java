package org.lstmlens.model;

import java.util.function.UnaryOperator;

/**
 * One layer's forward pass, kept for its backward pass: the output, and the map from dL/d(output) to dL/d(input)
 * (tensors of the output's and the input's shape) for a scalar objective L. Immutable.
 */
public interface LayerPass {
    /** The layer's output, with the mask it passes on. */
    Tensor output();

    /**
     * dL/d(input) from dL/d(output).
     *
     * @param dOutput shaped as {@link #output()}. Not modified.
     * @throws org.lstmlens.error.ShapeException if it is not
     */
    Tensor backward(Tensor dOutput);

    /** A pass from its output and its backward map. */
    static LayerPass of(Tensor output, UnaryOperator<Tensor> backward) {
        return new LayerPass() {
            @Override
            public Tensor output() {
                return output;
            }

            @Override
            public Tensor backward(Tensor dOutput) {
                Tensors.requireSameShape(dOutput, output, "gradient of the output");
                return backward.apply(dOutput);
            }
        };
    }
}
