package org.lstmlens.model;

import java.util.List;

/**
 * A layer of another framework's graph that runs one or two recurrent directions over its input, with that
 * framework's own conventions around them (an ONNX LSTM node: a direction attribute, outputs stacked per direction).
 * Each direction is a {@link RecurrentLayer} over the core's loop, so the views of gates, units and runs work on it;
 * {@link Model#recurrentDirections()} lists them in the node's order (forward, then reverse).
 */
public interface RecurrentDirections extends Layer {
    /** The directions this layer runs, forward first. */
    List<RecurrentLayer> directions();
}
