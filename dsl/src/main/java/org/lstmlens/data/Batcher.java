package org.lstmlens.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads entries and groups the usable sequences into batches by index ({@link DatasetJob#batchOf}), applying the
 * bad-input policy: a problem (from the reader or from {@link SequenceExplainer#check}) is refused, or skipped and
 * counted in the summary, and leaves its batch one sequence short. Batches by index, not by count, are what every
 * runner can form alike (a Spark job groups by the same key), and a sequence's bits depend on its batch's members.
 * The length every sequence must have is the job's, else the first usable sequence's.
 */
final class Batcher {
    private final SequenceExplainer explainer;
    private final DatasetJob job;
    private final DatasetSummary summary;
    private int steps;
    private Sequence pending;   // the first sequence of the next batch, read already

    Batcher(SequenceExplainer explainer, DatasetJob job, DatasetSummary summary) {
        this.explainer = explainer;
        this.job = job;
        this.summary = summary;
        this.steps = job.steps();
    }

    /** The next batch, or null at the end. */
    List<Sequence> next(DatasetReader reader) {
        List<Sequence> batch = new ArrayList<>(job.batchSize());
        if (pending != null) {
            batch.add(pending);
            pending = null;
        }
        while (true) {
            Entry e = reader.next();
            if (e == null) {
                break;
            }
            Problem p = e instanceof Problem pr ? pr : explainer.check((Sequence) e, steps);
            if (p != null) {
                if (job.badInput() == BadInput.REFUSE) {
                    throw new BadInputException(p);
                }
                summary.skip(p);
                continue;
            }
            Sequence s = (Sequence) e;
            if (steps == 0) {
                steps = s.steps();
            }
            if (!batch.isEmpty() && job.batchOf(s.index()) != job.batchOf(batch.get(0).index())) {
                pending = s;
                break;
            }
            batch.add(s);
        }
        return batch.isEmpty() ? null : batch;
    }
}
