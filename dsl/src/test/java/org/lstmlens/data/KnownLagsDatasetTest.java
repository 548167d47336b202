package org.lstmlens.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lstmlens.dsl.DatasetView;
import org.lstmlens.dsl.Lstm;
import org.lstmlens.testing.MiniJson;
import org.lstmlens.testing.NotebookData;

/**
 * The known-truth models of notebooks/data over the test sets make_datasets.py wrote (fresh seeds): lag5 outputs the
 * input 5 steps before the last, lag2_minus_lag7 the one 2 steps before minus 0.8 times the one 7 before, sign_lag3
 * classifies the sign of the input 3 steps before the last (Keras's own test accuracy in datasets.expected.json).
 * Each is asked through the DSL, as the notebook asks.
 */
class KnownLagsDatasetTest {
    private static final Lstm LSTM = new Lstm();

    private static String data(String name) {
        return NotebookData.folder().resolve(name).toString();
    }

    @Test
    void should_find_lag5_on_top_across_the_test_set() {
        DatasetView d = LSTM.load(data("lag5.keras")).dataset(LSTM.npz(data("lag_test.npz"), "x"))
                .integratedGradients(32);
        assertThat(d.run().summary().sequences()).isEqualTo(2000);
        assertThat(d.byLag().top()).isEqualTo(5);
        assertThat(d.byLag().topShare(5)).as(d.byLag().toString()).isGreaterThan(0.95);
    }

    @Test
    void should_find_lags_2_and_7_for_lag2_minus_lag7() {
        LagView v = LSTM.load(data("lag2_minus_lag7.keras")).dataset(LSTM.npz(data("lag_test.npz"), "x"))
                .gradientTimesInput().byLag();
        assertThat(v.topShare(2) + v.topShare(7)).as(v.toString()).isGreaterThan(0.95);
    }

    @Test
    void should_find_lag3_for_both_classes_of_the_classifier_and_keras_accuracy() {
        Map<String, Object> expected = MiniJson.object(NotebookData.expected("datasets").get("sign_lag3"));
        DatasetView d = LSTM.load(data("sign_lag3.keras")).dataset(LSTM.npz(data("sign_test.npz"), "x", "y"))
                .labels().skipBadInput().integratedGradients(32);
        DatasetSummary s = d.run().summary();
        assertThat(s.sequences()).isEqualTo(1998);
        assertThat(s.skipped(Problem.Kind.NOT_FINITE)).isEqualTo(2);
        assertThat(s.problems()).extracting(Problem::index).containsExactly(17L, 1234L);
        assertThat((double) s.correct() / s.labelled()).isEqualTo(
                ((Number) expected.get("test_accuracy_without_nan_sequences")).doubleValue(), org.assertj.core.api
                        .Assertions.within(1.0 / 1998));
        ClassView byClass = d.byClass();
        assertThat(byClass.classes()).containsExactly(0, 1);
        assertThat(byClass.topLag(0)).isEqualTo(3);
        assertThat(byClass.topLag(1)).isEqualTo(3);
        assertThat(s.topLagShare(0, 3)).isGreaterThan(0.9);
        assertThat(s.topLagShare(1, 3)).isGreaterThan(0.9);
    }

    @Test
    void should_read_the_same_sequences_from_csv_rows_as_from_npz() {
        DatasetJob job = DatasetJob.of(data("sign_lag3.keras")).gradient().target(JobTarget.labels()).batchSize(50)
                .badInput(BadInput.SKIP);
        DatasetSummary fromCsv = DatasetRun.of(job).run(Datasets.csv(java.nio.file.Path.of(data(
                "sign_test_rows.csv"))).sequenceId("id").features("x").label("label")).summary();
        double[][][] first = new double[200][][];
        int[] labels = new int[200];
        try (DatasetReader r = Datasets.npz(java.nio.file.Path.of(data("sign_test.npz")), "x", "y").open()) {
            for (int i = 0; i < 200; i++) {
                Sequence s = (Sequence) r.next();
                first[i] = s.values();
                labels[i] = s.label();
            }
        }
        DatasetSummary fromNpz = DatasetRun.of(job).run(Datasets.arrays(first, labels)).summary();
        assertThat(fromCsv.sequences()).isEqualTo(199);
        assertThat(fromCsv.problems()).extracting(Problem::message).containsExactly("sequence \"seq17\" (index 17): NaN "
                + "or infinite value: NaN at timestep 4, feature 0; values must be finite");
        DatasetRunTest.assertSameAttributions(fromCsv, fromNpz);
    }
}
