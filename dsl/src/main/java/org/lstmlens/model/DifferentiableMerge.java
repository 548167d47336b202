package org.lstmlens.model;

import java.util.List;

/** A layer with several inputs and one output that can send a gradient back to each input. */
public interface DifferentiableMerge extends Layer {
    /**
     * Runs the layer at inference and keeps what {@link MergePass#backward} needs.
     *
     * @throws org.lstmlens.error.ShapeException if the inputs do not fit together
     */
    MergePass trace(List<Tensor> inputs);
}
