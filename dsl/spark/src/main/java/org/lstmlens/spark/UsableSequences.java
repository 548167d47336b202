package org.lstmlens.spark;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.sql.Row;
import org.lstmlens.data.Sequence;
import scala.Tuple2;

/**
 * The usable sequences of a partition keyed by their index, which names their batch
 * ({@link org.lstmlens.data.DatasetJob#batchOf}); bad ones are left out, as a one-machine run leaves them out of
 * its batches. Lazily, one row at a time.
 */
final class UsableSequences implements PairFlatMapFunction<Iterator<Row>, Long, Sequence> {
    private static final long serialVersionUID = 1L;
    private final PartitionWork work;

    UsableSequences(PartitionWork work) {
        this.work = work;
    }

    @Override
    public Iterator<Tuple2<Long, Sequence>> call(Iterator<Row> rows) {
        if (!rows.hasNext()) {
            return List.<Tuple2<Long, Sequence>>of().iterator();
        }
        RowChecks checks = work.checks();
        return new Iterator<>() {
            private Tuple2<Long, Sequence> next = advance();

            private Tuple2<Long, Sequence> advance() {
                while (rows.hasNext()) {
                    RowChecks.Checked c = checks.check(rows.next());
                    if (c.sequence() != null) {
                        return new Tuple2<>(c.sequence().index(), c.sequence());
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
