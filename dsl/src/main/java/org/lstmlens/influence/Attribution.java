package org.lstmlens.influence;

import java.util.Locale;
import org.lstmlens.error.LstmException;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.MimeBundle;

/**
 * Attributions of one target to every input value, {@code [sample][timestep][feature]} in input time order, with the
 * model's output f(x) per sample and, for integrated gradients and occlusion, f(baseline). Timesteps are also read as
 * lags: {@code lag = reference - timestep}, where the reference is the target's output step (its own input is
 * {@code t}, lag 0), or the step after it for a forecast. Immutable.
 */
public final class Attribution implements Displayable {
    private final String model;
    private final String where;       // e.g. output "dense" with respect to input "input_left"; "" for one of each
    private final Method method;
    private final String methodDetail;
    private final Target target;
    private final double[][][] values;
    private final int reference;
    private final boolean perFeature;
    private final double[] fx;
    private final double[] fBaseline; // null for gradient methods

    Attribution(String model, Method method, String methodDetail, Target target, double[][][] values, int reference,
            boolean perFeature, double[] fx, double[] fBaseline) {
        this(model, "", method, methodDetail, target, values, reference, perFeature, fx, fBaseline);
    }

    Attribution(String model, String where, Method method, String methodDetail, Target target, double[][][] values,
            int reference, boolean perFeature, double[] fx, double[] fBaseline) {
        this.model = model;
        this.where = where;
        this.method = method;
        this.methodDetail = methodDetail;
        this.target = target;
        this.values = values;
        this.reference = reference;
        this.perFeature = perFeature;
        this.fx = fx;
        this.fBaseline = fBaseline;
    }

    /** The name of the model explained. */
    public String model() {
        return model;
    }

    /**
     * Which output of a model with several was explained, and with respect to which of its inputs, e.g.
     * {@code output "dense" with respect to input "input_left"}; empty for a model with one of each.
     */
    public String where() {
        return where;
    }

    /** The method that computed the attributions. */
    public Method method() {
        return method;
    }

    /** e.g. {@code integrated gradients (64 steps, baseline 0)}. */
    public String methodDetail() {
        return methodDetail;
    }

    /** The scalar explained. */
    public Target target() {
        return target;
    }

    /** Sequences explained. */
    public int batch() {
        return values.length;
    }

    /** Timesteps per sequence. */
    public int steps() {
        return values[0].length;
    }

    /** Features per timestep; 1 for occlusion of whole timesteps. */
    public int features() {
        return values[0][0].length;
    }

    /** Whether the feature axis is real (false for occlusion of whole timesteps). */
    public boolean perFeature() {
        return perFeature;
    }

    /** The attribution of one input value (timestep in input order). */
    public double value(int sample, int timestep, int feature) {
        return values[sample][timestep][feature];
    }

    /** {@code [sample][timestep][feature]} (a copy). */
    public double[][][] toArray() {
        double[][][] r = new double[values.length][values[0].length][];
        for (int b = 0; b < values.length; b++) {
            for (int t = 0; t < values[b].length; t++) {
                r[b][t] = values[b][t].clone();
            }
        }
        return r;
    }

    /** The lag of an input timestep: {@code reference - timestep}. */
    public int lag(int timestep) {
        return reference - timestep;
    }

    /** The target's value f(x), per sample. */
    public double[] output() {
        return fx.clone();
    }

    /** f(baseline) per sample, for integrated gradients and occlusion. */
    public double[] baselineOutput() {
        requireBaseline("baselineOutput()");
        return fBaseline.clone();
    }

    /**
     * Per sample, {@code sum(attributions) - (f(x) - f(baseline))}: zero up to the path integral's discretisation for
     * integrated gradients.
     *
     * @throws LstmException for methods without a baseline
     */
    public double[] completenessGap() {
        requireBaseline("completenessGap()");
        double[] gap = new double[batch()];
        for (int b = 0; b < batch(); b++) {
            gap[b] = total(b) - (fx[b] - fBaseline[b]);
        }
        return gap;
    }

    /** The largest |gap| / |f(x) - f(baseline)| over the samples. */
    public double relativeCompletenessGap() {
        double[] gap = completenessGap();
        double worst = 0;
        for (int b = 0; b < batch(); b++) {
            double delta = Math.abs(fx[b] - fBaseline[b]);
            worst = Math.max(worst, delta == 0 ? Math.abs(gap[b]) : Math.abs(gap[b]) / delta);
        }
        return worst;
    }

    /** Sum of every attribution of one sample. */
    public double total(int sample) {
        double s = 0;
        for (double[] row : values[sample]) {
            for (double v : row) {
                s += v;
            }
        }
        return s;
    }

    /** Share and signed value per timestep, read as lags. */
    public TimestepInfluence byTimestep() {
        return new TimestepInfluence(this);
    }

    /**
     * Share and signed value per feature.
     *
     * @throws LstmException for occlusion of whole timesteps (no feature axis); use occlusionPerFeature
     */
    public FeatureInfluence byFeature() {
        requireFeatures("byFeature()");
        return new FeatureInfluence(this);
    }

    /**
     * Timestep x feature map of the mean attribution.
     *
     * @throws LstmException for occlusion of whole timesteps (no feature axis); use occlusionPerFeature
     */
    public InfluenceHeatmap heatmap() {
        requireFeatures("heatmap()");
        return new InfluenceHeatmap(this);
    }

    /** The same attribution for one sample. */
    public Attribution sample(int sample) {
        if (sample < 0 || sample >= batch()) {
            throw new org.lstmlens.error.ShapeException("sample " + sample + " is out of range; valid: 0.."
                    + (batch() - 1));
        }
        return new Attribution(model, where, method, methodDetail, target, new double[][][] {values[sample]}, reference,
                perFeature, new double[] {fx[sample]}, fBaseline == null ? null : new double[] {fBaseline[sample]});
    }

    double[][][] raw() {
        return values;
    }

    private void requireBaseline(String call) {
        if (fBaseline == null) {
            throw new LstmException(call + " needs a baseline: it is defined for integrated gradients and occlusion, "
                    + "not for " + method.label() + "; choose .integratedGradients(steps) or .occlusion(window)");
        }
    }

    private void requireFeatures(String call) {
        if (!perFeature) {
            throw new LstmException(call + ": occlusion of whole timesteps has no feature axis; use "
                    + ".occlusionPerFeature(window), or a gradient method");
        }
    }

    String summary() {
        StringBuilder b = new StringBuilder();
        b.append(methodDetail).append(" of ").append(target.describe()).append(" of \"").append(model).append("\"")
                .append(where.isEmpty() ? "" : " " + where).append(", ")
                .append(batch()).append(batch() == 1 ? " sequence" : " sequences").append(" of ").append(steps())
                .append(" steps");
        if (fBaseline != null && method == Method.INTEGRATED_GRADIENTS) {
            b.append(String.format(Locale.ROOT, "; completeness gap %.2g %%", 100 * relativeCompletenessGap()));
        }
        return b.toString();
    }

    @Override
    public MimeBundle toMimeBundle() {
        TimestepInfluence byT = byTimestep();
        String html = byT.html();
        return MimeBundle.builder(summary() + "\n" + byT.text()).html(html).svg(byT.svg()).build();
    }

    @Override
    public String toString() {
        return "Attribution[" + methodDetail + ", " + target.describe() + ", batch=" + batch() + ", steps=" + steps()
                + ", features=" + features() + "]";
    }
}
