package org.lstmlens.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lstmlens.data.BadInput;
import org.lstmlens.data.BadInputException;
import org.lstmlens.data.DatasetJob;
import org.lstmlens.data.DatasetResult;
import org.lstmlens.data.DatasetRun;
import org.lstmlens.data.DatasetSummary;
import org.lstmlens.data.Datasets;
import org.lstmlens.data.JobTarget;
import org.lstmlens.data.Problem;
import org.lstmlens.data.UnitPattern;
import org.lstmlens.error.LstmException;

/**
 * The Spark path against the data package's one-machine path ({@link DatasetRun}) on the same sequences and the same
 * job, with a real SparkSession in local mode on 2 threads (one per class): per-sequence results and every figure of
 * the summary equal to the last bit, the same bad sequences refused or skipped with their ids. Partitions are cut
 * where the local run's batches are not (120 sequences in 7 partitions, batches of 8), and a sequence's last bits
 * depend on its batch's members, so equality also shows that Spark forms the one-machine run's batches.
 *
 * <p>The model is notebooks/data/lag5.keras, trained with real Keras 3 to output the input 5 steps before the last
 * (its export names the true lag); sequences are drawn as in its training, uniform in [-1, 1], 12 steps.
 */
class SparkDatasetRunTest {
    private static final Path DATA = Path.of(System.getProperty("lstmlens.notebookData", "notebooks/data"));
    private static final String LAG5 = DATA.resolve("lag5.keras").toString();
    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        assertThat(DATA.resolve("lag5.keras")).as("the repository's lag model").isRegularFile();
        spark = LocalSpark.start(2);
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    static double[][][] uniform(long seed, int n, int steps) {
        Random rnd = new Random(seed);
        double[][][] x = new double[n][steps][1];
        for (double[][] s : x) {
            for (double[] row : s) {
                row[0] = 2 * rnd.nextDouble() - 1;
            }
        }
        return x;
    }

    /** Integrated gradients with states and a unit selection, so that every part of the summary is merged. */
    private static DatasetJob job() {
        return DatasetJob.of(LAG5).integratedGradients(16).batchSize(8).states(true)
                .select(UnitPattern.above(3, 6, 11, 0.2)).keepMatches(5);
    }

    @Test
    void should_give_exactly_the_local_results_and_summary_on_the_lag5_model() throws IOException {
        double[][][] x = uniform(2026, 120, 12);
        DatasetResult local = DatasetRun.of(job()).threads(2).keepResults(true).run(Datasets.arrays(x));

        try (SparkDatasetResult r = SparkDatasetRun.of(job()).run(SequenceRows.of(spark, Datasets.arrays(x), 7))) {
            List<Row> rows = byIndex(r.results(), false);
            assertThat(rows).hasSize(120);
            for (int i = 0; i < rows.size(); i++) {
                SameResult.assertSame(rows.get(i), local.results().get(i));
            }
            SameSummary.assertSame(r.summary(), local.summary());

            // the summary counts what the rows hold: top lags counted by Spark SQL over the result rows
            Map<Integer, Long> byLag = new HashMap<>();
            r.results().groupBy("top_lag").count().collectAsList().forEach(c -> byLag.put(c.getInt(0), c.getLong(1)));
            for (int lag : r.summary().lags()) {
                assertThat(r.summary().topLagCount(lag)).as("lag %d", lag).isEqualTo(byLag.getOrDefault(lag, 0L));
            }
            // the known truth: the model was trained to output x[T-1-5]
            assertThat(r.summary().topLagShare(trueLag())).isGreaterThan(0.95);
        }
    }

    @Test
    void should_equal_the_local_run_on_the_keras_classifier_read_from_npz_and_csv() throws IOException {
        // sign_lag3: Keras 3 trained it to say whether the input 3 steps before the last is positive; sign_test.npz
        // holds 2,000 labelled sequences, two of them with a NaN (make_datasets.py); its CSV rows, the first 200
        DatasetJob job = DatasetJob.of(DATA.resolve("sign_lag3.keras").toString()).integratedGradients(32)
                .target(JobTarget.labels()).badInput(BadInput.SKIP).batchSize(50);
        org.lstmlens.data.Dataset npz = Datasets.npz(DATA.resolve("sign_test.npz"), "x", "y");
        org.lstmlens.data.Dataset csv = Datasets.csv(DATA.resolve("sign_test_rows.csv")).sequenceId("id")
                .features("x").label("label");

        assertSameAsLocal(job, csv, List.of("seq17"));
        DatasetSummary s = assertSameAsLocal(job, npz, List.of("17", "1234"));
        assertThat(s.sequences()).isEqualTo(1998);
        // the known truth, for both classes, and Keras's own accuracy on the sequences without a NaN
        assertThat(s.topLagShare(0, 3)).isGreaterThan(0.9);
        assertThat(s.topLagShare(1, 3)).isGreaterThan(0.9);
        var keras = JsonParser.parseString(Files.readString(DATA.resolve("datasets.expected.json"))).getAsJsonObject()
                .getAsJsonObject("sign_lag3");
        assertThat((double) s.correct() / s.labelled()).isCloseTo(keras.get("test_accuracy_without_nan_sequences")
                .getAsDouble(), within(1.0 / 1998));
    }

    /**
     * The result rows of sequences explained ({@code problems} false) or skipped (true), by index: collected and
     * sorted here: one Spark job, where an {@code orderBy} adds a sampling job and a shuffle.
     */
    static List<Row> byIndex(org.apache.spark.sql.Dataset<Row> results, boolean problems) {
        List<Row> rows = new ArrayList<>(results.collectAsList());
        rows.removeIf(row -> row.isNullAt(row.fieldIndex("problem")) == problems);
        rows.sort(java.util.Comparator.comparingLong(row -> row.<Long>getAs("index")));
        return rows;
    }

    /**
     * Spark's summary equal to the local run's, its skipped rows named by {@code badIds} with the local messages.
     *
     * @return Spark's summary
     */
    private static DatasetSummary assertSameAsLocal(DatasetJob job, org.lstmlens.data.Dataset data,
            List<String> badIds) {
        DatasetResult local = DatasetRun.of(job).threads(2).run(data);
        try (SparkDatasetResult r = SparkDatasetRun.of(job).run(SequenceRows.of(spark, data, 5))) {
            SameSummary.assertSame(r.summary(), local.summary());
            List<Row> bad = byIndex(r.results(), true);
            assertThat(bad).as(data.describe()).extracting(b -> b.<String>getAs("id")).containsExactlyElementsOf(badIds);
            assertThat(bad).extracting(b -> b.<String>getAs("detail"))
                    .containsExactlyElementsOf(local.summary().problems().stream().map(Problem::message).toList());
            return r.summary();
        }
    }

    /** The first bad sequence is 10 steps and has a NaN: checked before any length is known, it is NOT_FINITE. */
    private static double[][][] withBadSequences() {
        double[][][] x = uniform(7, 40, 12);
        x[0] = uniform(8, 1, 10)[0];
        x[0][3][0] = Double.NaN;
        x[1] = null;                              // the reader cannot read it
        x[5] = uniform(9, 1, 10)[0];              // ragged: the first usable sequence (index 2) has 12 steps
        x[7] = new double[12][2];                 // two features; the model takes one
        x[9][4][0] = Double.POSITIVE_INFINITY;
        return x;
    }

    @Test
    void should_skip_the_same_bad_sequences_and_report_them_with_their_ids() {
        double[][][] x = withBadSequences();
        DatasetJob skip = job().badInput(BadInput.SKIP);
        DatasetResult local = DatasetRun.of(skip).threads(1).keepResults(true).run(Datasets.arrays(x));

        try (SparkDatasetResult r = SparkDatasetRun.of(skip).run(SequenceRows.of(spark, Datasets.arrays(x), 3))) {
            SameSummary.assertSame(r.summary(), local.summary());
            assertThat(r.summary().skipped()).isEqualTo(5);

            List<Row> bad = byIndex(r.results(), true);
            assertThat(bad).extracting(b -> b.<String>getAs("id")).containsExactly("0", "1", "5", "7", "9");
            assertThat(bad).extracting(b -> b.<String>getAs("problem")).containsExactly("NOT_FINITE", "UNREADABLE",
                    "RAGGED", "WRONG_FEATURES", "NOT_FINITE");
            assertThat(bad).extracting(b -> b.<String>getAs("detail"))
                    .containsExactlyElementsOf(local.summary().problems().stream().map(Problem::message).toList());

            List<Row> good = byIndex(r.results(), false);
            assertThat(good).hasSize(35);
            for (int i = 0; i < good.size(); i++) {
                SameResult.assertSame(good.get(i), local.results().get(i));
            }
        }
    }

    @Test
    void should_refuse_the_first_bad_sequence_by_index_as_the_local_path_does() {
        // before the first usable sequence, and after it (where the length is the first usable sequence's)
        double[][][] early = withBadSequences();
        double[][][] late = uniform(11, 40, 12);
        late[30][2][0] = Double.NaN;
        late[17] = uniform(12, 1, 10)[0];

        for (double[][][] x : List.of(early, late)) {
            BadInputException expected = catchThrowableOfType(BadInputException.class,
                    () -> DatasetRun.of(job()).threads(1).run(Datasets.arrays(x)));
            assertThat(expected).as("the local path refuses").isNotNull();

            assertThatThrownBy(() -> SparkDatasetRun.of(job()).run(SequenceRows.of(spark, Datasets.arrays(x), 3)))
                    .isInstanceOf(BadInputException.class)
                    .hasMessage(expected.getMessage());
        }
        assertThat(catchThrowableOfType(BadInputException.class, () -> DatasetRun.of(job()).threads(1)
                .run(Datasets.arrays(late))).problem().index()).isEqualTo(17);
    }

    @Test
    void should_read_flattened_float_values_and_count_positions_without_an_index() {
        double[][][] x = uniform(3, 30, 12);
        List<Row> given = new ArrayList<>();
        for (double[][] s : x) {
            float[] flat = new float[s.length];
            for (int t = 0; t < s.length; t++) {
                flat[t] = (float) s[t][0];
                s[t][0] = flat[t];  // the local run sees the same float32 values
            }
            given.add(RowFactory.create((Object) flat));
        }
        StructType schema = new StructType().add("values", DataTypes.createArrayType(DataTypes.FloatType));
        var rows = spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(given, 4), schema);
        DatasetJob gradient = DatasetJob.of(LAG5).gradient();
        DatasetResult local = DatasetRun.of(gradient).threads(1).keepResults(true).run(Datasets.arrays(x));

        try (SparkDatasetResult r = SparkDatasetRun.of(gradient).run(rows)) {
            List<Row> results = byIndex(r.results(), false);
            for (int i = 0; i < results.size(); i++) {
                SameResult.assertSame(results.get(i), local.results().get(i));
            }
            SameSummary.assertSame(r.summary(), local.summary());
        }
    }

    @Test
    void should_write_the_results_and_the_lag_table_as_parquet_and_csv(@TempDir Path dir) throws IOException {
        double[][][] x = uniform(5, 20, 12);
        try (SparkDatasetResult r = SparkDatasetRun.of(DatasetJob.of(LAG5).gradient())
                .run(SequenceRows.of(spark, Datasets.arrays(x), 2))) {
            r.writeParquet(dir.resolve("parquet").toString());
            r.writeCsv(dir.resolve("csv").toString());
            Row third = r.results().filter("index = 3").first();

            Row parquet = spark.read().parquet(dir.resolve("parquet/results").toString()).filter("index = 3").first();
            assertThat(SameResult.nested(parquet, "attribution")).isDeepEqualTo(SameResult.nested(third, "attribution"));
            Row csv = spark.read().option("header", true).csv(dir.resolve("csv/results").toString())
                    .filter("index = 3").first();
            assertThat(SameResult.json(csv.getAs("attribution"))).isDeepEqualTo(SameResult.nested(third,
                    "attribution"));

            for (String format : List.of("parquet", "csv")) {
                var lags = format.equals("parquet") ? spark.read().parquet(dir.resolve("parquet/lags").toString())
                        : spark.read().option("header", true).option("inferSchema", true)
                                .csv(dir.resolve("csv/lags").toString());
                assertThat(lags.count()).as(format).isEqualTo(12);
                Row five = lags.filter("lag = 5").first();
                assertThat(((Number) five.getAs("top_lag_count")).longValue()).as(format)
                        .isEqualTo(r.summary().topLagCount(5));
                assertThat(((Number) five.getAs("mean_abs")).doubleValue()).as(format)
                        .isEqualTo(r.summary().meanAbsByStep()[11 - 5]);
            }
        }
    }

    @Test
    void should_name_a_missing_values_column_and_the_columns_it_reads() {
        var rows = spark.range(3).toDF("index");

        assertThatThrownBy(() -> SparkDatasetRun.of(job()).run(rows))
                .isInstanceOf(LstmException.class)
                .hasMessage("sequences: no column \"values\" among [index]; expected values as array<array<double>> "
                        + "[timestep][feature] (or array<double> flattened), with optional index (long), id (string), "
                        + "label (int)");
    }

    @Test
    void should_refuse_a_job_without_a_model_file_to_broadcast() {
        assertThatThrownBy(() -> SparkDatasetRun.of(DatasetJob.forLoadedModel()))
                .isInstanceOf(LstmException.class)
                .hasMessage("a Spark run broadcasts the model's file to the executors; this job has none "
                        + "(DatasetJob.forLoadedModel()): give the file with DatasetJob.of(path)");
    }

    /** The lag the model was trained on, from the export make_models.py wrote beside it. */
    private static int trueLag() throws IOException {
        var training = JsonParser.parseString(Files.readString(DATA.resolve("lag5.expected.json"))).getAsJsonObject()
                .getAsJsonObject("training");
        var lags = training.getAsJsonArray("true_lags");
        assertThat(lags.size()).isEqualTo(1);
        return lags.get(0).getAsInt();
    }
}
