package org.lstmlens.data;

import java.util.List;
import org.lstmlens.error.LstmException;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.MimeBundle;

/**
 * What a {@link DatasetRun} gave: the {@link DatasetSummary}, whether the run was stopped early (then the summary
 * holds the batches finished before the interrupt, and every view says "partial"), the per-sequence results when
 * kept, and the views over them. Immutable.
 */
public final class DatasetResult implements Displayable {
    private final DatasetJob job;
    private final String dataset;
    private final DatasetSummary summary;
    private final List<SequenceResult> results;  // null unless kept
    private final boolean partial;
    private final String stoppedBy;
    private final long nanos;

    DatasetResult(DatasetJob job, String dataset, DatasetSummary summary, List<SequenceResult> results,
            boolean partial, String stoppedBy, long nanos) {
        this.job = job;
        this.dataset = dataset;
        this.summary = summary;
        this.results = results == null ? null : List.copyOf(results);
        this.partial = partial;
        this.stoppedBy = stoppedBy;
        this.nanos = nanos;
    }

    /** The job that ran. */
    public DatasetJob job() {
        return job;
    }

    /** The dataset, as it describes itself. */
    public String dataset() {
        return dataset;
    }

    /** The aggregates. */
    public DatasetSummary summary() {
        return summary;
    }

    /** Whether an interrupt stopped the run before the dataset's end (the summary then covers a prefix of it). */
    public boolean partial() {
        return partial;
    }

    /** Wall time of the run, in seconds. */
    public double seconds() {
        return nanos / 1e9;
    }

    /**
     * The per-sequence results, in the dataset's order.
     *
     * @throws LstmException when the run did not keep them ({@link DatasetRun#keepResults})
     */
    public List<SequenceResult> results() {
        if (results == null) {
            throw new LstmException("per-sequence results were not kept; run with .keepResults(true), or write them "
                    + "as they come with .forEachResult(...)");
        }
        return results;
    }

    /** {@code what}, prefixed with {@code PARTIAL (interrupted after ...)} when the run was stopped early. */
    String title(String what) {
        return partial ? "PARTIAL (" + stoppedBy + "; " + summary.sequences() + " sequences): " + what : what;
    }

    /** Which lags matter: the share of sequences whose top lag is each lag, and the share of |attribution| by lag. */
    public LagView byLag() {
        return new LagView(this);
    }

    /** Mean |attribution| by lag and feature (a heatmap), and by feature. */
    public StepFeatureView heatmap() {
        summary.meanAbs();   // says so when nothing was explained
        return new StepFeatureView(this, false);
    }

    /** Attributions per class: counts, top lags, mean |attribution| by class and lag. */
    public ClassView byClass() {
        summary.meanAbs();
        return new ClassView(this);
    }

    /**
     * The distribution of the completeness gap.
     *
     * @throws LstmException for a method without one (gradient, gradient x input)
     */
    public GapView gaps() {
        if (summary.gapCount() == 0) {
            throw new LstmException("no completeness gap: " + job.method().label() + " has no baseline; the gap "
                    + "belongs to integrated gradients (and occlusion)");
        }
        return new GapView(this);
    }

    /**
     * Per-unit activation distributions of the probed layer.
     *
     * @throws LstmException when the job gathered no state statistics
     */
    public UnitsView units() {
        summary.units();
        return new UnitsView(this);
    }

    /**
     * The keeping gate's memory across the dataset.
     *
     * @throws LstmException without state statistics, or for a cell without a keeping gate (SimpleRNN)
     */
    public MemoryView memory() {
        summary.memoryHorizon();
        return new MemoryView(this);
    }

    /**
     * The best matches of the job's unit selection.
     *
     * @throws LstmException when the job selected nothing
     */
    public MatchesView matches() {
        if (job.select() == null) {
            throw new LstmException("no selection: choose one with .select(UnitPattern.above(unit, from, to, "
                    + "threshold)) (or correlatedWith, closeTo)");
        }
        return new MatchesView(this);
    }

    /**
     * Writes the aggregates as CSV tables into folder {@code dir} (made if missing): summary, problems, by_lag,
     * by_step_feature, by_class, and where the run has them gaps, units, memory, matches. Numbers read back to the
     * same doubles.
     *
     * @return the files written
     * @throws LstmException if the folder cannot be written
     */
    public List<java.nio.file.Path> writeCsv(java.nio.file.Path dir) {
        return CsvTables.write(this, java.util.Objects.requireNonNull(dir, "dir"));
    }

    /**
     * e.g. {@code ... over x.npz["x"]: 1000 sequences (3 skipped: 1 ragged, 2 NaN or infinite value)}, then
     * {@code ; PARTIAL: ...} when interrupted (no timing: a notebook's output stays the same from run to run).
     */
    public String headline() {
        StringBuilder b = new StringBuilder();
        b.append(job.describe()).append(" over ").append(dataset).append(": ").append(summary.sequences())
                .append(" sequences");
        if (summary.skipped() > 0) {
            b.append(" (").append(summary.skipped()).append(" skipped:");
            String sep = " ";
            for (Problem.Kind k : Problem.Kind.values()) {
                if (summary.skipped(k) > 0) {
                    b.append(sep).append(summary.skipped(k)).append(' ').append(k.label());
                    sep = ", ";
                }
            }
            b.append(")");
        }
        if (partial) {
            b.append("; PARTIAL: ").append(stoppedBy);
        }
        return b.toString();
    }

    @Override
    public MimeBundle toMimeBundle() {
        if (summary.sequences() == 0) {
            return MimeBundle.text(headline());
        }
        LagView lags = byLag();
        return MimeBundle.builder(headline() + "\n" + lags.text()).html(org.lstmlens.render.Html.view(headline(),
                org.lstmlens.render.Html.pre(lags.text()) + lags.svg())).svg(lags.svg()).build();
    }

    @Override
    public String toString() {
        return "DatasetResult[" + summary.sequences() + " sequences" + (partial ? ", partial" : "") + "]";
    }
}
