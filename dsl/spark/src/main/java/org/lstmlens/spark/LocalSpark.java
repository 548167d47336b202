package org.lstmlens.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.lstmlens.error.LstmException;

/**
 * A Spark session in local mode inside this JVM, for a notebook, a test or a benchmark: {@code threads} worker
 * threads, no web UI, bound to the loopback address, its warehouse in a temporary folder, as many shuffle partitions
 * as threads. The JVM needs the {@code --add-opens} of Spark's launcher on Java 17 (the kernel's jar carries them;
 * README, "Apache Spark"). On a cluster use the session spark-submit gives instead.
 */
public final class LocalSpark {
    private LocalSpark() {
    }

    /**
     * The session (Spark's active one if a session is already running in this JVM).
     *
     * @throws LstmException if {@code threads} is not positive
     */
    public static SparkSession start(int threads) {
        if (threads < 1) {
            throw new LstmException("LocalSpark.start(" + threads + "): needs at least 1 thread");
        }
        String warehouse;
        try {
            Path dir = Files.createTempDirectory("lstmlens-spark-warehouse");
            dir.toFile().deleteOnExit(); // stays empty unless a table is saved: then the user keeps it
            warehouse = dir.toUri().toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a temporary folder for Spark's warehouse", e);
        }
        return SparkSession.builder()
                .appName("lstm-lens")
                .master("local[" + threads + "]")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", String.valueOf(threads))
                .config("spark.sql.warehouse.dir", warehouse)
                .getOrCreate();
    }
}
