package org.lstmlens.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.lstmlens.data.Problem;

/**
 * What a check of every row (no attribution) finds under a {@link LengthRule}: the first usable sequence, the first
 * bad one, and the positions of all bad ones. Each partition scans its rows ({@link Partition}); the driver joins
 * the partitions' scans ({@link #of}). It stands for what a one-machine run learns by reading in order: the length of
 * the first usable sequence, the first bad sequence (refused under {@code BadInput.REFUSE} before any work), and
 * which sequences are left out, so that the usable ones can be cut into the one-machine run's batches.
 *
 * @param usable the position of the first usable sequence, or {@link Long#MAX_VALUE}
 * @param usableSteps its length
 * @param problem the first bad sequence, or null
 * @param problemAt its position ({@link Long#MAX_VALUE} without one)
 * @param skipped the positions of every bad sequence, ascending
 * @param rows the rows scanned
 */
record Scan(long usable, int usableSteps, Problem problem, long problemAt, long[] skipped, long rows)
        implements Serializable {
    static final Scan NONE = new Scan(Long.MAX_VALUE, 0, null, Long.MAX_VALUE, new long[0], 0);

    /** The partitions' scans joined. */
    static Scan of(List<Scan> scans) {
        Scan all = NONE;
        int bad = 0;
        long rows = 0;
        for (Scan s : scans) {
            all = all.earliest(s);
            bad += s.skipped.length;
            rows += s.rows;
        }
        long[] skipped = new long[bad];
        int at = 0;
        for (Scan s : scans) {
            System.arraycopy(s.skipped, 0, skipped, at, s.skipped.length);
            at += s.skipped.length;
        }
        Arrays.sort(skipped);
        return new Scan(all.usable, all.usableSteps, all.problem, all.problemAt, skipped, rows);
    }

    private Scan earliest(Scan s) {
        boolean usableFirst = s.usable < usable;
        boolean problemFirst = s.problemAt < problemAt;
        return new Scan(usableFirst ? s.usable : usable, usableFirst ? s.usableSteps : usableSteps,
                problemFirst ? s.problem : problem, problemFirst ? s.problemAt : problemAt, skipped, rows);
    }

    /** The usable sequences. */
    long usableCount() {
        return rows - skipped.length;
    }

    /** Whether the first bad sequence comes before the first usable one. */
    boolean problemFirst() {
        return problemAt < usable;
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
            long[] skipped = new long[16];
            int bad = 0;
            long n = 0;
            while (rows.hasNext()) {
                n++;
                RowChecks.Checked c = checks.check(rows.next());
                if (c.problem() != null) {
                    skipped = bad == skipped.length ? Arrays.copyOf(skipped, 2 * bad) : skipped;
                    skipped[bad++] = c.position();
                    found = found.earliest(new Scan(Long.MAX_VALUE, 0, c.problem(), c.position(), null, 0));
                } else {
                    found = found.earliest(new Scan(c.position(), c.sequence().steps(), null, Long.MAX_VALUE, null,
                            0));
                }
            }
            long[] mine = Arrays.copyOf(skipped, bad);
            Arrays.sort(mine);
            return List.of(new Scan(found.usable, found.usableSteps, found.problem, found.problemAt, mine, n))
                    .iterator();
        }
    }
}
