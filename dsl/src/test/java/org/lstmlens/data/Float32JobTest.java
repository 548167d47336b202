package org.lstmlens.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lstmlens.core.Precision;
import org.lstmlens.dsl.DatasetView;
import org.lstmlens.dsl.Lstm;
import org.lstmlens.influence.Attribution;
import org.lstmlens.influence.Influence;
import org.lstmlens.model.Model;
import org.lstmlens.testing.TorchFixtures;
import org.lstmlens.testing.TorchGradients;

/**
 * {@link DatasetJob#float32()}: a dataset run in float32 gives, per sequence and to the bit, what
 * {@code Influence...float32()} gives on the same batch (the job only configures the influence), its description names
 * float32, the DSL's dataset view asks it, and the precision travels with the job to a cluster. On torch's
 * nn.LSTM(32, 64) of {@code make_float32_gradients.py} and its 64 sequences.
 */
class Float32JobTest {
    private static final TorchGradients LARGE = TorchGradients.of("f32grad_lstm_large");

    @Test
    void should_give_the_bits_of_influence_in_float32_per_sequence() {
        Model model = LARGE.model();
        double[][][] x = LARGE.x();
        DatasetJob job = DatasetJob.forLoadedModel().integratedGradients(16).target(JobTarget.sum()).float32();

        List<SequenceResult> run = DatasetRun.of(job, model).threads(2).keepResults(true).run(Datasets.arrays(x))
                .results();
        Attribution direct = Influence.of(model).on(x).sum().integratedGradients(16).batchSize(job.batchSize())
                .float32().attributions();

        assertThat(direct.methodDetail()).isEqualTo("integrated gradients (16 steps, baseline 0, float32)");
        assertThat(run).hasSize(x.length);
        double[][][] want = direct.toArray();
        for (int b = 0; b < x.length; b++) {
            assertThat(run.get(b).index()).isEqualTo(b);
            assertThat(run.get(b).attribution()).as("sequence " + b).isDeepEqualTo(want[b]);
            assertThat(run.get(b).value()).as("f(x) of sequence " + b).isEqualTo(direct.output()[b]);
        }
    }

    @Test
    void should_name_float32_and_keep_it_through_serialisation() throws Exception {
        DatasetJob job = DatasetJob.of("m.pt").integratedGradients(16).float32();

        DatasetJob back = trip(job);

        assertThat(DatasetJob.of("m.pt").precision()).isEqualTo(Precision.DOUBLE);
        assertThat(back.precision()).isEqualTo(Precision.FLOAT32);
        assertThat(back).isEqualTo(job);
        assertThat(back.describe()).isEqualTo("integrated gradients (16 steps, baseline 0.0, float32) of "
                + JobTarget.defaults().describe());
        assertThat(job.gradient().describe()).startsWith("gradient (float32) of ");
        assertThat(job.occlusion(2).describe()).startsWith("occlusion (window 2, baseline 0.0, float32) of ");
        assertThat(job.target(JobTarget.gate("lstm", "f", 0)).describe()).doesNotContain("float32");
        assertThat(DatasetJob.of("m.pt").describe()).doesNotContain("float32");
    }

    @Test
    void should_ask_float32_from_the_dsl() {
        var m = new Lstm().load(TorchFixtures.file("f32grad_lstm_large.pt").toString());
        DatasetView d = m.dataset(Datasets.arrays(LARGE.x())).integratedGradients(16).float32();

        assertThat(d.job().precision()).isEqualTo(Precision.FLOAT32);
        assertThat(d.toString()).contains("integrated gradients (16 steps, baseline 0.0, float32)");
        assertThat(m.influence(LARGE.x()).float32().toString()).contains("integrated gradients (64 steps, float32)");
    }

    private static DatasetJob trip(DatasetJob job) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(job);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (DatasetJob) in.readObject();
        }
    }
}
