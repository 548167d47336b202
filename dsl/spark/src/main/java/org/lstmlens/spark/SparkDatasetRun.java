package org.lstmlens.spark;

import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.lstmlens.data.BadInput;
import org.lstmlens.data.BadInputException;
import org.lstmlens.data.DatasetJob;
import org.lstmlens.data.DatasetRun;
import org.lstmlens.error.LstmException;

/**
 * A {@link DatasetJob} over a Spark {@code Dataset<Row>} of sequences ({@link SequenceRows} says which columns):
 * the same work as {@link DatasetRun} on one machine, spread over a Spark cluster (or Spark's local mode), with the
 * same numbers: the same per-sequence results, the same {@link org.lstmlens.data.DatasetSummary} to the last bit,
 * the same sequences refused or skipped for the same reasons.
 * <pre>
 *   SparkSession spark = LocalSpark.start(2);              // or the session spark-submit made
 *   Dataset&lt;Row&gt; rows = spark.read().parquet("sequences.parquet");
 *   try (SparkDatasetResult r = SparkDatasetRun.of(DatasetJob.of("lag5.keras").integratedGradients(64)).run(rows)) {
 *       r.summary().topLagShare(5);                         // reduced by Spark with the summary's exact merge
 *       r.writeParquet("out");                             // out/results, out/lags
 *   }
 * </pre>
 * How: the driver reads the model file once and broadcasts its bytes (any executor can read a broadcast, while a
 * path of the driver's disk may not exist on the executors); each partition loads the model from them once per pass
 * and checks each row as the data package does. The usable sequences are then grouped into exactly the batches a
 * one-machine run forms ({@link DatasetJob#batchOf}: by index, bad sequences left out) and each batch is explained
 * whole in one partition ({@link org.lstmlens.data.SequenceExplainer}): the engine's last bits depend on a batch's
 * members, so only the same batches give the same bits. That costs one shuffle of the usable sequences. The functions Spark ships are classes of this library: a lambda typed in a notebook cell
 * is compiled into that notebook's JVM alone, and executors could not load it.
 *
 * <p>What a one-machine run learns by reading in order, a Spark run finds with light scans (checks, no
 * attribution) before the work: the length of the first usable sequence when the job sets none, and under
 * {@link BadInput#REFUSE} the first bad sequence by index, refused with the same {@link BadInputException}. Each
 * scan reads the input once more: cache or persist an input that is costly to compute.
 * Immutable.
 */
public final class SparkDatasetRun {
    private final DatasetJob job;

    private SparkDatasetRun(DatasetJob job) {
        this.job = job;
    }

    /**
     * The job, its model read from the file it names.
     *
     * @throws LstmException if the job names no model file ({@link DatasetJob#forLoadedModel()})
     */
    public static SparkDatasetRun of(DatasetJob job) {
        Objects.requireNonNull(job, "job");
        if (job.model() == null) {
            ModelFiles.read(job);  // says why
        }
        return new SparkDatasetRun(job);
    }

    /** The job. */
    public DatasetJob job() {
        return job;
    }

    /**
     * Runs the job over {@code sequences}: scans now, then defines the per-sequence work, which runs once, at the
     * first {@link SparkDatasetResult#summary()}, {@code results()} action or write, and is kept (memory, then disk)
     * until the result is closed.
     *
     * @throws BadInputException for the first bad sequence by index under {@link BadInput#REFUSE}
     * @throws LstmException if the model file cannot be read or does not fit the job, or the rows lack the
     *     {@value SequenceRows#VALUES} column or have one of another type
     */
    public SparkDatasetResult run(Dataset<Row> sequences) {
        Objects.requireNonNull(sequences, "sequences");
        Dataset<Row> rows = SequenceRows.normalised(sequences);
        ModelFiles files = ModelFiles.read(job);
        files.explainer(job);  // on the driver: a model that does not fit the job fails here, not in a task
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sequences.sparkSession().sparkContext());
        Broadcast<ModelFiles> model = jsc.broadcast(files);
        PartitionWork work = new PartitionWork(job, model, SequenceRows.flat(rows), LengthRule.fixed(job.steps()));
        if (job.steps() == 0) {
            Scan open = scan(rows, work.with(LengthRule.open()));
            if (job.badInput() == BadInput.REFUSE && open.problemFirst()) {
                throw new BadInputException(open.problem());
            }
            work = work.with(open.rule());
        }
        if (job.badInput() == BadInput.REFUSE) {
            Scan checked = scan(rows, work);
            if (checked.problem() != null) {
                throw new BadInputException(checked.problem());
            }
        }
        JavaRDD<Outcome> outcomes = rows.javaRDD()
                .mapPartitionsToPair(new UsableSequences(work))
                .repartitionAndSortWithinPartitions(new BatchPartitioner(job, rows.javaRDD().getNumPartitions()))
                .mapPartitions(new ExplainBatches(work));
        if (job.badInput() == BadInput.SKIP) {
            outcomes = outcomes.union(rows.javaRDD().mapPartitions(new SkippedRows(work)));
        }
        return new SparkDatasetResult(sequences.sparkSession(), job, outcomes.persist(StorageLevel.MEMORY_AND_DISK()),
                model);
    }

    private static Scan scan(Dataset<Row> rows, PartitionWork work) {
        return Scan.of(rows.javaRDD().mapPartitions(new Scan.Partition(work)).collect());
    }

    @Override
    public String toString() {
        return "SparkDatasetRun[" + job.describe() + "]";
    }
}
