package org.lstmlens.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;

/** The bad rows of a partition as outcomes, each with where and why it was skipped (under {@code BadInput.SKIP}). */
final class SkippedRows implements FlatMapFunction<Iterator<Row>, Outcome> {
    private static final long serialVersionUID = 1L;
    private final PartitionWork work;

    SkippedRows(PartitionWork work) {
        this.work = work;
    }

    @Override
    public Iterator<Outcome> call(Iterator<Row> rows) {
        if (!rows.hasNext()) {
            return List.<Outcome>of().iterator();
        }
        RowChecks checks = work.checks();
        List<Outcome> skipped = new ArrayList<>();
        while (rows.hasNext()) {
            RowChecks.Checked c = checks.check(rows.next());
            if (c.problem() != null) {
                skipped.add(Outcome.skipped(c.problem(), c.id()));
            }
        }
        return skipped.iterator();
    }
}
