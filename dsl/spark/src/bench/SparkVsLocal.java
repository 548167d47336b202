import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import org.apache.spark.sql.SparkSession;
import org.lstmlens.data.DatasetJob;
import org.lstmlens.data.DatasetRun;
import org.lstmlens.data.DatasetSummary;
import org.lstmlens.data.Datasets;
import org.lstmlens.spark.LocalSpark;
import org.lstmlens.spark.SequenceRows;
import org.lstmlens.spark.SparkDatasetResult;
import org.lstmlens.spark.SparkDatasetRun;

/**
 * The dataset job in Spark's local mode against the data package's DatasetRun, both on the same threads, the same
 * sequences and the same job: integrated gradients (64 steps) of the summed last output, batches of 64. Three
 * timings, each from the call to the summary in hand: DatasetRun over a Java array; Spark over the same array handed
 * to it (SequenceRows.of, partitions = 2 x threads); Spark over the same sequences read back from Parquet. Each
 * path runs once on a 10 % prefix first (JIT, Spark's first jobs), then timed; the summaries must agree to the bit
 * before any figure is printed. Run by spark-vs-local.sh.
 *
 * args: model file, sequences, threads, output folder
 */
public class SparkVsLocal {
    public static void main(String[] args) throws Exception {
        String model = args[0];
        int n = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        Path out = Path.of(args[3]);
        double[][][] x = uniform(2026, n, 100, 32);
        double[][][] warm = java.util.Arrays.copyOf(x, Math.max(1, n / 10));
        DatasetJob job = DatasetJob.of(model).integratedGradients(64).batchSize(64);

        SparkSession spark = LocalSpark.start(threads);
        String parquet = out.resolve("sequences.parquet").toString();
        SequenceRows.of(spark, Datasets.arrays(x), 2 * threads).write().mode("overwrite").parquet(parquet);

        local(job, warm, threads);
        spark(job, spark, warm, threads).close();
        long t0 = System.nanoTime();
        DatasetSummary local = local(job, x, threads);
        double localS = seconds(t0);
        t0 = System.nanoTime();
        DatasetSummary inMemory;
        try (SparkDatasetResult r = spark(job, spark, x, threads)) {
            inMemory = r.summary();
        }
        double memoryS = seconds(t0);
        t0 = System.nanoTime();
        DatasetSummary fromParquet;
        try (SparkDatasetResult r = SparkDatasetRun.of(job).run(spark.read().parquet(parquet))) {
            fromParquet = r.summary();
        }
        double parquetS = seconds(t0);
        spark.stop();

        same(inMemory, local, "Spark over the array");
        same(fromParquet, local, "Spark over Parquet");
        System.out.printf(Locale.ROOT, "integrated gradients (64 steps), %d sequences of 100 x 32 -> LSTM(64), "
                + "batches of 64, %d threads; summaries equal to the bit%n", n, threads);
        System.out.printf(Locale.ROOT, "| path | seconds | sequences/s | overhead vs DatasetRun |%n");
        System.out.printf(Locale.ROOT, "| --- | --- | --- | --- |%n");
        row("DatasetRun (local path)", localS, n, localS);
        row("Spark local[" + threads + "], rows from the array", memoryS, n, localS);
        row("Spark local[" + threads + "], rows from Parquet", parquetS, n, localS);
    }

    private static DatasetSummary local(DatasetJob job, double[][][] x, int threads) {
        return DatasetRun.of(job).threads(threads).run(Datasets.arrays(x)).summary();
    }

    private static SparkDatasetResult spark(DatasetJob job, SparkSession spark, double[][][] x, int threads) {
        SparkDatasetResult r = SparkDatasetRun.of(job).run(SequenceRows.of(spark, Datasets.arrays(x), 2 * threads));
        r.summary();
        return r;
    }

    private static void same(DatasetSummary a, DatasetSummary b, String what) {
        boolean same = a.sequences() == b.sequences() && java.util.Arrays.deepEquals(a.meanAbs(), b.meanAbs())
                && java.util.Arrays.deepEquals(a.mean(), b.mean()) && Double.compare(a.meanGap(), b.meanGap()) == 0;
        for (int lag : b.lags()) {
            same &= a.topLagCount(lag) == b.topLagCount(lag);
        }
        if (!same) {
            throw new AssertionError(what + ": the summary differs from DatasetRun's; no figures");
        }
    }

    private static void row(String path, double s, int n, double local) {
        System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %+.0f %% |%n", path, s, n / s, 100 * (s / local - 1));
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double[][][] uniform(long seed, int n, int steps, int features) {
        Random rnd = new Random(seed);
        double[][][] x = new double[n][steps][features];
        for (double[][] s : x) {
            for (double[] row : s) {
                for (int j = 0; j < features; j++) {
                    row[j] = 2 * rnd.nextDouble() - 1;
                }
            }
        }
        return x;
    }
}
