package org.lstmlens.influence;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.lstmlens.core.Precision;
import org.lstmlens.core.Rnn;
import org.lstmlens.core.SequenceBatch;
import org.lstmlens.error.LstmException;
import org.lstmlens.model.InputConvention;
import org.lstmlens.model.Model;
import org.lstmlens.model.RecurrentLayer;
import org.lstmlens.progress.Progress;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.MimeBundle;

/**
 * How much each past timestep (and feature) moved a prediction, chosen fluently:
 * <pre>
 *   Influence.of(model).on(x).integratedGradients(64).unit(0).byTimestep()   // t-1: 41 %, t-2: 12 %, ...
 *   Influence.of(layer).on(x).gradient().gate("f", 2).byTimestep()           // what moved one forget gate
 * </pre>
 * Two kinds, so that a target exists only where it works: {@link LayerInfluence} explains one recurrent layer (its
 * output units, a gate's activation, an LSTM's cell state), {@link ModelInfluence} a whole model (the units or
 * classes of one of its outputs, with respect to one of its inputs, or a gate or cell state of a named recurrent
 * layer inside it). This class holds what both share: the input, the method, the baseline and the views.
 *
 * <p>Lags count back from the target's output step, whose own input is {@code t} (lag 0), the one before {@code t-1};
 * {@link #predictsNextStep()} shifts them by one for forecasts. Defaults: integrated gradients with 64 steps, a zero
 * baseline, at the last step the sum of the outputs, or each sample's predicted class for a softmax or sigmoid
 * output (whose sum says nothing). Each call returns a new object; nothing is computed until a result is asked for.
 * Immutable.
 *
 * @param <I> the kind of influence each fluent call returns
 */
public abstract sealed class Influence<I extends Influence<I>> implements Displayable
        permits LayerInfluence, ModelInfluence {
    final Query query;

    Influence(Query query) {
        this.query = query;
    }

    /** The same kind of influence over another question. */
    abstract I with(Query q);

    /** The target as this kind of influence can answer it, or an error at the call that says what is valid. */
    abstract Target checked(Target target);

    /** What is explained, as messages name it: {@code layer "lstm"}, {@code model "lag5"}. */
    abstract String owner();

    /** Influence on the outputs (h) of one recurrent layer of any cell, built in code or taken from a model. */
    public static LayerInfluence of(Rnn layer) {
        return LayerInfluence.of(RecurrentLayer.of(Objects.requireNonNull(layer, "layer")));
    }

    /** Influence on the outputs (h) of one recurrent layer of a model, alone. */
    public static LayerInfluence of(RecurrentLayer layer) {
        return LayerInfluence.of(Objects.requireNonNull(layer, "layer"));
    }

    /**
     * Influence through a whole Keras model, loaded or built in code ({@link Model#sequential}): every layer with its
     * own backward pass, graphs with branches and merges, several inputs and outputs, gradients with respect to the
     * embedded vectors after an Embedding.
     *
     * @throws LstmException for a weights-only model, or a layer without a backward pass (named)
     */
    public static ModelInfluence of(Model model) {
        return ModelInfluence.of(Objects.requireNonNull(model, "model"));
    }

    /**
     * The sequences to explain.
     *
     * @throws org.lstmlens.error.ShapeException if their features do not match the input, a value is NaN or infinite
     *     (named by sample, timestep and feature), or the model has several inputs
     */
    public I on(SequenceBatch x) {
        return with(query.on(Objects.requireNonNull(x, "x")));
    }

    /**
     * One sequence, {@code x[timestep][feature]}, read as {@link InputConvention} reads it everywhere.
     *
     * @throws org.lstmlens.error.ShapeException naming the array given and the (steps, features) expected when it
     *     is not a sequence of the explained input's features
     */
    public I on(double[][] sequence) {
        return on(SequenceBatch.of(inputs().sequences(sequence, "influence")));
    }

    /**
     * Several sequences, {@code x[sample][timestep][feature]}: results give the mean and the spread.
     *
     * @throws org.lstmlens.error.ShapeException as {@link #on(double[][])}
     */
    public I on(double[][][] sequences) {
        return on(SequenceBatch.of(inputs().sequences(sequences, "influence")));
    }

    /** How arrays are read: sequences of the explained input's features (the embedded vectors after an Embedding). */
    private InputConvention inputs() {
        if (query.graph().model().inputs().size() > 1) {
            return InputConvention.sequences(owner(), org.lstmlens.model.Shape.UNKNOWN); // Query.on then says to give one batch per input
        }
        return InputConvention.sequences(owner(), query.graph().features());
    }

    /** One sequence of a single feature. */
    public I onValues(double... values) {
        return on(SequenceBatch.ofValues(values));
    }

    /** A mask, {@code mask[sample][timestep]} (false = padding the layers skip). */
    public I mask(boolean[][] mask) {
        return with(query.mask(mask));
    }

    /** Features per timestep of the input explained (the embedding's width after an Embedding). */
    public int features() {
        return query.graph().features();
    }

    /**
     * What to explain: a unit, the sum, a weighting, at the last or a chosen step (and for the kinds that have them,
     * a gate or the cell state).
     *
     * @throws LstmException if this kind of influence cannot explain the target, saying what it can
     */
    public I target(Target target) {
        return with(query.target(checked(Objects.requireNonNull(target, "target"))));
    }

    /** Explains output unit {@code unit} (the per-unit drill-down; a class of a classifier). */
    public I unit(int unit) {
        return target(Target.unit(unit));
    }

    /** Explains the sum of the outputs. */
    public I sum() {
        return target(Target.sum());
    }

    /**
     * Reads lags as a forecast: the output at a step predicts the next one, so the last input before it is t-1 (the
     * seed question's weather model). By default the output's own step is t and its own input lag 0.
     */
    public I predictsNextStep() {
        return with(query.predictsNextStep());
    }

    /** Saliency: dL/dx. */
    public I gradient() {
        return with(query.method(Method.GRADIENT, query.igSteps(), query.window(), false));
    }

    /** x * dL/dx. */
    public I gradientTimesInput() {
        return with(query.method(Method.GRADIENT_X_INPUT, query.igSteps(), query.window(), false));
    }

    /**
     * Integrated gradients along the straight path from the baseline to x, with {@code steps} points.
     *
     * @throws LstmException if steps is not positive
     */
    public I integratedGradients(int steps) {
        if (steps < 1) {
            throw new LstmException("integratedGradients(" + steps + "): the number of steps must be at least 1"
                    + " (64 keeps the completeness gap near 1 % or below)");
        }
        return with(query.method(Method.INTEGRATED_GRADIENTS, steps, query.window(), false));
    }

    /**
     * Occlusion: each window of {@code window} consecutive timesteps replaced by the baseline.
     *
     * @throws LstmException if the window is not positive
     */
    public I occlusion(int window) {
        return with(query.method(Method.OCCLUSION, query.igSteps(), checkWindow(window), false));
    }

    /** Occlusion of one feature at a time, so that results also have a feature axis. */
    public I occlusionPerFeature(int window) {
        return with(query.method(Method.OCCLUSION, query.igSteps(), checkWindow(window), true));
    }

    /** A constant baseline (integrated gradients, occlusion). */
    public I baseline(double value) {
        return with(query.baseline(value));
    }

    /**
     * A baseline sequence: one for all samples, or one per sample.
     *
     * @throws org.lstmlens.error.ShapeException if a value is NaN or infinite (its shape is checked against the input
     *     when results are asked for)
     */
    public I baseline(SequenceBatch value) {
        return with(query.baseline(Objects.requireNonNull(value, "baseline")));
    }

    /** Sequences per forward pass for integrated gradients and occlusion (memory against speed). */
    public I batchSize(int sequences) {
        if (sequences < 1) {
            throw new LstmException("batchSize(" + sequences + "): needs at least 1 sequence per pass");
        }
        return with(query.batchSize(sequences));
    }

    /**
     * Float32, as PyTorch and JAX compute by default: for a target at the output the recurrent layers' forward passes
     * (the values f(x), f(baseline), occluded copies) run in float32 for every cell, and their gradients where the
     * core has a float32 backward (with sigmoid gates and tanh: Keras's LSTM, a GRU with reset_after=True as Keras 2/3
     * and PyTorch make it, a SimpleRNN with tanh: about twice as fast as double); other cells' gradients run in double,
     * and the result's {@link Attribution#methodDetail()} says which. Results differ from the double ones by float32's
     * noise (torch's own float32 attributions lie 1e-7 to 5e-7 of the largest one from its float64 ones). Gate and
     * cell-state targets stay in double.
     */
    public I float32() {
        return with(query.precision(Precision.FLOAT32));
    }

    /**
     * Computes the attributions.
     *
     * @throws LstmException if no input was given, or the target, window or baseline do not fit it
     */
    public Attribution attributions() {
        return query.attributions();
    }

    /** Shares by timestep, read as lags: {@code t-1: 41 %, t-2: 12 %, ...}. */
    public TimestepInfluence byTimestep() {
        return attributions().byTimestep();
    }

    /** Shares by feature. */
    public FeatureInfluence byFeature() {
        return attributions().byFeature();
    }

    /** Timestep x feature map. */
    public InfluenceHeatmap heatmap() {
        return attributions().heatmap();
    }

    /**
     * The per-unit drill-down: the attribution by lag of every unit on its own (one computation per unit): the
     * output's units, or the layer's for a gate or cell target.
     *
     * @throws LstmException if no input was given
     */
    public UnitInfluence perUnit() {
        Target t = query.target() != null ? query.target() : Target.sum();
        List<TimestepInfluence> list = new ArrayList<>();
        int n = query.unitCount();
        try (Progress progress = Progress.start("per-unit influence of \"" + query.name() + "\" (" + n + " units)", n)) {
            for (int k = 0; k < n; k++) {
                list.add(query.target(t.forUnit(k)).attributions().byTimestep());
                progress.step();
            }
        }
        return new UnitInfluence(list);
    }

    private static int checkWindow(int window) {
        if (window < 1) {
            throw new LstmException("occlusion(" + window + "): the window must cover at least 1 timestep");
        }
        return window;
    }

    @Override
    public MimeBundle toMimeBundle() {
        return attributions().toMimeBundle();
    }

    @Override
    public String toString() {
        return query.describe();
    }
}
