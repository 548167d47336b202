package org.lstmlens.io;

import com.google.gson.JsonObject;
import java.util.List;
import org.lstmlens.model.TensorRef;

/**
 * One layer as a model config describes it: Keras class name, name, its own config, and for functional models the
 * tensors each of its calls reads.
 */
record LayerSpec(String className, String name, JsonObject config, List<List<TensorRef>> inbound) {
}
