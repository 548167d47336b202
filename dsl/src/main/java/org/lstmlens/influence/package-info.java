/**
 * How much each past timestep, feature, gate and unit moved a prediction: exact gradients through time
 * ({@link org.lstmlens.core.RnnBackward}) turned into attributions.
 *
 * <pre>
 *   model.influence(x).integratedGradients(64).unit(0).byTimestep()          // t: 41 %, t-1: 12 %, ...
 *   layer.influence(x).gradient().gate("f", 2).byTimestep()                  // what moved one forget gate
 *   model.influence(x).layer("gru_1").gate("z", 2).byTimestep()              // a gate deep inside a model
 *   model.influence(List.of(left, right)).input("input_right").output(1)     // several inputs and outputs
 *   layer.influence(x).occlusion(2).perUnit()                                // per output unit
 *   Memory.of(layer, x).threshold(0.1).horizon()                             // how far back the state remembers
 * </pre>
 *
 * <p>Two kinds of question, so that a target exists only where it works: {@link org.lstmlens.influence.LayerInfluence}
 * (one recurrent layer alone: its output units, a gate, an LSTM's cell state) and
 * {@link org.lstmlens.influence.ModelInfluence} (a whole model: the units or classes of a chosen output with respect
 * to a chosen input, or through {@link org.lstmlens.influence.LayerTargets} a gate or cell state of a named recurrent
 * layer inside it); both share {@link org.lstmlens.influence.Influence}'s methods and views. Methods:
 * {@link org.lstmlens.influence.Method gradient, gradient x input, integrated gradients (completeness gap reported),
 * occlusion}. Targets: {@link org.lstmlens.influence.Target}. Views: {@link org.lstmlens.influence.TimestepInfluence},
 * {@link org.lstmlens.influence.FeatureInfluence}, {@link org.lstmlens.influence.InfluenceHeatmap},
 * {@link org.lstmlens.influence.UnitInfluence}, {@link org.lstmlens.influence.Memory}.
 *
 * <p>There is one model graph: a single layer is explained as a one-layer {@code org.lstmlens.model.Model}, and every
 * model through its layers' own backward passes ({@code org.lstmlens.model.DifferentiableCall}), graphs with
 * branches, merges, several inputs and outputs, return_state and merge_mode=None included; after an Embedding the
 * gradients are taken with respect to the embedded vectors.
 */
package org.lstmlens.influence;
