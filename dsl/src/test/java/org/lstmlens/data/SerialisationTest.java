package org.lstmlens.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lstmlens.io.ModelLoader;
import org.lstmlens.model.Model;
import org.lstmlens.testing.NotebookData;

/**
 * What travels to a cluster's executors and back (the job, per-sequence results, partial summaries) survives Java
 * serialisation, and summaries merged after the trip give the same bits as one built in place.
 */
class SerialisationTest {
    private static final Model LAG5 = ModelLoader.load(NotebookData.folder().resolve("lag5.keras"));

    @SuppressWarnings("unchecked")
    private static <T> T trip(T value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    @Test
    void should_travel_and_merge_to_the_same_bits() throws Exception {
        DatasetJob job = trip(DatasetJob.of("lag5.keras").integratedGradients(8).states(true)
                .select(UnitPattern.above(1, 3, 9, 0.1)).target(JobTarget.sum()).badInput(BadInput.SKIP));
        assertThat(job.describe()).isEqualTo("integrated gradients (8 steps, baseline 0.0) of sum of outputs");
        assertThat(job.select().describe()).isEqualTo("unit 1 above 0.1 over steps 3..9");
        double[][][] x = DatasetRunTest.uniform(31, 40, 12);
        x[5][2][0] = Double.NaN;
        SequenceExplainer e = SequenceExplainer.of(job, LAG5);
        DatasetSummary here = DatasetRun.of(job, LAG5).threads(1).run(Datasets.arrays(x)).summary();
        DatasetSummary left = DatasetSummary.of(job);
        DatasetSummary right = DatasetSummary.of(job);
        for (int from = 0; from < 40; from += job.batchSize()) {
            List<Sequence> batch = new java.util.ArrayList<>();
            for (int i = from; i < Math.min(40, from + job.batchSize()); i++) {
                Sequence s = Sequence.of(i, String.valueOf(i), x[i]);
                Problem p = e.check(s, 12);
                if (p != null) {
                    right.skip(trip(p));
                } else {
                    batch.add(s);
                }
            }
            for (SequenceResult r : trip(e.explain(batch))) {
                (r.index() % 2 == 0 ? left : right).add(r);
            }
        }
        DatasetSummary merged = trip(right).merge(trip(left));
        DatasetRunTest.assertSameBits(here, merged);
        assertThat(merged.problems()).isEqualTo(here.problems());
    }
}
