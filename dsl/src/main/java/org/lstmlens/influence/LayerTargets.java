package org.lstmlens.influence;

/**
 * The targets inside one recurrent layer of a model (or one direction of a Bidirectional, by its own name), reached
 * by {@code model.influence(x).layer("gru_1")}: a gate's activation or an LSTM's cell state, whose gradient flows
 * back through the layers below to the model's input:
 * <pre>
 *   model.influence(x).layer("gru_1").gate("z", 2).byTimestep()   // what moved the update gate of unit 2
 * </pre>
 * Immutable.
 */
public final class LayerTargets {
    private final ModelInfluence influence;
    private final GraphSite site;

    LayerTargets(ModelInfluence influence, GraphSite site) {
        this.influence = influence;
        this.site = site;
    }

    /**
     * The activation of gate {@code gate} of one unit of this layer, at the layer's last step unless
     * {@code target(Target.gate(gate, unit).atStep(s))}.
     *
     * @throws org.lstmlens.error.NameException for a gate the layer's cell does not have, naming the ones it has
     */
    public ModelInfluence gate(String gate, int unit) {
        return target(Target.gate(gate, unit));
    }

    /**
     * The cell state c of one unit of this LSTM layer.
     *
     * @throws org.lstmlens.error.LstmException for a GRU or SimpleRNN, which keep no cell state
     */
    public ModelInfluence cell(int unit) {
        return target(Target.cell(unit));
    }

    /**
     * A gate or cell-state target inside this layer (with a step of its own: {@code Target.gate("z", 2).atStep(3)}).
     *
     * @throws org.lstmlens.error.LstmException for an output target, which belongs to the model:
     *     {@code influence.unit(k)}
     */
    public ModelInfluence target(Target target) {
        if (!target.isInternal()) {
            throw new org.lstmlens.error.LstmException("target " + target.describe() + " inside layer \""
                    + site.layer().name() + "\": a layer of a model offers its gates and cell state here; the model's "
                    + "output units are influence.unit(k)");
        }
        return influence.target(target.inLayer(site.layer().name()));
    }

    @Override
    public String toString() {
        return "LayerTargets[" + site.layer().name() + " (" + site.layer().cell().kind() + ", gates "
                + site.layer().cell().bands().stream().map(b -> b.symbol()).collect(
                        java.util.stream.Collectors.joining(", ")) + ")]";
    }
}
