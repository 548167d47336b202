package org.lstmlens.spark;

import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.lstmlens.data.DatasetJob;
import org.lstmlens.data.DatasetSummary;

/**
 * What a {@link SparkDatasetRun} gave: the per-sequence results as a Spark {@code Dataset<Row>}, the
 * {@link DatasetSummary} reduced by Spark, the summary by lag as a table, and both written out with Spark's writers.
 * The per-sequence work runs once, at the first action, and is kept until {@link #close()}.
 */
public final class SparkDatasetResult implements AutoCloseable {
    private final SparkSession spark;
    private final DatasetJob job;
    private final JavaRDD<Outcome> outcomes;
    private final Broadcast<ModelFiles> model;
    private DatasetSummary summary;  // reduced at the first call

    SparkDatasetResult(SparkSession spark, DatasetJob job, JavaRDD<Outcome> outcomes, Broadcast<ModelFiles> model) {
        this.spark = spark;
        this.job = job;
        this.outcomes = outcomes;
        this.model = model;
    }

    /** The job that ran. */
    public DatasetJob job() {
        return job;
    }

    /**
     * One row per sequence, in each partition's order (sort by {@code index} for the dataset's): {@code index, id,
     * label, predicted, target_class, output, value, attribution [timestep][feature], reference, top_lag, gap,
     * baseline_value, match}, and for a skipped sequence {@code problem} (the kind) and {@code detail} (where and
     * why) with the rest null. The lag of timestep {@code t} is {@code reference - t}.
     */
    public Dataset<Row> results() {
        return spark.createDataFrame(outcomes.map(new ResultRows()), ResultRows.SCHEMA);
    }

    /**
     * The aggregates of every sequence, as {@link org.lstmlens.data.DatasetRun} gives them on one machine: each
     * partition adds its outcomes to a summary of its own, Spark merges them with the summary's exact merge.
     */
    public synchronized DatasetSummary summary() {
        if (summary == null) {
            summary = outcomes.aggregate(DatasetSummary.of(job), new SummaryFold.Add(), new SummaryFold.Merge());
        }
        return summary;
    }

    /**
     * The summary by lag: {@code lag, timestep, mean_abs, mean, mean_share, share_q10, share_q50, share_q90,
     * top_lag_count, top_lag_share}, lag 0 first.
     */
    public Dataset<Row> lagTable() {
        return spark.createDataFrame(LagTable.rows(summary()), LagTable.SCHEMA);
    }

    /** Writes {@code dir/results} and {@code dir/lags} as Parquet (replacing what is there). */
    public void writeParquet(String dir) {
        Objects.requireNonNull(dir, "dir");
        results().write().mode(SaveMode.Overwrite).parquet(dir + "/results");
        lagTable().coalesce(1).write().mode(SaveMode.Overwrite).parquet(dir + "/lags");
    }

    /**
     * Writes {@code dir/results} and {@code dir/lags} as CSV with a header (replacing what is there); CSV has no
     * arrays, so {@code output} and {@code attribution} are written as JSON text ({@code [[0.1,0.2],...]}).
     */
    public void writeCsv(String dir) {
        Objects.requireNonNull(dir, "dir");
        Dataset<Row> r = results();
        Column[] columns = new Column[r.columns().length];
        for (int i = 0; i < columns.length; i++) {
            String name = r.columns()[i];
            columns[i] = name.equals("output") || name.equals("attribution")
                    ? functions.to_json(functions.col(name)).as(name) : functions.col(name);
        }
        r.select(columns).write().mode(SaveMode.Overwrite).option("header", true).csv(dir + "/results");
        lagTable().coalesce(1).write().mode(SaveMode.Overwrite).option("header", true).csv(dir + "/lags");
    }

    /** Lets go of the kept per-sequence work and the broadcast model. */
    @Override
    public void close() {
        outcomes.unpersist(false);
        model.destroy();
    }

    @Override
    public String toString() {
        return "SparkDatasetResult[" + job.describe() + (summary == null ? "" : ", " + summary) + "]";
    }
}
