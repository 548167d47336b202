/**
 * Reading ONNX models ({@code .onnx}) into {@link org.lstmlens.model.Model}s: entry point
 * {@link org.lstmlens.io.onnx.OnnxReader#load(java.nio.file.Path)}, which {@code lstm.load} reaches through
 * {@code io.ModelLoader} for a file named {@code .onnx}.
 *
 * <p>The file is parsed with protobuf-java into classes generated at build time from ONNX's own schema
 * ({@code src/main/proto/onnx/onnx.proto}, package {@code org.lstmlens.io.onnx.proto}). Stored tensors (initializers,
 * Constant nodes; inline as raw_data or typed fields, or in external data files inside the model's folder) become
 * {@link org.lstmlens.model.Tensor}s ({@code TensorReader}, {@code ExternalData}).
 *
 * <p>How a graph maps to our model, and why: the model package already has the one graph we run and explain
 * ({@code Model}: layers, and calls between them addressed by {@code TensorRef}), so an ONNX graph becomes exactly
 * that, one layer per node ({@code GraphBuilder}), rather than a second graph type beside it. An LSTM, GRU or RNN
 * node becomes a {@code RecurrentNode}: one {@link org.lstmlens.model.RecurrentLayer} per direction over the core's
 * {@code Rnn} (the fused pass every cell uses), W, R, B mapped to the core's gate order in one place
 * ({@code GateMapping}), the operator's own conventions (layout, sequence_lens, initial states, Y stacked per
 * direction, the reverse direction at its input time positions) arranged around it. Because its directions are
 * recurrent layers ({@link org.lstmlens.model.RecurrentDirections}), the views of gates, units, runs and the layer's
 * influence work on them as on a Keras layer. Every other node is an {@code OpNode}: a small executor over our Tensor
 * for the operators exporters write around recurrent nodes ({@code Ops}, {@code ShapeOps}, {@code MathOps}); a node
 * reading only stored tensors is computed once when the file is read. ONNX tensors are not batch-first, so these
 * layers have no Keras output shapes and no backward pass: whole-graph influence is not offered for ONNX models.
 * A node whose operator is not run is left out with every node that reads it and listed in the model's assumptions;
 * a recurrent node reading from one takes that value as an input of the model, so the recurrent layers still open.
 *
 * <p>Every failure while reading is a {@link org.lstmlens.error.ModelFileException} naming the file and node.
 */
package org.lstmlens.io.onnx;
