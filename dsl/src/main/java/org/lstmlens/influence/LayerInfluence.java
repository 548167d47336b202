package org.lstmlens.influence;

import org.lstmlens.model.Model;
import org.lstmlens.model.RecurrentLayer;

/**
 * Influence on one recurrent layer (LSTM, GRU or SimpleRNN) on its own: on its output units, on a gate's activation
 * ({@code gate("f", 2)} for an LSTM, {@code gate("z", 2)} for a GRU) or on an LSTM's cell state ({@code cell(2)}):
 * <pre>
 *   layer.influence(x).gradient().gate("f", 2).byTimestep()   // what moved the forget gate of unit 2
 * </pre>
 * The layer is explained as a one-layer model, through the same graph and backward passes as a whole model.
 * Immutable.
 */
public final class LayerInfluence extends Influence<LayerInfluence> {
    private final RecurrentLayer layer;

    private LayerInfluence(RecurrentLayer layer, Query query) {
        super(query);
        this.layer = layer;
    }

    /** Influence on the outputs (h) of {@code layer} alone. */
    public static LayerInfluence of(RecurrentLayer layer) {
        return new LayerInfluence(layer, Query.of(ModelGraph.of(Model.sequential(layer.name(), layer)),
                layer.name()));
    }

    @Override
    LayerInfluence with(Query q) {
        return new LayerInfluence(layer, q);
    }

    /** A gate's name is resolved against this layer's cell now, so a gate it lacks is named at the call. */
    @Override
    String owner() {
        return "layer \"" + layer.name() + "\"";
    }

    @Override
    Target checked(Target target) {
        if (!target.isInternal()) {
            return target;
        }
        if (target.layer() != null && !target.layer().equals(layer.name())) {
            throw new org.lstmlens.error.LstmException("target " + target.describe() + ": this influence explains "
                    + "layer \"" + layer.name() + "\" alone; give the target without a layer");
        }
        return target.resolvedIn(layer.cell(), layer.name());
    }

    /**
     * Explains the activation of one gate of one unit (the gate-level drill-down), e.g. {@code gate("f", 2)} for an
     * LSTM or {@code gate("z", 2)} for a GRU; at the last step unless {@code target(Target.gate("f", 2).atStep(s))}.
     *
     * @throws org.lstmlens.error.NameException for a gate the cell does not have, naming the ones it has
     */
    public LayerInfluence gate(String gate, int unit) {
        return target(Target.gate(gate, unit));
    }

    /**
     * Explains the cell state c of one unit of an LSTM: what its memory holds.
     *
     * @throws org.lstmlens.error.LstmException for a GRU or SimpleRNN, which keep no cell state
     */
    public LayerInfluence cell(int unit) {
        return target(Target.cell(unit));
    }
}
