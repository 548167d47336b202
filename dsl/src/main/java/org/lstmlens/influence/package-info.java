/**
 * How much each past timestep, feature, gate and unit moved a prediction: exact gradients through time
 * ({@link org.lstmlens.core.RnnBackward}) turned into attributions.
 *
 * <pre>
 *   Influence.of(layer, head).on(x).integratedGradients(64).unit(0).byTimestep()   // t: 41 %, t-1: 12 %, ...
 *   Influence.of(layer).on(x).gradient().gate("f", 2).byTimestep()                 // what moved one forget gate
 *   Influence.of(layer).on(x).occlusion(2).perUnit()                               // per output unit
 *   Memory.of(layer, x).threshold(0.1).horizon()                                   // how far back the cell remembers
 *   lstm.load("m.keras").influence(x).unit(0).gradient().byTimestep()              // through a whole loaded model
 * </pre>
 *
 * <p>Methods: {@link org.lstmlens.influence.Method gradient, gradient x input, integrated gradients (completeness gap
 * reported), occlusion}. Targets: {@link org.lstmlens.influence.Target} (a unit, the sum, a weighting, a gate, the
 * cell state; last or chosen step). Views: {@link org.lstmlens.influence.TimestepInfluence},
 * {@link org.lstmlens.influence.FeatureInfluence}, {@link org.lstmlens.influence.InfluenceHeatmap},
 * {@link org.lstmlens.influence.UnitInfluence}, {@link org.lstmlens.influence.Memory}.
 *
 * <p>Models plug in through {@link org.lstmlens.influence.Differentiable}: a forward pass and the input gradient of
 * one output step. One LSTM layer, stacked layers, a Dense head, a Bidirectional LSTM, and whole loaded Keras models
 * ({@code Differentiable.of(model)}: every layer of {@code org.lstmlens.model} with its own backward pass, graphs
 * with branches and merges, gradients with respect to the embedded vectors after an Embedding) are provided.
 */
package org.lstmlens.influence;
