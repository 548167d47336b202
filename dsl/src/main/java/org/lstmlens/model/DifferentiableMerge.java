package org.lstmlens.model;

import java.util.List;

/** A layer with several inputs and one output that can send a gradient back to each input. */
public interface DifferentiableMerge extends DifferentiableCall {
    /**
     * Runs the layer at inference and keeps what {@link MergePass#backward} needs.
     *
     * @throws org.lstmlens.error.ShapeException if the inputs do not fit together
     */
    MergePass trace(List<Tensor> inputs);

    /** The merge as a {@link CallPass}: one output, one gradient per input. */
    @Override
    default CallPass traceCall(List<Tensor> inputs) {
        MergePass p = trace(inputs);
        return new CallPass() {
            @Override
            public List<Tensor> outputs() {
                return List.of(p.output());
            }

            @Override
            public List<Tensor> backward(List<Tensor> dOutputs) {
                Tensor d = CallPasses.only(dOutputs, name());
                if (d == null) {
                    List<Tensor> zeros = new java.util.ArrayList<>();
                    inputs.forEach(x -> zeros.add(Tensors.zerosLike(x)));
                    return zeros;
                }
                return p.backward(d);
            }
        };
    }
}
