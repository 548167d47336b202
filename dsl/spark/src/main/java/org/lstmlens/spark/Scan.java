package org.lstmlens.spark;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.lstmlens.data.Problem;

/**
 * What a check of every row (no attribution) finds under a {@link LengthRule}: the first usable sequence and the
 * first bad one, by index. Each partition scans its rows ({@link Partition}); the driver keeps the earliest of each
 * ({@link #of}). It stands for what a one-machine run learns by reading in order: the length of the first usable
 * sequence, and the first bad sequence (refused under {@code BadInput.REFUSE} before any work).
 *
 * @param usable the index of the first usable sequence, or {@link Long#MAX_VALUE}
 * @param usableSteps its length
 * @param problem the first bad sequence, or null ({@link Problem#index()} its index)
 */
record Scan(long usable, int usableSteps, Problem problem) implements Serializable {
    static final Scan NONE = new Scan(Long.MAX_VALUE, 0, null);

    /** The partitions' scans joined. */
    static Scan of(List<Scan> scans) {
        Scan all = NONE;
        for (Scan s : scans) {
            all = all.earliest(s);
        }
        return all;
    }

    private Scan earliest(Scan s) {
        boolean usableFirst = s.usable < usable;
        boolean problemFirst = s.problem != null && (problem == null || s.problem.index() < problem.index());
        return new Scan(usableFirst ? s.usable : usable, usableFirst ? s.usableSteps : usableSteps,
                problemFirst ? s.problem : problem);
    }

    /** Whether the first bad sequence comes before the first usable one. */
    boolean problemFirst() {
        return problem != null && problem.index() < usable;
    }

    /** The rule for what follows the first usable sequence, from a scan made without a length. */
    LengthRule rule() {
        return new LengthRule(usableSteps, usable);
    }

    /** The scan of one partition. */
    static final class Partition implements FlatMapFunction<Iterator<Row>, Scan> {
        private static final long serialVersionUID = 1L;
        private final PartitionWork work;

        Partition(PartitionWork work) {
            this.work = work;
        }

        @Override
        public Iterator<Scan> call(Iterator<Row> rows) {
            if (!rows.hasNext()) {
                return List.<Scan>of().iterator();
            }
            RowChecks checks = work.checks();
            Scan found = NONE;
            while (rows.hasNext()) {
                RowChecks.Checked c = checks.check(rows.next());
                found = found.earliest(c.problem() != null ? new Scan(Long.MAX_VALUE, 0, c.problem())
                        : new Scan(c.sequence().index(), c.sequence().steps(), null));
            }
            return List.of(found).iterator();
        }
    }
}
