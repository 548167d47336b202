package org.lstmlens.influence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.lstmlens.core.Precision;
import org.lstmlens.core.SequenceBatch;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.ShapeException;
import org.lstmlens.model.Tensor;
import org.lstmlens.progress.Progress;
import org.lstmlens.render.Num;

/**
 * Everything an influence question has chosen (the graph with its explained input and output, the inputs, mask,
 * target, method, baseline) and the one place it is answered: checks, default target, then the {@link Attributor}.
 * {@link LayerInfluence} and {@link ModelInfluence} are typed doors to it. Immutable: every setter returns a copy.
 */
final class Query {
    /** Sequence-steps held by one forward pass (with its trace) unless {@link #batchSize} says otherwise. */
    private static final int SEQUENCE_STEPS_PER_PASS = 4096;

    // Set only on fresh copies (see copy()), so that every instance a caller holds stays unchanged.
    private ModelGraph graph;
    private String layer;              // the layer a gate or cell target without a layer name means, or null
    private List<double[][][]> values; // one per model input, null until given
    private boolean[][] mask;
    private Target target;             // null: the default (see defaultTarget)
    private Method method = Method.INTEGRATED_GRADIENTS;
    private int igSteps = 64;
    private int window = 1;
    private boolean perFeature;
    private double baselineValue;
    private SequenceBatch baseline;    // null: every value baselineValue
    private int batchSize;             // 0: automatic
    private boolean nextStep;          // lags counted from the step after the output's (a forecast)
    private Precision precision = Precision.DOUBLE; // of the gradients from the output

    private Query() {
    }

    /** A question about {@code graph}; {@code layer} is what a gate or cell target means without a layer name. */
    static Query of(ModelGraph graph, String layer) {
        Query q = new Query();
        q.graph = graph;
        q.layer = layer;
        q.values = new ArrayList<>(Collections.nCopies(graph.model().inputs().size(), null));
        return q;
    }

    private Query copy() {
        Query c = new Query();
        c.graph = graph;
        c.layer = layer;
        c.values = values;
        c.mask = mask;
        c.target = target;
        c.method = method;
        c.igSteps = igSteps;
        c.window = window;
        c.perFeature = perFeature;
        c.baselineValue = baselineValue;
        c.baseline = baseline;
        c.batchSize = batchSize;
        c.nextStep = nextStep;
        c.precision = precision;
        return c;
    }

    ModelGraph graph() {
        return graph;
    }

    String name() {
        return graph.name();
    }

    Target target() {
        return target;
    }

    /**
     * The sequences to explain, for a model with one input.
     *
     * @throws ShapeException if the model has several inputs, the features do not fit, or a value is not finite
     */
    Query on(SequenceBatch x) {
        if (values.size() != 1) {
            throw new ShapeException("model \"" + name() + "\" has " + values.size() + " inputs " + quoted(
                    graph.inputNames()) + "; give one batch per input, influence(List.of(" + String.join(", ",
                    graph.inputNames()) + ")), then choose the one explained with .input(name)");
        }
        double[][][] v = x.toArray();
        checkFeatures(v, graph.features());
        InputChecks.finite(v, "input of \"" + name() + "\"");
        Query c = copy();
        c.values = List.<double[][][]>of(v);
        return c;
    }

    /**
     * One batch per model input, in the model's order.
     *
     * @throws ShapeException if the count, the batch sizes or the explained input's features do not fit, or a value
     *     is not finite
     */
    Query onAll(List<double[][][]> inputs) {
        if (inputs == null || inputs.size() != values.size()) {
            throw new ShapeException("model \"" + name() + "\" has " + values.size() + " input" + (values.size() == 1
                    ? "" : "s") + " " + quoted(graph.inputNames()) + "; got " + (inputs == null ? "null" : inputs.size()
                    + " batches"));
        }
        List<double[][][]> v = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            String what = "input \"" + graph.inputNames().get(i) + "\" of \"" + name() + "\"";
            double[][][] a = SequenceBatch.of(inputs.get(i)).toArray();
            if (a.length != inputs.get(0).length) {
                throw new ShapeException(what + ": " + a.length + " samples, but the first input has "
                        + inputs.get(0).length);
            }
            InputChecks.finite(a, what);
            v.add(a);
        }
        checkFeatures(v.get(graph.input()), graph.features());
        Query c = copy();
        c.values = List.copyOf(v);
        return c;
    }

    /** Explains input {@code i}; the other inputs are held at their values. */
    Query input(int i) {
        Query c = copy();
        c.graph = graph.withInput(i);
        return c;
    }

    /** Explains output {@code o}. */
    Query output(int o) {
        Query c = copy();
        c.graph = graph.withOutput(o);
        return c;
    }

    Query mask(boolean[][] m) {
        Query c = copy();
        c.mask = m;
        return c;
    }

    Query target(Target t) {
        Query c = copy();
        c.target = t;
        return c;
    }

    Query method(Method m, int steps, int w, boolean pf) {
        Query c = copy();
        c.method = m;
        c.igSteps = steps;
        c.window = w;
        c.perFeature = pf;
        return c;
    }

    Method method() {
        return method;
    }

    int igSteps() {
        return igSteps;
    }

    int window() {
        return window;
    }

    Query baseline(double value) {
        Query c = copy();
        c.baselineValue = value;
        c.baseline = null;
        return c;
    }

    Query baseline(SequenceBatch value) {
        InputChecks.finite(value.toArray(), "baseline of \"" + name() + "\"");
        Query c = copy();
        c.baselineValue = 0;
        c.baseline = value;
        return c;
    }

    Query batchSize(int sequences) {
        Query c = copy();
        c.batchSize = sequences;
        return c;
    }

    /** Gradients from the output in {@code p}; gate and cell-state targets, and values alone, stay double. */
    Query precision(Precision p) {
        Query c = copy();
        c.precision = p;
        return c;
    }

    Query predictsNextStep() {
        Query c = copy();
        c.nextStep = true;
        return c;
    }

    /** The values of the explained input, or null before any were given. */
    double[][][] explained() {
        return values.get(graph.input());
    }

    /**
     * Computes the attributions.
     *
     * @throws LstmException if no input was given, or the target, window or baseline do not fit it
     */
    Attribution attributions() {
        double[][][] x = explained();
        if (x == null) {
            throw new LstmException("influence of \"" + name() + "\": no input yet; give one with .on(x)");
        }
        checkFeatures(x, graph.features());
        int steps = x[0].length;
        // one progress for the whole call (its probe, default target and passes): one bar, and an interrupt names it
        long rows = method == Method.INTEGRATED_GRADIENTS ? (long) x.length * igSteps : method == Method.OCCLUSION
                ? (long) x.length * Math.max(0, steps - window + 1) * (perFeature ? x[0][0].length : 1) : x.length;
        try (Progress progress = Progress.start(method.label() + " of \"" + name() + "\" (" + rows + " sequences of "
                + steps + " steps)", rows)) {
            return attributions(x, steps, progress);
        }
    }

    private Attribution attributions(double[][][] x, int steps, Progress progress) {
        InputChecks.mask(mask, x, steps);
        Inputs inputs = inputs();
        Target t = target;
        GraphSite site = null;
        int width;
        if (t != null && t.isInternal()) {
            site = graph.site(t.layer() != null ? t.layer() : layer);
            t = t.resolvedIn(site.layer().cell(), site.layer().name());
            width = site.layer().units();
            if (t.step(steps) >= steps) {
                throw stepError(t.step(steps), steps, true);
            }
        } else {
            Tensor probe = graph.forward(inputs.explained(new double[][][] {x[0]}, new int[1]), inputs.others(
                    new int[1]));
            boolean sequence = outputKind(probe, steps);
            width = probe.lastDim();
            t = t != null ? t : DefaultTarget.of(graph, width);
            int step = t.step(steps);
            if (step >= steps || (!sequence && step != steps - 1)) {
                throw stepError(step, steps, sequence);
            }
            DefaultTarget.refuseConstant(graph, t, width);
            if (t.isPredicted()) {
                t = t.withClasses(DefaultTarget.predictedClasses(graph, x, inputs, step));
            }
        }
        if (t.givenClasses() != null && t.givenClasses().length != x.length) {
            throw new ShapeException("target classes: " + t.givenClasses().length + " given for " + x.length
                    + " samples; give one class per sample");
        }
        if (method == Method.OCCLUSION && window > steps) {
            throw new ShapeException("occlusion window " + window + " is longer than the input (" + steps + " steps)");
        }
        int step = t.step(steps);
        double[][] w = new double[x.length][];
        String owner = site != null ? site.layer().name() : name();
        for (int b = 0; b < x.length; b++) {
            w[b] = t.isPerSample() ? t.weightsFor(width, owner, b) : t.weightsFor(width, owner);
        }
        int reference = step + (nextStep ? 1 : 0);
        int chunk = batchSize > 0 ? batchSize : Math.max(1, SEQUENCE_STEPS_PER_PASS / steps);
        Precision p = site == null ? precision : Precision.DOUBLE;
        Attributor a = new Attributor(new Objective(graph, t, site, step, w, inputs, p), where(), x, chunk, progress);
        String f32 = p != Precision.FLOAT32 ? null : method == Method.OCCLUSION ? "float32" : float32Gradients();
        switch (method) {
            case GRADIENT: return a.gradient(detail("gradient", f32), false, reference);
            case GRADIENT_X_INPUT: return a.gradient(detail("gradient x input", f32), true, reference);
            case INTEGRATED_GRADIENTS:
                return a.integratedGradients(detail("integrated gradients", igSteps + " steps", baselineLabel(), f32),
                        baselineArray(x), igSteps, reference);
            default:
                return a.occlusion(detail("occlusion", "window " + window + (perFeature ? ", per feature" : ""),
                        baselineLabel(), f32), baselineArray(x), window, perFeature, reference);
        }
    }

    /** {@code label (part, part)} of the parts that are not null, or the label alone. */
    private static String detail(String label, String... parts) {
        List<String> kept = new ArrayList<>();
        for (String part : parts) {
            if (part != null) {
                kept.add(part);
            }
        }
        return kept.isEmpty() ? label : label + " (" + String.join(", ", kept) + ")";
    }

    /** Whether the passes run in float32: asked, and a target at the output. */
    private boolean float32() {
        return precision == Precision.FLOAT32 && (target == null || !target.isInternal());
    }

    /** "float32", or what ran in double: the gradients of layers whose cell has no float32 backward. */
    private String float32Gradients() {
        List<String> doubles = graph.doubleGradientLayers();
        return doubles.isEmpty() ? "float32" : "float32; gradients of " + String.join(", ", doubles)
                + " in double: no float32 backward for that cell";
    }

    /**
     * The units a per-unit drill-down goes through: the layer's for a gate or cell target, else the output's.
     *
     * @throws LstmException if no input was given
     */
    int unitCount() {
        double[][][] x = explained();
        if (x == null) {
            throw new LstmException("influence of \"" + name() + "\": no input yet; give one with .on(x)");
        }
        if (target != null && target.isInternal()) {
            return graph.site(target.layer() != null ? target.layer() : layer).layer().units();
        }
        Inputs inputs = inputs();
        return graph.forward(inputs.explained(new double[][][] {x[0]}, new int[1]), inputs.others(new int[1]))
                .lastDim();
    }

    /** Whether the output has one vector per input step (else one per sample). */
    private boolean outputKind(Tensor probe, int steps) {
        if (probe.rank() == 2) {
            return false;
        }
        if (probe.rank() == 3 && probe.dim(1) == steps) {
            return true;
        }
        throw new LstmException("model \"" + name() + "\": its output has shape " + Arrays.toString(probe.shape())
                + " for " + steps + " input steps; influence needs one vector per sample or one per input step");
    }

    private ShapeException stepError(int step, int steps, boolean sequence) {
        return new ShapeException("target step " + step + " of \"" + name() + "\" does not exist; valid: "
                + (sequence ? "0.." + (steps - 1) : (steps - 1) + " (only the last step has an output)"));
    }

    private Inputs inputs() {
        List<double[][][]> others = new ArrayList<>(values);
        others.set(graph.input(), null);
        return new Inputs(mask, others);
    }

    /** For a model with several inputs or outputs: which were explained. */
    private String where() {
        List<String> parts = new ArrayList<>();
        if (graph.model().outputs().size() > 1) {
            parts.add("output \"" + graph.outputNames().get(graph.output()) + "\"");
        }
        if (values.size() > 1) {
            parts.add("with respect to input \"" + graph.inputNames().get(graph.input()) + "\"");
        }
        return String.join(" ", parts);
    }

    private void checkFeatures(double[][][] x, int features) {
        if (x[0][0].length != features) {
            throw new ShapeException("input of \"" + name() + "\": expected " + features
                    + " features per timestep, got " + x[0][0].length);
        }
    }

    private String baselineLabel() {
        return baseline != null ? "baseline sequence" : "baseline " + Num.format(baselineValue);
    }

    private double[][][] baselineArray(double[][][] x) {
        int steps = x[0].length;
        int features = x[0][0].length;
        double[][][] b = new double[x.length][steps][features];
        if (baseline == null) {
            for (double[][] s : b) {
                for (double[] row : s) {
                    Arrays.fill(row, baselineValue);
                }
            }
            return b;
        }
        if (baseline.steps() != steps || baseline.features() != features
                || (baseline.batch() != 1 && baseline.batch() != x.length)) {
            throw new ShapeException("baseline: expected " + steps + " steps x " + features + " features, for 1"
                    + " or " + x.length + " samples; got " + baseline.batch() + " x " + baseline.steps() + " x "
                    + baseline.features());
        }
        for (int s = 0; s < x.length; s++) {
            b[s] = baseline.sample(baseline.batch() == 1 ? 0 : s).toArray()[0];
        }
        return b;
    }

    private static String quoted(List<String> names) {
        return names.stream().map(n -> "\"" + n + "\"").collect(java.util.stream.Collectors.joining(", ", "(", ")"));
    }

    /** e.g. {@code Influence[delay_line, gradient, unit 2 at the last step, 2 x 4 x 1]}. */
    String describe() {
        String f32 = float32() ? "float32" : null;
        String m = method == Method.INTEGRATED_GRADIENTS ? detail(method.label(), igSteps + " steps", f32)
                : method == Method.OCCLUSION ? detail(method.label(), "window " + window, f32)
                : detail(method.label(), f32);
        double[][][] x = explained();
        return String.format(Locale.ROOT, "Influence[%s, %s, %s, %s]", name(), m, target != null ? target.describe()
                : DefaultTarget.describe(graph), x == null ? "no input yet" : x.length + " x " + x[0].length + " x "
                + x[0][0].length);
    }
}
