"""Write notebooks/10_spark.ipynb (empty outputs): the dataset job on Apache Spark, in local mode inside the kernel.

    /usr/bin/python3 notebooks/make_spark_notebook.py      # then notebooks/run_notebooks.sh --write-back

Kept apart from make_notebooks.py (same helpers, nbgen.py) so the Spark notebook and the dataset notebook can be
written at the same time. Its checks come from outside the Spark code: the true lag of data/lag5 (make_models.py
trained it to output x[T-1-5]) and the one-machine run of the data package on the same sequences, bit for bit.
"""

import nbgen as g
from nbgen import code, md


def spark():
    return [
        md("""
# Which lags matter across a dataset, on Apache Spark

The dataset job of the data package (per-sequence attributions, the summary by lag, class, unit) runs on a Spark
cluster through a small Java API: a Spark `Dataset<Row>` of sequences in, a `Dataset<Row>` of per-sequence results
and the same summary out, reduced by Spark. Here Spark runs in local mode inside the kernel, on 2 threads; on a
cluster the same calls run under `spark-submit` (the README's section "Apache Spark" says how).

The kernel needs Spark's jars on its class path: start Jupyter with `LSTMLENS_CLASSPATH` naming them
(`notebooks/lab.sh` and `notebooks/run_notebooks.sh` do it after `mvn package`, from
`dsl/spark/target/kernel-classpath.txt`; with a Spark installation, `lstm-lens-spark.jar:$SPARK_HOME/jars/*`).
Without them the first cell below fails with "package org.apache.spark.sql does not exist"."""),
        code(g.CHECKS),
        code("""
import org.apache.spark.sql.Dataset;   // Spark's, by name: the data package has a Dataset of its own
import org.apache.spark.sql.Row;
import org.lstmlens.data.*;
import org.lstmlens.spark.*;

var spark = LocalSpark.start(2);   // local mode: 2 worker threads in this JVM, no web UI
spark.version()"""),
        md("""
## The sequences

`data/lag5` was trained (with real Keras) to output the input 5 steps before the last one, on sequences of 12
uniform values in [-1, 1]. We draw 1,000 more the same way, as a Java array, and hand them to Spark in 4
partitions. `SequenceRows.of` takes any dataset of the data package (.npy, .npz, CSV, HDF5, arrays); data already in
Spark needs only a column `values` (`array<array<double>>`, or flattened), and optionally `index`, `id`, `label`."""),
        code("""
var rnd = new Random(2026);
double[][][] x = new double[1000][12][1];
for (double[][] s : x) for (double[] row : s) row[0] = 2 * rnd.nextDouble() - 1;
Dataset<Row> sequences = SequenceRows.of(spark, Datasets.arrays(x), 4);
sequences.printSchema();"""),
        md("""
## The job, on Spark

A `DatasetJob` says what to compute: integrated gradients (32 steps) of the model's output. The model file is read
once on the driver and broadcast to the executors; each partition loads it once and explains its sequences in the
batches a one-machine run would form. The functions Spark ships to the executors are compiled in the library: a
lambda typed in a cell exists only in this kernel's JVM, and a cluster's executors could not run it."""),
        code("""
var job = DatasetJob.of("data/lag5.keras").integratedGradients(32);
var run = SparkDatasetRun.of(job).run(sequences);
var summary = run.summary();
summary"""),
        code("""
run.lagTable().selectExpr("lag", "round(mean_abs, 5) as mean_abs", "round(mean_share, 4) as mean_share",
        "top_lag_count", "top_lag_share").show(12);"""),
        md("""
Lag 5 takes nearly all of each sequence's attribution and is the top lag of nearly every sequence: the model's known
truth, found across the dataset."""),
        code("""
check(summary.sequences() == 1000, "1000 sequences explained");
check(summary.topLagShare(5) > 0.95, "lag 5 is the top lag of more than 95 % of the sequences: " + summary.topLagShare(5));
check(summary.meanShare(5) > 0.9, "lag 5's mean share of |attribution|: " + summary.meanShare(5));
"top lag 5 in " + summary.topLagCount(5) + " of " + summary.sequences() + " sequences\""""),
        md("""
## The same numbers as on one machine

The data package's `DatasetRun` runs the same job on this machine's cores. Its summary and Spark's agree to the last
bit: every sum in the summary is exact, so the order in which Spark merges its partitions does not matter."""),
        code("""
var local = DatasetRun.of(job).threads(2).run(Datasets.arrays(x)).summary();
check(Arrays.equals(local.meanAbsByStep(), summary.meanAbsByStep()), "mean |attribution| by step, bit for bit");
check(Arrays.deepEquals(local.mean(), summary.mean()), "signed mean by step and feature, bit for bit");
for (int lag : summary.lags()) {
    check(local.topLagCount(lag) == summary.topLagCount(lag), "top-lag count at lag " + lag);
    check(local.shareQuantile(lag, 0.9) == summary.shareQuantile(lag, 0.9), "90th percentile of the share at lag " + lag);
}
check(local.meanGap() == summary.meanGap(), "mean completeness gap");
"Spark and the local run agree: mean |attribution| at lag 5 = " + summary.meanAbsByStep()[11 - 5]"""),
        md("""
## Per sequence, and written out

One row per sequence: its prediction, its top lag, the completeness gap of integrated gradients and its whole
attribution matrix. Spark's writers put the rows and the table by lag into Parquet or CSV (CSV holds the arrays as
JSON text)."""),
        code("""
run.results().orderBy("index")
        .selectExpr("id", "round(value, 6) as value", "top_lag", "format_number(gap, 9) as gap").show(5);"""),
        code("""
var out = Files.createTempDirectory("lag5-on-spark");
run.writeParquet(out.toString());
long written = spark.read().parquet(out + "/results").filter("top_lag = 5").count();
check(written == summary.topLagCount(5), "the Parquet rows hold the same top lags");
written"""),
        code("""
run.close();    // lets go of the kept results and the broadcast model
spark.stop();"""),
    ]


def main():
    print(g.notebook("10_spark", spark()))
    print("outputs are empty now: store fresh ones with notebooks/run_notebooks.sh --write-back, then commit")


if __name__ == "__main__":
    main()
