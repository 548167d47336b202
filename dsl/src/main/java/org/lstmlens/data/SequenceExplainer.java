package org.lstmlens.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.lstmlens.core.Precision;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.ShapeException;
import org.lstmlens.influence.Attribution;
import org.lstmlens.influence.Method;
import org.lstmlens.influence.ModelInfluence;
import org.lstmlens.influence.Target;
import org.lstmlens.io.ModelLoader;
import org.lstmlens.model.Model;
import org.lstmlens.model.Tensor;

/**
 * The per-batch function of a {@link DatasetJob}: sequences in, one {@link SequenceResult} per sequence out, all of a
 * batch through one forward and backward pass per integrated-gradients chunk (the fused pass). Made once per worker
 * (or per Spark partition) with the model loaded once; {@link #explain} may then be called from one thread at a time
 * per instance (instances are cheap to share read-only: the model is immutable).
 * <pre>
 *   SequenceExplainer e = SequenceExplainer.of(job);          // loads job.model()
 *   Problem p = e.check(sequence, steps);                    // null when the sequence is usable
 *   List&lt;SequenceResult&gt; r = e.explain(List.of(s1, s2, ...));
 * </pre>
 */
public final class SequenceExplainer {
    private final DatasetJob job;
    private final Model model;
    private final ModelInfluence influence;
    private final int features;
    private final int outputs;
    private final StateProbe states;  // null when the job asks for no states and no selection

    private SequenceExplainer(DatasetJob job, Model model) {
        this.job = job;
        this.model = model;
        if (model.inputs().size() != 1 || model.outputs().size() != 1) {
            throw new LstmException("model \"" + model.name() + "\" has " + model.inputs().size() + " inputs and "
                    + model.outputs().size() + " outputs; a dataset run feeds models with one input and one output");
        }
        ModelInfluence base = ModelInfluence.of(model);
        this.features = base.features();
        this.influence = configured(base, job);
        this.outputs = outputWidth(model, features);
        this.states = job.states() || job.select() != null ? StateProbe.of(model, job.stateLayer(), job.select())
                : null;
        if (job.target().kind() == JobTarget.Kind.OUTPUT && job.target().unit() >= outputs) {
            throw new ShapeException("target output " + job.target().unit() + " of \"" + model.name()
                    + "\" does not exist; valid: 0.." + (outputs - 1));
        }
    }

    /**
     * Loads the job's model file (with its architecture file when given).
     *
     * @throws LstmException if the job names no model file, or the file cannot be read (named)
     */
    public static SequenceExplainer of(DatasetJob job) {
        Objects.requireNonNull(job, "job");
        if (job.model() == null) {
            throw new LstmException("dataset job: no model file; give one with DatasetJob.of(path), or hand the loaded"
                    + " model over with SequenceExplainer.of(job, model)");
        }
        Model m = job.architecture() == null ? ModelLoader.load(Path.of(job.model()))
                : ModelLoader.load(Path.of(job.model()), Path.of(job.architecture()));
        return new SequenceExplainer(job, m);
    }

    /**
     * Explains with a model already loaded (the job's model file, if any, is not read).
     *
     * @throws LstmException for a model with several inputs or outputs, or a target or state layer it lacks
     */
    public static SequenceExplainer of(DatasetJob job, Model model) {
        return new SequenceExplainer(Objects.requireNonNull(job, "job"), Objects.requireNonNull(model, "model"));
    }

    /** The job. */
    public DatasetJob job() {
        return job;
    }

    /** The model explained. */
    public Model model() {
        return model;
    }

    /** Features per timestep the model's input takes. */
    public int features() {
        return features;
    }

    /** Units of the model's output (classes of a classifier). */
    public int outputs() {
        return outputs;
    }

    /**
     * What is wrong with {@code s} for this job, or null when it can be explained: a length other than {@code steps}
     * (when {@code steps > 0}) or rows of different widths, a wrong feature count, a NaN or infinite value, or a
     * missing or impossible label for a label target.
     */
    public Problem check(Sequence s, int steps) {
        return SequenceChecks.problem(s, steps, features, job.target().kind() == JobTarget.Kind.LABEL ? outputs : 0);
    }

    /**
     * One result per sequence, in the order given. The sequences must all have the same length and pass
     * {@link #check}; results do not depend on which other sequences share the batch.
     *
     * @throws ShapeException if the batch is empty or its sequences differ in length
     * @throws BadInputException for a sequence that does not pass {@link #check}
     */
    public List<SequenceResult> explain(List<Sequence> batch) {
        if (batch == null || batch.isEmpty()) {
            throw new ShapeException("explain: expected at least one sequence, got none");
        }
        int steps = batch.get(0).steps();
        double[][][] x = new double[batch.size()][][];
        int[] labels = new int[batch.size()];
        for (int b = 0; b < x.length; b++) {
            Sequence s = batch.get(b);
            Problem p = check(s, steps);
            if (p != null) {
                throw new BadInputException(p);
            }
            x[b] = s.values();
            labels[b] = s.label();
        }
        double[][] y = outputsAt(model.predict(Tensor.of(x), job.passPrecision()));
        Attribution a = withTarget(influence.on(x), labels).attributions();
        StateProbe.Found found = states != null ? states.probe(model, x) : null;
        boolean baseline = job.method() == Method.INTEGRATED_GRADIENTS || job.method() == Method.OCCLUSION;
        double[] gaps = baseline ? a.completenessGap() : null;
        double[] fb = baseline ? a.baselineOutput() : null;
        double[] fx = a.output();
        double[][][] values = a.toArray();
        List<SequenceResult> out = new ArrayList<>(x.length);
        for (int b = 0; b < x.length; b++) {
            Sequence s = batch.get(b);
            int predicted = argmax(y[b]);
            out.add(new SequenceResult(s.index(), s.id(), s.label(), y[b], predicted, targetClass(s, predicted),
                    fx[b], values[b], a.lag(0), baseline ? gaps[b] : Double.NaN, baseline ? fb[b] : Double.NaN,
                    topLag(values[b], a.lag(0)), found == null ? null : found.summary(b),
                    found == null ? Double.NaN : found.match(b)));
        }
        return out;
    }

    private ModelInfluence withTarget(ModelInfluence inf, int[] labels) {
        JobTarget t = job.target();
        switch (t.kind()) {
            case DEFAULT: return inf;
            case LABEL: return inf.target(Target.classes(labels));
            case PREDICTED: return inf.predictedClass();
            case OUTPUT: return inf.unit(t.unit());
            case SUM: return inf.sum();
            case GATE: return inf.layer(layerName(t.layer())).gate(t.gate(), t.unit());
            default: return inf.layer(layerName(t.layer())).cell(t.unit());
        }
    }

    private String layerName(String name) {
        return name != null ? name : StateProbe.firstRecurrent(model).name();
    }

    private int targetClass(Sequence s, int predicted) {
        switch (job.target().kind()) {
            case LABEL: return s.label();
            case PREDICTED: return predicted;
            case OUTPUT: return job.target().unit();
            default: return -1;
        }
    }

    private static ModelInfluence configured(ModelInfluence base, DatasetJob job) {
        ModelInfluence inf = base.batchSize(job.batchSize());
        switch (job.method()) {
            case GRADIENT: inf = inf.gradient(); break;
            case GRADIENT_X_INPUT: inf = inf.gradientTimesInput(); break;
            case INTEGRATED_GRADIENTS: inf = inf.integratedGradients(job.igSteps()); break;
            default: inf = inf.occlusion(job.window()); break;
        }
        inf = inf.baseline(job.baseline());
        inf = job.precision() == Precision.FLOAT32 ? inf.float32() : inf;
        return job.nextStep() ? inf.predictsNextStep() : inf;
    }

    /** The output width, from one forward pass of a single zero step. */
    private static int outputWidth(Model model, int features) {
        return model.predict(Tensor.of(new double[1][1][features])).lastDim();
    }

    /** The output at the last step, {@code [sample][unit]}. */
    private static double[][] outputsAt(Tensor y) {
        if (y.rank() == 2) {
            return y.toArray2();
        }
        double[][][] all = y.toArray3();
        double[][] last = new double[all.length][];
        for (int b = 0; b < all.length; b++) {
            last[b] = all[b][all[b].length - 1];
        }
        return last;
    }

    static int argmax(double[] v) {
        int k = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[k]) {
                k = i;
            }
        }
        return k;
    }

    /** The lag of the timestep with the largest summed |attribution|; the smallest lag on ties. */
    static int topLag(double[][] attribution, int reference) {
        int best = -1;
        double most = -1;
        for (int t = attribution.length - 1; t >= 0; t--) {
            double s = 0;
            for (double v : attribution[t]) {
                s += Math.abs(v);
            }
            if (s > most) {
                most = s;
                best = t;
            }
        }
        return reference - best;
    }

    @Override
    public String toString() {
        return "SequenceExplainer[" + model.name() + ", " + job.describe() + "]";
    }
}
