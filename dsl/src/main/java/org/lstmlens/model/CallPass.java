package org.lstmlens.model;

import java.util.List;

/**
 * One call of a layer in a model graph, kept for its backward pass: every output it gave (a recurrent layer's
 * return_state adds its final states, a Bidirectional with merge_mode=None gives two sequences), and the map from
 * the gradients of those outputs to the gradients of its inputs. A graph with several outputs needs this form; the
 * one-output {@link LayerPass} and {@link MergePass} are its common cases. Immutable.
 */
public interface CallPass {
    /** The call's outputs, in Keras's order, each with the mask it passes on. */
    List<Tensor> outputs();

    /**
     * dL/d(each input) from dL/d(each output).
     *
     * @param dOutputs one per output, in order, each shaped as that output; null where L does not depend on it. Not
     *     modified.
     * @return one gradient per input, in order (zeros where none reaches it)
     * @throws org.lstmlens.error.ShapeException if the list or a gradient does not fit the outputs
     */
    List<Tensor> backward(List<Tensor> dOutputs);
}
