package org.lstmlens.spark;

import org.apache.spark.sql.Row;
import org.lstmlens.data.Entry;
import org.lstmlens.data.Problem;
import org.lstmlens.data.Sequence;
import org.lstmlens.data.SequenceExplainer;

/**
 * The rows of one partition checked as the one-machine run checks a dataset's entries: a reader's problem stays a
 * problem, a sequence is checked by {@link SequenceExplainer#check} against the length the {@link LengthRule} gives
 * at its index.
 */
final class RowChecks {
    final SequenceExplainer explainer;
    private final RowEntries entries;
    private final LengthRule rule;

    RowChecks(SequenceExplainer explainer, boolean flat, LengthRule rule) {
        this.explainer = explainer;
        this.entries = new RowEntries(flat, explainer.features());
        this.rule = rule;
    }

    /** A checked row: its usable sequence, or its problem and its id. */
    record Checked(Sequence sequence, Problem problem, String id) {
    }

    Checked check(Row row) {
        Entry e = entries.entry(row);
        Problem p = e instanceof Problem pr ? pr : explainer.check((Sequence) e, rule.stepsAt(e.index()));
        return new Checked(p == null ? (Sequence) e : null, p, RowEntries.id(row));
    }
}
