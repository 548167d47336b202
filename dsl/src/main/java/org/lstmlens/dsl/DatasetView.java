package org.lstmlens.dsl;

import java.nio.file.Path;
import java.util.List;
import org.lstmlens.data.BadInput;
import org.lstmlens.data.ClassView;
import org.lstmlens.data.Dataset;
import org.lstmlens.data.DatasetJob;
import org.lstmlens.data.DatasetResult;
import org.lstmlens.data.DatasetRun;
import org.lstmlens.data.GapView;
import org.lstmlens.data.JobTarget;
import org.lstmlens.data.LagView;
import org.lstmlens.data.MatchesView;
import org.lstmlens.data.MemoryView;
import org.lstmlens.data.StepFeatureView;
import org.lstmlens.data.UnitPattern;
import org.lstmlens.data.UnitsView;
import org.lstmlens.model.Model;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.MimeBundle;

/**
 * A model over a whole dataset, on all cores: choose the method, the target and the statistics, then ask a question.
 * <pre>
 *   var test = m.dataset(lstm.npz("data/lag_test.npz", "x", "y")).integratedGradients(64);
 *   test.byLag()          // which lags matter across the test set
 *   test.byClass()        // per class;  test.gaps(): how complete the attributions are
 *   m.dataset(d).states().units()                        // per-unit activation distributions
 *   m.dataset(d).unitAbove(3, 5, 11, 0.5).matches()      // the sequences where unit 3 stays above 0.5 over t=5..11
 * </pre>
 * The run happens once, at the first question, and its result is kept: later questions read it. An interrupt stops
 * the run and keeps what the finished batches gave, labelled PARTIAL in every view ({@link #rerun()} starts again).
 * Each setting returns a new view with nothing computed yet.
 */
public final class DatasetView implements Displayable {
    private final Model model;
    private final Dataset dataset;
    private final DatasetJob job;
    private final int threads;
    private DatasetResult result;   // the kept run; null until the first question

    DatasetView(Model model, Dataset dataset, DatasetJob job, int threads) {
        this.model = model;
        this.dataset = dataset;
        this.job = job;
        this.threads = threads;
    }

    private DatasetView with(DatasetJob j) {
        return new DatasetView(model, dataset, j, threads);
    }

    /** The job as a serialisable value (what a Spark run takes). */
    public DatasetJob job() {
        return job;
    }

    /** Integrated gradients with {@code steps} points (the default, 64). */
    public DatasetView integratedGradients(int steps) {
        return with(job.integratedGradients(steps));
    }

    /** Saliency, dF/dx. */
    public DatasetView gradient() {
        return with(job.gradient());
    }

    /** x * dF/dx. */
    public DatasetView gradientTimesInput() {
        return with(job.gradientTimesInput());
    }

    /** Occlusion of windows of {@code timesteps} timesteps. */
    public DatasetView occlusion(int timesteps) {
        return with(job.occlusion(timesteps));
    }

    /** The constant baseline of integrated gradients and occlusion. */
    public DatasetView baseline(double value) {
        return with(job.baseline(value));
    }

    /** Explains each sequence's given label (its class). */
    public DatasetView labels() {
        return with(job.target(JobTarget.labels()));
    }

    /** Explains each sequence's predicted class. */
    public DatasetView predictedClass() {
        return with(job.target(JobTarget.predicted()));
    }

    /** Explains output unit {@code index} of every sequence. */
    public DatasetView unit(int index) {
        return with(job.target(JobTarget.output(index)));
    }

    /** Explains the sum of the outputs. */
    public DatasetView sum() {
        return with(job.target(JobTarget.sum()));
    }

    /** Explains gate {@code gate} of unit {@code unit} of recurrent layer {@code layer}. */
    public DatasetView gate(String layer, String gate, int unit) {
        return with(job.target(JobTarget.gate(layer, gate, unit)));
    }

    /** Reads lags as a forecast (the output at a step predicts the next). */
    public DatasetView predictsNextStep() {
        return with(job.predictsNextStep());
    }

    /** Gathers state statistics of the first recurrent layer (activations, gate memory). */
    public DatasetView states() {
        return with(job.states(true));
    }

    /** Gathers state statistics of recurrent layer {@code layer}. */
    public DatasetView states(String layer) {
        return with(job.statesOf(layer));
    }

    /** Ranks the sequences by {@code pattern} (keeping the best 20 unless {@link #keep}). */
    public DatasetView select(UnitPattern pattern) {
        return with(job.select(pattern));
    }

    /** The sequences where unit {@code unit} is above {@code threshold} over timesteps {@code from..to}. */
    public DatasetView unitAbove(int unit, int from, int to, double threshold) {
        return select(UnitPattern.above(unit, from, to, threshold));
    }

    /** The sequences where unit {@code unit} follows {@code pattern} (correlation) from timestep {@code from}. */
    public DatasetView unitLike(int unit, int from, double... pattern) {
        return select(UnitPattern.correlatedWith(unit, from, pattern));
    }

    /** How many best matches to keep. */
    public DatasetView keep(int matches) {
        return with(job.keepMatches(matches));
    }

    /** Leaves bad sequences out, counted by kind and listed, instead of stopping at the first. */
    public DatasetView skipBadInput() {
        return with(job.badInput(BadInput.SKIP));
    }

    /** Sequences per forward and backward pass (64 by default). */
    public DatasetView batchSize(int sequences) {
        return with(job.batchSize(sequences));
    }

    /**
     * Gradients in float32 ({@link org.lstmlens.influence.Influence#float32()}) for Keras's LSTM with sigmoid gates
     * and tanh, float32's noise in the attributions; other cells, gate targets and every value stay double.
     */
    public DatasetView float32() {
        return with(job.float32());
    }

    /** Worker threads (all processors by default). */
    public DatasetView threads(int n) {
        if (n < 1) {
            throw new org.lstmlens.error.LstmException("threads(" + n + "): needs at least 1 thread");
        }
        return new DatasetView(model, dataset, job, n);
    }

    /** Runs the job (once; later calls return the kept result, complete or partial). */
    public DatasetResult run() {
        if (result == null) {
            result = DatasetRun.of(job, model).threads(threads).run(dataset);
        }
        return result;
    }

    /** Forgets the kept result and runs again. */
    public DatasetResult rerun() {
        result = null;
        return run();
    }

    /** Which lags matter across the dataset. */
    public LagView byLag() {
        return run().byLag();
    }

    /** Mean |attribution| by lag and feature. */
    public StepFeatureView heatmap() {
        return run().heatmap();
    }

    /** Per class (labels where given, else predictions). */
    public ClassView byClass() {
        return run().byClass();
    }

    /** The completeness gap's distribution (integrated gradients). */
    public GapView gaps() {
        return run().gaps();
    }

    /** Per-unit activation distributions (asks for state statistics). */
    public UnitsView units() {
        return job.states() ? run().units() : states().units();
    }

    /** The keeping gate's memory across the dataset (asks for state statistics). */
    public MemoryView memory() {
        return job.states() ? run().memory() : states().memory();
    }

    /** The best matches of the selection. */
    public MatchesView matches() {
        return run().matches();
    }

    /** Writes the aggregates as CSV tables into folder {@code dir}; returns the files. */
    public List<Path> writeCsv(String dir) {
        return run().writeCsv(Path.of(dir));
    }

    /** The kept result once run; before, what would run (showing a view never starts a run by itself). */
    @Override
    public MimeBundle toMimeBundle() {
        if (result == null) {
            return MimeBundle.text(toString() + "\nask a question to run it: .byLag(), .byClass(), .gaps(), .units(), "
                    + ".memory(), .matches(), .heatmap(), or .run()");
        }
        return result.toMimeBundle();
    }

    @Override
    public String toString() {
        return "DatasetView[" + dataset.describe() + ", " + job.describe() + (result == null ? ", not run yet"
                : result.partial() ? ", PARTIAL" : ", done") + "]";
    }
}
