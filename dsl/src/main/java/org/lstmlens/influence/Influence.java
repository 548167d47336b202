package org.lstmlens.influence;

import java.util.Locale;
import java.util.Objects;
import org.lstmlens.core.Rnn;
import org.lstmlens.core.SequenceBatch;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.ShapeException;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.MimeBundle;
import org.lstmlens.render.Num;

/**
 * How much each past timestep (and feature) moved a prediction, chosen fluently:
 * <pre>
 *   Influence.of(layer, head).on(x).integratedGradients(64).target(Target.unit(0)).byTimestep()
 *   // t-1: 41 %, t-2: 12 %, ... t-5: 30 %
 * </pre>
 * Lags count back from the target's output step, whose own input is {@code t} (lag 0), the one before {@code t-1};
 * {@link #predictsNextStep()} shifts them by one for forecasts. Defaults: integrated gradients with 64 steps, a zero
 * baseline, the sum of the outputs at the last step. Each call
 * returns a new object; nothing is computed until a result is asked for. Immutable.
 */
public final class Influence implements Displayable {
    /** Sequence-steps held by one forward pass (with its trace) unless {@link #batchSize} says otherwise. */
    private static final int SEQUENCE_STEPS_PER_PASS = 4096;

    private final Differentiable model;
    private final SequenceBatch x;
    private final boolean[][] mask;
    private final Target target;
    private final Method method;
    private final int igSteps;
    private final int window;
    private final boolean perFeature;
    private final double baselineValue;
    private final SequenceBatch baseline; // null: every value baselineValue
    private final int batchSize;          // 0: automatic
    private final boolean nextStep;       // lags counted from the step after the output's (a forecast)

    private Influence(Differentiable model, SequenceBatch x, boolean[][] mask, Target target, Method method,
            int igSteps, int window, boolean perFeature, double baselineValue, SequenceBatch baseline, int batchSize,
            boolean nextStep) {
        this.model = model;
        this.x = x;
        this.mask = mask;
        this.target = target;
        this.method = method;
        this.igSteps = igSteps;
        this.window = window;
        this.perFeature = perFeature;
        this.baselineValue = baselineValue;
        this.baseline = baseline;
        this.batchSize = batchSize;
        this.nextStep = nextStep;
    }

    /** Influence on the outputs (h) of one LSTM layer. */
    public static Influence of(Rnn layer) {
        return of(Differentiable.of(layer));
    }

    /** Influence on the outputs of an LSTM layer followed by a Dense head. */
    public static Influence of(Rnn layer, DenseHead head) {
        return of(Differentiable.of(layer, head));
    }

    /**
     * Influence on the output of a whole loaded Keras model (one input, one output; see {@link Differentiable#of(
     * org.lstmlens.model.Model)}).
     *
     * @throws LstmException for a model with several inputs or outputs, or a layer without a backward pass (named)
     */
    public static Influence of(org.lstmlens.model.Model model) {
        return of(Differentiable.of(model));
    }

    /** Influence on any differentiable sequence model. */
    public static Influence of(Differentiable model) {
        return new Influence(Objects.requireNonNull(model, "model"), null, null, Target.sum(),
                Method.INTEGRATED_GRADIENTS, 64, 1, false, 0, null, 0, false);
    }

    /**
     * The sequences to explain.
     *
     * @throws ShapeException if their features do not match the model's input
     */
    public Influence on(SequenceBatch x) {
        Objects.requireNonNull(x, "x");
        if (x.features() != model.features()) {
            throw new ShapeException("input of \"" + model.name() + "\": expected " + model.features()
                    + " features per timestep, got " + x.features());
        }
        return new Influence(model, x, mask, target, method, igSteps, window, perFeature, baselineValue, baseline,
                batchSize, nextStep);
    }

    /** One sequence, {@code x[timestep][feature]}. */
    public Influence on(double[][] sequence) {
        return on(SequenceBatch.of(sequence));
    }

    /** Several sequences, {@code x[sample][timestep][feature]}: results give the mean and the spread. */
    public Influence on(double[][][] sequences) {
        return on(SequenceBatch.of(sequences));
    }

    /**
     * Token ids {@code ids[sample][timestep]} for a loaded model that starts with an Embedding: explained through the
     * embedded vectors (so a timestep's attribution sums over the embedding's dimensions), with mask_zero's mask.
     *
     * @throws LstmException if the model does not start with an Embedding, or an id is outside its vocabulary
     */
    public Influence onTokens(int[][] ids) {
        if (!(model instanceof LoadedModel)) {
            throw new LstmException("influence of \"" + model.name() + "\": token ids need a loaded model that starts "
                    + "with an Embedding; give numbers with .on(x)");
        }
        org.lstmlens.model.Tensor embedded = ((LoadedModel) model).embed(ids);
        return on(embedded.toArray3()).mask(embedded.mask());
    }

    /** One sequence of a single feature. */
    public Influence onValues(double... values) {
        return on(SequenceBatch.ofValues(values));
    }

    /** A mask, {@code mask[sample][timestep]} (false = padding the layer skips). */
    public Influence mask(boolean[][] mask) {
        return new Influence(model, x, mask, target, method, igSteps, window, perFeature, baselineValue, baseline,
                batchSize, nextStep);
    }

    /** What to explain: a unit, the sum, a weighting, at the last or a chosen step. */
    public Influence target(Target target) {
        Objects.requireNonNull(target, "target");
        if (target.isInternal() && model instanceof LstmModel) { // a gate the layer lacks is named here, not later
            Rnn top = ((LstmModel) model).top();
            target = target.resolvedIn(top.cell(), top.name());
        }
        return new Influence(model, x, mask, target, method, igSteps, window,
                perFeature, baselineValue, baseline, batchSize, nextStep);
    }

    /**
     * Reads lags as a forecast: the output at a step predicts the next one, so the last input before it is t-1 (the
     * seed question's weather model). By default the output's own step is t and its own input lag 0.
     */
    public Influence predictsNextStep() {
        return new Influence(model, x, mask, target, method, igSteps, window, perFeature, baselineValue, baseline,
                batchSize, true);
    }

    /** Explains output unit {@code unit} (the per-unit drill-down). */
    public Influence unit(int unit) {
        return target(Target.unit(unit));
    }

    /**
     * Explains the activation of one gate of one unit of the LSTM layer (the gate-level drill-down), e.g.
     * {@code gate("f", 2)}; at the last step unless {@code target(Target.gate("f", 2).atStep(s))}.
     *
     * @throws org.lstmlens.error.NameException for an unknown gate name
     */
    public Influence gate(String gate, int unit) {
        return target(Target.gate(gate, unit));
    }

    /** Explains the cell state c of one unit of the LSTM layer: what its memory holds. */
    public Influence cell(int unit) {
        return target(Target.cell(unit));
    }

    /** Explains the sum of the outputs. */
    public Influence sum() {
        return target(Target.sum());
    }

    /** Saliency: dL/dx. */
    public Influence gradient() {
        return with(Method.GRADIENT, igSteps, window, perFeature);
    }

    /** x * dL/dx. */
    public Influence gradientTimesInput() {
        return with(Method.GRADIENT_X_INPUT, igSteps, window, perFeature);
    }

    /**
     * Integrated gradients along the straight path from the baseline to x, with {@code steps} points.
     *
     * @throws LstmException if steps is not positive
     */
    public Influence integratedGradients(int steps) {
        if (steps < 1) {
            throw new LstmException("integratedGradients(" + steps + "): the number of steps must be at least 1"
                    + " (64 keeps the completeness gap near 1 % or below)");
        }
        return with(Method.INTEGRATED_GRADIENTS, steps, window, perFeature);
    }

    /**
     * Occlusion: each window of {@code window} consecutive timesteps replaced by the baseline.
     *
     * @throws LstmException if the window is not positive
     */
    public Influence occlusion(int window) {
        return with(Method.OCCLUSION, igSteps, checkWindow(window), false);
    }

    /** Occlusion of one feature at a time, so that results also have a feature axis. */
    public Influence occlusionPerFeature(int window) {
        return with(Method.OCCLUSION, igSteps, checkWindow(window), true);
    }

    /** A constant baseline (integrated gradients, occlusion). */
    public Influence baseline(double value) {
        return new Influence(model, x, mask, target, method, igSteps, window, perFeature, value, null, batchSize,
                nextStep);
    }

    /**
     * A baseline sequence: one for all samples, or one per sample.
     *
     * @throws ShapeException if its shape does not fit the input
     */
    public Influence baseline(SequenceBatch value) {
        return new Influence(model, x, mask, target, method, igSteps, window, perFeature, 0,
                Objects.requireNonNull(value, "baseline"), batchSize, nextStep);
    }

    /** Sequences per forward pass for integrated gradients and occlusion (memory against speed). */
    public Influence batchSize(int sequences) {
        if (sequences < 1) {
            throw new LstmException("batchSize(" + sequences + "): needs at least 1 sequence per pass");
        }
        return new Influence(model, x, mask, target, method, igSteps, window, perFeature, baselineValue, baseline,
                sequences, nextStep);
    }

    /**
     * Computes the attributions.
     *
     * @throws LstmException if no input was given, or the target, window or baseline do not fit it
     */
    public Attribution attributions() {
        if (x == null) {
            throw new LstmException("influence of \"" + model.name() + "\": no input yet; give one with .on(x)");
        }
        int steps = x.steps();
        checkMask(steps);
        int step = target.step(steps);
        if (step >= steps || (!target.isInternal() && !model.sequenceOutput() && step != steps - 1)) {
            throw new ShapeException("target step " + step + " of \"" + model.name() + "\" does not exist; valid: "
                    + (model.sequenceOutput() ? "0.." + (steps - 1) : (steps - 1) + " (only the last step has an output)"));
        }
        if (method == Method.OCCLUSION && window > steps) {
            throw new ShapeException("occlusion window " + window + " is longer than the input (" + steps + " steps)");
        }
        int reference = step + (nextStep ? 1 : 0);
        int chunk = batchSize > 0 ? batchSize : Math.max(1, SEQUENCE_STEPS_PER_PASS / steps);
        Attributor a = new Attributor(model, x, mask, target, chunk);
        switch (method) {
            case GRADIENT: return a.gradient("gradient", false, reference);
            case GRADIENT_X_INPUT: return a.gradient("gradient x input", true, reference);
            case INTEGRATED_GRADIENTS:
                return a.integratedGradients("integrated gradients (" + igSteps + " steps, " + baselineLabel() + ")",
                        baselineArray(), igSteps, reference);
            default:
                return a.occlusion("occlusion (window " + window + (perFeature ? ", per feature" : "") + ", "
                        + baselineLabel() + ")", baselineArray(), window, perFeature, reference);
        }
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
     * The per-unit drill-down: the attribution by lag of every output unit on its own (one computation per unit).
     *
     * @throws LstmException if no input was given
     */
    public UnitInfluence perUnit() {
        java.util.List<TimestepInfluence> list = new java.util.ArrayList<>();
        int count = target.isInternal() && model instanceof LstmModel ? ((LstmModel) model).top().units()
                : model.outputs();
        for (int k = 0; k < count; k++) {
            list.add(target(target.forUnit(k)).byTimestep());
        }
        return new UnitInfluence(list);
    }

    private Influence with(Method m, int steps, int w, boolean pf) {
        return new Influence(model, x, mask, target, m, steps, w, pf, baselineValue, baseline, batchSize, nextStep);
    }

    private void checkMask(int steps) {
        if (mask == null) {
            return;
        }
        if (mask.length != x.batch()) {
            throw new ShapeException("mask: expected one row per sequence (" + x.batch() + "), got " + mask.length);
        }
        for (int b = 0; b < mask.length; b++) {
            if (mask[b] == null || mask[b].length != steps) {
                throw new ShapeException("mask: row " + b + " has " + (mask[b] == null ? "no values (null)"
                        : mask[b].length + " values") + " but the input has " + steps + " timesteps");
            }
        }
    }

    private static int checkWindow(int window) {
        if (window < 1) {
            throw new LstmException("occlusion(" + window + "): the window must cover at least 1 timestep");
        }
        return window;
    }

    private String baselineLabel() {
        return baseline != null ? "baseline sequence" : "baseline " + Num.format(baselineValue);
    }

    private double[][][] baselineArray() {
        double[][][] b = new double[x.batch()][x.steps()][x.features()];
        if (baseline == null) {
            for (double[][] s : b) {
                for (double[] row : s) {
                    java.util.Arrays.fill(row, baselineValue);
                }
            }
            return b;
        }
        if (baseline.steps() != x.steps() || baseline.features() != x.features()
                || (baseline.batch() != 1 && baseline.batch() != x.batch())) {
            throw new ShapeException("baseline: expected " + x.steps() + " steps x " + x.features() + " features, for 1"
                    + " or " + x.batch() + " samples; got " + baseline.batch() + " x " + baseline.steps() + " x "
                    + baseline.features());
        }
        for (int s = 0; s < x.batch(); s++) {
            b[s] = baseline.sample(baseline.batch() == 1 ? 0 : s).toArray()[0];
        }
        return b;
    }

    @Override
    public MimeBundle toMimeBundle() {
        return attributions().toMimeBundle();
    }

    @Override
    public String toString() {
        String m = method == Method.INTEGRATED_GRADIENTS ? method.label() + " (" + igSteps + " steps)"
                : method == Method.OCCLUSION ? method.label() + " (window " + window + ")" : method.label();
        return String.format(Locale.ROOT, "Influence[%s, %s, %s, %s]", model.name(), m, target.describe(),
                x == null ? "no input yet" : x.batch() + " x " + x.steps() + " x " + x.features());
    }
}
