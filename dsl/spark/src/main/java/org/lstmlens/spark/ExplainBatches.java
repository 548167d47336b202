package org.lstmlens.spark;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.lstmlens.data.DatasetJob;
import org.lstmlens.data.Sequence;
import org.lstmlens.data.SequenceExplainer;
import org.lstmlens.data.SequenceResult;
import scala.Tuple2;

/**
 * The per-sequence work of a {@link SparkDatasetRun} on one partition: the model loaded once from the broadcast
 * bytes, the usable sequences (whole batches sorted by index: {@link UsableSequences}, {@link BatchPartitioner})
 * explained batch by batch, each batch the one a one-machine run forms ({@link DatasetJob#batchOf}; one fused pass
 * per batch, {@link SequenceExplainer#explain}). Lazily: a partition holds one batch's results at a time.
 *
 * <p>A named class compiled in this library, on purpose: Spark ships a function to its executors by serialising it,
 * and each executor loads its class from the application's jars. A lambda typed in a notebook cell or JShell is a
 * class that exists only in that JVM, so no executor could run it.
 */
final class ExplainBatches implements FlatMapFunction<Iterator<Tuple2<Long, Sequence>>, Outcome> {
    private static final long serialVersionUID = 1L;
    private final PartitionWork work;

    ExplainBatches(PartitionWork work) {
        this.work = work;
    }

    @Override
    public Iterator<Outcome> call(Iterator<Tuple2<Long, Sequence>> ranked) {
        if (!ranked.hasNext()) {
            return List.<Outcome>of().iterator();
        }
        SequenceExplainer explainer = work.checks().explainer;
        DatasetJob job = work.job;
        return new Iterator<>() {
            private final ArrayDeque<Outcome> ready = new ArrayDeque<>();
            private Tuple2<Long, Sequence> next = ranked.next();

            @Override
            public boolean hasNext() {
                if (ready.isEmpty() && next != null) {
                    List<Sequence> batch = new ArrayList<>(job.batchSize());
                    long number = job.batchOf(next._1());
                    while (next != null && job.batchOf(next._1()) == number) {
                        batch.add(next._2());
                        next = ranked.hasNext() ? ranked.next() : null;
                    }
                    for (SequenceResult r : explainer.explain(batch)) {
                        ready.add(Outcome.of(r));
                    }
                }
                return !ready.isEmpty();
            }

            @Override
            public Outcome next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.poll();
            }
        };
    }
}
