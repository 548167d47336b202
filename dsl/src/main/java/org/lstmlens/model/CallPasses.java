package org.lstmlens.model;

import java.util.List;
import java.util.function.UnaryOperator;
import org.lstmlens.error.ShapeException;

/** Adapters from the one-output passes to {@link CallPass}. */
final class CallPasses {
    private CallPasses() {
    }

    /** A call with one input and one output; no gradient on the output gives zeros on the input. */
    static CallPass single(String layer, Tensor output, Tensor input, UnaryOperator<Tensor> backward) {
        return new CallPass() {
            @Override
            public List<Tensor> outputs() {
                return List.of(output);
            }

            @Override
            public List<Tensor> backward(List<Tensor> dOutputs) {
                Tensor d = only(dOutputs, layer);
                return List.of(d == null ? Tensors.zerosLike(input) : backward.apply(d));
            }
        };
    }

    /** The gradient of a one-output call. */
    static Tensor only(List<Tensor> dOutputs, String layer) {
        if (dOutputs.size() != 1) {
            throw new ShapeException("gradients of \"" + layer + "\": it has one output, got " + dOutputs.size()
                    + " gradients");
        }
        return dOutputs.get(0);
    }
}
