package org.lstmlens.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lstmlens.data.DatasetJob;
import org.lstmlens.data.DatasetRun;
import org.lstmlens.data.DatasetSummary;
import org.lstmlens.data.Datasets;
import org.lstmlens.error.LstmException;

/**
 * The spark-submit application in this JVM's local session (spark-submit's own session is the one
 * {@code getOrCreate} finds): sequences written to Parquet, the job given as arguments, the output read back and
 * its figures against DatasetRun's on the same sequences.
 */
class SubmitTest {
    private static final Path DATA = Path.of(System.getProperty("lstmlens.notebookData", "notebooks/data"));
    private static final String LAG5 = DATA.resolve("lag5.keras").toString();
    private static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.start(2);
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void should_run_the_job_its_arguments_describe_and_write_csv(@TempDir Path dir) throws IOException {
        double[][][] x = SparkDatasetRunTest.uniform(31, 40, 12);
        String in = dir.resolve("sequences.parquet").toString();
        SequenceRows.of(spark, Datasets.arrays(x), 2).write().parquet(in);

        String report = Submit.run(spark, new String[] {LAG5, in, dir.resolve("out").toString(), "--gradient",
            "--batch", "16", "--float32", "--format", "csv"});

        DatasetJob job = DatasetJob.of(LAG5).gradient().batchSize(16).float32();
        DatasetSummary local = DatasetRun.of(job).threads(2).run(Datasets.arrays(x)).summary();
        assertThat(report).startsWith(job.describe() + ": 40 sequences, 0 skipped");
        assertThat(report).contains(String.format(Locale.ROOT, "%5d %12.6g %12.4f %14.4f", 5,
                local.meanAbsByStep()[11 - 5], local.meanShare(5), local.topLagShare(5)));
        assertThat(spark.read().option("header", true).csv(dir.resolve("out/results").toString()).count())
                .isEqualTo(40);
        assertThat(spark.read().option("header", true).csv(dir.resolve("out/lags").toString()).count())
                .isEqualTo(12);
    }

    @Test
    void should_name_an_unknown_option_and_the_valid_ones() {
        assertThatThrownBy(() -> Submit.run(spark, new String[] {LAG5, "in", "out", "--fast"}))
                .isInstanceOf(LstmException.class)
                .hasMessage("unknown option \"--fast\"; expected " + Submit.OPTIONS);
        assertThatThrownBy(() -> Submit.run(spark, new String[] {LAG5, "in", "out", "--ig", "many"}))
                .hasMessage("--ig many: expected a whole number");
        assertThatThrownBy(() -> Submit.run(spark, new String[] {LAG5}))
                .hasMessage("expected MODEL INPUT OUTPUT [options], got 1 arguments; options: " + Submit.OPTIONS);
    }
}
