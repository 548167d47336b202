package org.lstmlens.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.lstmlens.io.ModelLoader;
import org.lstmlens.model.Model;
import org.lstmlens.testing.NotebookData;

/** Bad sequences are refused or skipped as the user chooses, each named, and every skipped one counted by kind. */
class BadInputTest {
    private static final Model LAG5 = ModelLoader.load(NotebookData.folder().resolve("lag5.keras"));

    private static double[][][] withBadOnes() {
        double[][][] x = DatasetRunTest.uniform(5, 20, 12);
        x[3][4][0] = Double.NaN;
        x[7] = new double[9][1];             // ragged
        x[11][2] = new double[] {0.1, 0.2};  // two features where the model takes one
        x[15][0][0] = Double.NEGATIVE_INFINITY;
        return x;
    }

    @Test
    void should_refuse_the_first_bad_sequence_by_default_naming_it() {
        DatasetJob job = DatasetJob.forLoadedModel().gradient();
        assertThatThrownBy(() -> DatasetRun.of(job, LAG5).run(Datasets.arrays(withBadOnes())))
                .isInstanceOf(BadInputException.class)
                .hasMessage("sequence \"3\" (index 3): NaN or infinite value: NaN at timestep 4, feature 0; values "
                        + "must be finite (to leave such sequences out and count them, use BadInput.SKIP: "
                        + ".badInput(BadInput.SKIP))");
    }

    @Test
    void should_skip_and_count_by_kind_when_asked() {
        DatasetJob job = DatasetJob.forLoadedModel().gradient().badInput(BadInput.SKIP).batchSize(4);
        DatasetResult r = DatasetRun.of(job, LAG5).threads(2).run(Datasets.arrays(withBadOnes()));
        DatasetSummary s = r.summary();
        assertThat(s.sequences()).isEqualTo(16);
        assertThat(s.skipped()).isEqualTo(4);
        assertThat(s.skipped(Problem.Kind.NOT_FINITE)).isEqualTo(2);
        assertThat(s.skipped(Problem.Kind.RAGGED)).isEqualTo(1);
        assertThat(s.skipped(Problem.Kind.WRONG_FEATURES)).isEqualTo(1);
        assertThat(s.problems()).extracting(Problem::message).containsExactly(
                "sequence \"3\" (index 3): NaN or infinite value: NaN at timestep 4, feature 0; values must be finite",
                "sequence \"7\" (index 7): ragged: 9 timesteps; expected 12 (every sequence of the dataset has the "
                        + "same length)",
                "sequence \"11\" (index 11): wrong feature count: timestep 2 has 2 features; the model takes 1",
                "sequence \"15\" (index 15): NaN or infinite value: -Infinity at timestep 0, feature 0; values must "
                        + "be finite");
        assertThat(r.headline()).contains("16 sequences (4 skipped: 1 ragged, 1 wrong feature count, 2 NaN or "
                + "infinite value)");
    }

    @Test
    void should_count_a_missing_label_when_the_target_is_the_label() {
        DatasetJob job = DatasetJob.forLoadedModel().gradient().target(JobTarget.labels()).badInput(BadInput.SKIP);
        int[] labels = new int[20];   // lag5 has one output: class 0 only
        labels[6] = 1;
        DatasetSummary s = DatasetRun.of(job, LAG5).run(Datasets.arrays(DatasetRunTest.uniform(1, 20, 12), labels))
                .summary();
        assertThat(s.skipped(Problem.Kind.BAD_LABEL)).isEqualTo(1);
        assertThat(s.problems().get(0).message()).isEqualTo("sequence \"6\" (index 6): bad label: label 1; the target "
                + "is each sequence's label, a class in 0..0");
    }

    @Test
    void should_refuse_a_broken_file_row_from_the_reader_too() {
        DatasetJob job = DatasetJob.forLoadedModel().gradient().badInput(BadInput.SKIP);
        Dataset csv = Datasets.csv(DatasetReadersTest.data("series.csv")).features("u").windows(12, 4);
        DatasetSummary s = DatasetRun.of(job, LAG5).run(csv).summary();
        assertThat(s.sequences()).isEqualTo(3);   // windows at rows 1, 5, 9
        assertThat(s.skipped()).isZero();
    }
}
