package org.lstmlens.spark;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.lstmlens.data.Sequence;
import scala.Tuple2;

/**
 * Each usable sequence keyed by its rank among the usable sequences in the dataset's order: its position less the
 * bad sequences before it ({@link Scan#skipped()}, broadcast). The rank is what cuts the one-machine run's batches:
 * rank / batch size is the batch, rank mod batch size the place in it.
 */
final class RankSequences implements PairFlatMapFunction<Iterator<Row>, Long, Sequence> {
    private static final long serialVersionUID = 1L;
    private final PartitionWork work;
    private final Broadcast<long[]> skipped;

    RankSequences(PartitionWork work, Broadcast<long[]> skipped) {
        this.work = work;
        this.skipped = skipped;
    }

    @Override
    public Iterator<Tuple2<Long, Sequence>> call(Iterator<Row> rows) {
        if (!rows.hasNext()) {
            return List.<Tuple2<Long, Sequence>>of().iterator();
        }
        RowChecks checks = work.checks();
        long[] bad = skipped.value();
        return new Iterator<>() {
            private Tuple2<Long, Sequence> next = advance();

            private Tuple2<Long, Sequence> advance() {
                while (rows.hasNext()) {
                    RowChecks.Checked c = checks.check(rows.next());
                    if (c.sequence() != null) {
                        int before = -Arrays.binarySearch(bad, c.position()) - 1;
                        return new Tuple2<>(c.position() - before, c.sequence());
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Tuple2<Long, Sequence> next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Tuple2<Long, Sequence> n = next;
                next = advance();
                return n;
            }
        };
    }
}
