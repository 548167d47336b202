package org.lstmlens.io.onnx;

import java.util.List;
import org.lstmlens.model.Call;
import org.lstmlens.model.Layer;
import org.lstmlens.model.TensorRef;

/**
 * What {@link GraphBuilder} made of a graph: our model's layers and calls, its inputs and outputs, and sentences on
 * what was left out.
 */
record OnnxGraph(List<Layer> layers, List<Call> calls, List<TensorRef> inputs, List<TensorRef> outputs,
                 List<String> assumptions) {
}
