package org.lstmlens.spark;

import java.io.Serializable;
import org.lstmlens.data.DatasetSummary;
import org.lstmlens.data.Problem;
import org.lstmlens.data.SequenceResult;

/**
 * What one sequence gave on an executor: its result, or the problem it was skipped for (with the id of its row).
 *
 * @param result the per-sequence result, or null
 * @param problem why it was skipped, or null
 * @param id the row's id
 */
record Outcome(SequenceResult result, Problem problem, String id) implements Serializable {
    static Outcome of(SequenceResult r) {
        return new Outcome(r, null, r.id());
    }

    static Outcome skipped(Problem p, String id) {
        return new Outcome(null, p, id);
    }

    long index() {
        return result != null ? result.index() : problem.index();
    }

    /** Adds this to {@code summary}, as the one-machine run does: a result added, a problem counted. */
    DatasetSummary addTo(DatasetSummary summary) {
        return result != null ? summary.add(result) : summary.skip(problem);
    }
}
