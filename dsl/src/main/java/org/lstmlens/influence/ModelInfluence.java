package org.lstmlens.influence;

import java.util.List;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.NameException;
import org.lstmlens.model.ActivationFunction;
import org.lstmlens.model.Model;
import org.lstmlens.model.Tensor;

/**
 * Influence through a whole model: on the units (or classes) of one of its outputs, with respect to one of its inputs,
 * or on a gate or cell state of a recurrent layer inside it, the gradient flowing back through every layer below:
 * <pre>
 *   model.influence(x).unit(0).gradient().byTimestep()
 *   model.influence(List.of(left, right)).input("input_right").output(0).byTimestep()
 *   model.influence(x).layer("gru_1").gate("z", 2).byTimestep()
 * </pre>
 * The first input and the first output unless chosen; the others are held at the values given. For a softmax or
 * sigmoid output the default target is each sample's predicted class, named in the results; the sum of a softmax's
 * outputs (always 1) is refused. Immutable.
 */
public final class ModelInfluence extends Influence<ModelInfluence> {
    private ModelInfluence(Query query) {
        super(query);
    }

    /**
     * Influence through {@code model}.
     *
     * @throws LstmException for a weights-only model, or a layer without a backward pass (named)
     */
    public static ModelInfluence of(Model model) {
        return new ModelInfluence(Query.of(ModelGraph.of(model), null));
    }

    @Override
    ModelInfluence with(Query q) {
        return new ModelInfluence(q);
    }

    @Override
    String owner() {
        return "model \"" + query.name() + "\"";
    }

    @Override
    Target checked(Target target) {
        ModelGraph g = query.graph();
        if (target.isInternal()) {
            if (target.layer() == null) {
                throw new LstmException("target " + target.describe() + ": through a whole model a gate or cell "
                        + "target names its layer, influence.layer(name).gate(\"z\", 2) or .cell(2); recurrent layers "
                        + "of \"" + g.name() + "\": " + String.join(", ", g.recurrentNames()));
            }
            GraphSite site = g.site(target.layer());
            return target.resolvedIn(site.layer().cell(), site.layer().name());
        }
        ActivationFunction act = g.outputActivation();
        if (target.isSum() && act != null && act.isSoftmax()) {
            throw new LstmException("target sum of outputs of \"" + g.name() + "\": output \"" + g.outputNames().get(
                    g.output()) + "\" is a softmax, whose outputs sum to 1 for every input, so their sum has no "
                    + "influence to explain; choose a class with .unit(k), or keep the default, each sample's "
                    + "predicted class");
        }
        return target;
    }

    /**
     * One batch per model input, in the model's order ({@link #inputNames()}); the first input is explained unless
     * {@link #input(String)} chooses another.
     *
     * @throws org.lstmlens.error.ShapeException if the count or the batch sizes do not fit, or a value is not finite
     */
    public ModelInfluence on(List<double[][][]> inputs) {
        return with(query.onAll(inputs));
    }

    /**
     * Token ids {@code ids[sample][timestep]} for a model whose input feeds an Embedding: explained through the
     * embedded vectors (so a timestep's attribution sums over the embedding's dimensions), with mask_zero's mask.
     *
     * @throws LstmException if the input does not feed an Embedding, or an id is outside its vocabulary
     */
    public ModelInfluence onTokens(int[][] ids) {
        Tensor embedded = query.graph().embed(ids);
        return on(embedded.toArray3()).mask(embedded.mask());
    }

    /**
     * Explains input {@code name} (the others held at their values).
     *
     * @throws NameException naming the model's inputs
     */
    public ModelInfluence input(String name) {
        int i = query.graph().inputNames().indexOf(name);
        if (i < 0) {
            throw NameException.unknown("input", name, "model \"" + query.name() + "\"", inputNames());
        }
        return input(i);
    }

    /**
     * Explains input {@code index} (0 is the first).
     *
     * @throws org.lstmlens.error.ShapeException naming the valid indices and names
     */
    public ModelInfluence input(int index) {
        return with(query.input(index));
    }

    /**
     * Explains output {@code name}: the layer that gives it, or {@code name[k]} where a layer gives several (a
     * recurrent layer's return_state, a Bidirectional with merge_mode=None).
     *
     * @throws NameException naming the model's outputs
     */
    public ModelInfluence output(String name) {
        List<String> names = outputNames();
        int i = names.indexOf(name);
        if (i < 0) {
            throw NameException.unknown("output", name, "model \"" + query.name() + "\"", names);
        }
        return output(i);
    }

    /**
     * Explains output {@code index} (0 is the first).
     *
     * @throws org.lstmlens.error.ShapeException naming the valid indices and names
     */
    public ModelInfluence output(int index) {
        return with(query.output(index));
    }

    /** Explains each sample's predicted class (the unit its output ranks first); the classes show in the results. */
    public ModelInfluence predictedClass() {
        return target(Target.predicted());
    }

    /**
     * The gates and cell state of recurrent layer {@code name} (a Bidirectional's direction by its own name, e.g.
     * {@code forward_gru}), as targets: {@code .layer("gru_1").gate("z", 2)}.
     *
     * @throws LstmException naming the recurrent layers the explained output depends on
     */
    public LayerTargets layer(String name) {
        return new LayerTargets(this, query.graph().site(name));
    }

    /** The model's inputs, in order. */
    public List<String> inputNames() {
        return query.graph().inputNames();
    }

    /** The model's outputs, in order: the layer that gives each, {@code name[k]} where a layer gives several. */
    public List<String> outputNames() {
        return query.graph().outputNames();
    }
}
