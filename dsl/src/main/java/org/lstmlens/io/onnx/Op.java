package org.lstmlens.io.onnx;

import java.util.List;
import org.lstmlens.model.Tensor;

/** One ONNX operator with its attributes bound: the tensors at its input slots (null for an absent optional one) to its outputs. */
@FunctionalInterface
interface Op {
    List<Tensor> apply(List<Tensor> inputs);
}
