/**
 * Whole Keras models at inference: {@link org.lstmlens.model.Model} (layers, a graph of {@link
 * org.lstmlens.model.Call}s, inputs, outputs, provenance in {@link org.lstmlens.model.ModelInfo}) and one small
 * {@link org.lstmlens.model.Layer} class per Keras layer, each a pure function from input {@link
 * org.lstmlens.model.Tensor}s (with their masks) to output tensors (with the masks Keras passes on).
 *
 * <p>For gradients: every layer's forward reads only its inputs and its own weights, so a backward method can be
 * added per layer next to {@code forward}; LSTMs delegate to {@link org.lstmlens.core.LstmLayer}, whose traces keep
 * every step's intermediates.
 */
package org.lstmlens.model;
