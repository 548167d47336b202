package org.lstmlens.io;

import java.util.List;
import org.lstmlens.model.TensorRef;

/** A parsed model config: Sequential (a chain) or Functional (a graph with named inputs and outputs). */
record ModelSpec(String name, boolean sequential, List<LayerSpec> layers, List<TensorRef> inputs,
                 List<TensorRef> outputs) {
}
