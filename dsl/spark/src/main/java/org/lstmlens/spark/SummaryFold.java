package org.lstmlens.spark;

import org.apache.spark.api.java.function.Function2;
import org.lstmlens.data.DatasetSummary;

/**
 * The two halves of Spark's {@code aggregate} over the outcomes: each partition adds its outcomes to its own copy of
 * an empty summary ({@link Add}), the driver merges the partitions' summaries as they finish ({@link Merge}). The
 * summary's merge is exact and so associative and commutative to the last bit: the order in which partitions finish
 * does not change a number.
 */
final class SummaryFold {
    private SummaryFold() {
    }

    static final class Add implements Function2<DatasetSummary, Outcome, DatasetSummary> {
        private static final long serialVersionUID = 1L;

        @Override
        public DatasetSummary call(DatasetSummary summary, Outcome o) {
            return o.addTo(summary);
        }
    }

    static final class Merge implements Function2<DatasetSummary, DatasetSummary, DatasetSummary> {
        private static final long serialVersionUID = 1L;

        @Override
        public DatasetSummary call(DatasetSummary a, DatasetSummary b) {
            return a.merge(b);
        }
    }
}
