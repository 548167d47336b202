package org.lstmlens.data;

import java.util.List;
import java.util.Locale;
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

    /** e.g. {@code 1000 sequences (3 skipped: 2 NaN or infinite value, 1 ragged) in 4.2 s; partial: ...}. */
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
        b.append(String.format(Locale.ROOT, " in %.1f s", seconds()));
        if (partial) {
            b.append("; PARTIAL: ").append(stoppedBy);
        }
        return b.toString();
    }

    @Override
    public MimeBundle toMimeBundle() {
        return MimeBundle.text(headline());
    }

    @Override
    public String toString() {
        return "DatasetResult[" + summary.sequences() + " sequences" + (partial ? ", partial" : "") + "]";
    }
}
