package org.lstmlens.io.onnx;

import java.util.List;
import java.util.Map;
import org.lstmlens.model.Call;
import org.lstmlens.model.Layer;
import org.lstmlens.model.TensorRef;

/**
 * What {@link GraphBuilder} made of a graph: our model's layers and calls, its inputs and outputs, sentences on
 * what was left out, and each layer's output shapes as the summary shows them ({@link DeclaredShapes}).
 */
record OnnxGraph(List<Layer> layers, List<Call> calls, List<TensorRef> inputs, List<TensorRef> outputs,
                 List<String> assumptions, Map<String, String> shapes) {
}
