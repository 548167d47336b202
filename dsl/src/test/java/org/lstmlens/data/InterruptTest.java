package org.lstmlens.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.lstmlens.io.ModelLoader;
import org.lstmlens.model.Model;
import org.lstmlens.testing.NotebookData;

/**
 * An interrupt stops a run promptly and keeps what the finished batches gave, labelled partial: exactly the summary of
 * a complete run over the sequences it covers.
 */
class InterruptTest {
    private static final Model LAG5 = ModelLoader.load(NotebookData.folder().resolve("lag5.keras"));

    @Test
    void should_keep_the_finished_batches_labelled_partial() {
        double[][][] x = DatasetRunTest.uniform(21, 2000, 12);
        DatasetJob job = DatasetJob.forLoadedModel().integratedGradients(8).batchSize(16);
        AtomicInteger seen = new AtomicInteger();
        DatasetResult r;
        try {
            r = DatasetRun.of(job, LAG5).threads(2).forEachResult(res -> {
                if (seen.incrementAndGet() == 100) {
                    Thread.currentThread().interrupt();   // as the kernel does on an interrupt
                }
            }).run(Datasets.arrays(x));
        } finally {
            assertThat(Thread.interrupted()).as("the interrupt stays visible to callers further up").isTrue();
        }
        assertThat(r.partial()).isTrue();
        long n = r.summary().sequences();
        assertThat(n).isBetween(100L, 400L).matches(k -> k % 16 == 0, "whole batches");
        assertThat(r.headline()).contains("PARTIAL: dataset").contains("interrupted after");

        double[][][] prefix = java.util.Arrays.copyOf(x, (int) n);
        DatasetSummary complete = DatasetRun.of(job, LAG5).threads(1).run(Datasets.arrays(prefix)).summary();
        assertThat(r.summary().meanAbs()).isDeepEqualTo(complete.meanAbs());
        assertThat(r.summary().topLagCount(5)).isEqualTo(complete.topLagCount(5));
    }
}
