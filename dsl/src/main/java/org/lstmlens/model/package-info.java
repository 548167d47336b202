/**
 * Whole Keras models at inference: {@link org.lstmlens.model.Model} (layers, a graph of {@link
 * org.lstmlens.model.Call}s, inputs, outputs, provenance in {@link org.lstmlens.model.ModelInfo}) and one small
 * {@link org.lstmlens.model.Layer} class per Keras layer, each a pure function from input {@link
 * org.lstmlens.model.Tensor}s (with their masks) to output tensors (with the masks Keras passes on).
 *
 * <p>Gradients: a layer that can send one back implements {@link org.lstmlens.model.DifferentiableLayer} (one input:
 * {@code trace(x)} gives a {@link org.lstmlens.model.LayerPass} with the output and the backward map) or
 * {@link org.lstmlens.model.DifferentiableMerge} (several inputs); LSTMs delegate to
 * {@link org.lstmlens.core.RnnBackward}. Embedding (its input is token ids), return_state and Bidirectional with
 * merge_mode None (several outputs) have none. {@code org.lstmlens.influence} chains them through a model.
 */
package org.lstmlens.model;
