package org.lstmlens.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads entries and cuts the usable sequences into batches in the dataset's order, applying the bad-input policy:
 * a problem (from the reader or from {@link SequenceExplainer#check}) is refused, or skipped and counted in the
 * summary. The length every sequence must have is the job's, else the first usable sequence's.
 */
final class Batcher {
    private final SequenceExplainer explainer;
    private final DatasetJob job;
    private final DatasetSummary summary;
    private int steps;

    Batcher(SequenceExplainer explainer, DatasetJob job, DatasetSummary summary) {
        this.explainer = explainer;
        this.job = job;
        this.summary = summary;
        this.steps = job.steps();
    }

    /** The next batch, or null at the end. */
    List<Sequence> next(DatasetReader reader) {
        List<Sequence> batch = new ArrayList<>(job.batchSize());
        while (batch.size() < job.batchSize()) {
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
            batch.add(s);
        }
        return batch.isEmpty() ? null : batch;
    }
}
