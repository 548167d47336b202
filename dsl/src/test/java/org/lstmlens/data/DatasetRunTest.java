package org.lstmlens.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lstmlens.influence.Attribution;
import org.lstmlens.influence.ModelInfluence;
import org.lstmlens.io.ModelLoader;
import org.lstmlens.model.Model;
import org.lstmlens.testing.NotebookData;

/**
 * A run over a dataset against the same sequences explained one at a time by the single-sequence influence API and
 * aggregated here, independently, in plain double arithmetic; and one thread against several, to the last bit. The
 * model is notebooks/data/lag5 (real Keras 3, trained to output x[T-1-5]), so the top lag is also known: 5.
 */
class DatasetRunTest {
    /** Plain summation here against exact summation there: relative rounding of n = 120 terms. */
    static final double SUM_ROUNDING = 1e-12;

    private static final Model LAG5 = ModelLoader.load(NotebookData.folder().resolve("lag5.keras"));

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

    private static DatasetJob job() {
        return DatasetJob.forLoadedModel().integratedGradients(16).batchSize(32).states(true)
                .select(UnitPattern.above(3, 6, 11, 0.2)).keepMatches(5);
    }

    @Test
    void should_equal_the_single_sequence_api_aggregated_independently() {
        double[][][] x = uniform(7, 120, 12);
        DatasetResult r = DatasetRun.of(job(), LAG5).threads(2).keepResults(true).run(Datasets.arrays(x));
        DatasetSummary s = r.summary();
        assertThat(s.sequences()).isEqualTo(120);
        assertThat(r.partial()).isFalse();

        double[] absByStep = new double[12];
        double[] signedByStep = new double[12];
        long[] top = new long[12];
        double gapSum = 0;
        for (int b = 0; b < x.length; b++) {
            Attribution a = ModelInfluence.of(LAG5).on(x[b]).integratedGradients(16).attributions();
            double[][] v = a.toArray()[0];
            assertThat(r.results().get(b).gap()).as("gap of %d", b)
                    .isCloseTo(a.completenessGap()[0], within(1e-12));
            int best = 0;
            double most = -1;
            for (int t = 11; t >= 0; t--) {
                absByStep[t] += Math.abs(v[t][0]);
                signedByStep[t] += v[t][0];
                if (Math.abs(v[t][0]) > most) {
                    most = Math.abs(v[t][0]);
                    best = t;
                }
            }
            top[best]++;
            gapSum += a.completenessGap()[0];
        }
        for (int t = 0; t < 12; t++) {
            assertThat(s.meanAbsByStep()[t]).as("mean |a| at %d", t)
                    .isCloseTo(absByStep[t] / 120, within(SUM_ROUNDING * (1 + absByStep[t])));
            assertThat(s.meanByStep()[t]).isCloseTo(signedByStep[t] / 120, within(SUM_ROUNDING * 10));
            assertThat(s.topLagCount(11 - t)).as("top lag %d", 11 - t).isEqualTo(top[t]);
        }
        assertThat(s.meanGap()).isCloseTo(gapSum / 120, within(1e-12));
        // known truth: lag5 outputs the input 5 steps before the last
        assertThat(s.topLagShare(5)).isGreaterThan(0.95);
    }

    @Test
    void should_give_the_same_bits_on_one_thread_and_on_several() {
        double[][][] x = uniform(11, 100, 12);
        DatasetSummary one = DatasetRun.of(job(), LAG5).threads(1).run(Datasets.arrays(x)).summary();
        DatasetSummary three = DatasetRun.of(job(), LAG5).threads(3).run(Datasets.arrays(x)).summary();
        assertSameBits(one, three);
    }

    @Test
    void should_merge_in_any_order_to_the_same_bits() {
        double[][][] x = uniform(13, 60, 12);
        List<SequenceResult> results = DatasetRun.of(job(), LAG5).threads(1).keepResults(true)
                .run(Datasets.arrays(x)).results();
        DatasetSummary forward = DatasetSummary.of(job());
        results.forEach(forward::add);
        List<SequenceResult> reversed = new ArrayList<>(results);
        java.util.Collections.reverse(reversed);
        DatasetSummary a = DatasetSummary.of(job());
        DatasetSummary b = DatasetSummary.of(job());
        for (int i = 0; i < reversed.size(); i++) {
            (i % 3 == 0 ? a : b).add(reversed.get(i));
        }
        assertSameBits(forward, b.merge(a));
    }

    /**
     * The product kernels sum a batch's rows in blocks, so a sequence's last bits depend on its batch's members: the
     * runners form batches by index ({@link DatasetJob#batchOf}); alone and in a batch agree to float noise.
     */
    @Test
    void should_explain_a_sequence_alike_alone_and_in_a_batch() {
        double[][][] x = uniform(17, 40, 12);
        SequenceExplainer e = SequenceExplainer.of(job(), LAG5);
        List<Sequence> batch = new ArrayList<>();
        for (int b = 0; b < x.length; b++) {
            batch.add(Sequence.of(b, "s" + b, x[b]));
        }
        List<SequenceResult> together = e.explain(batch);
        for (int b = 0; b < x.length; b += 13) {
            SequenceResult alone = e.explain(List.of(batch.get(b))).get(0);
            for (int t = 0; t < 12; t++) {
                assertThat(alone.attribution()[t][0]).as("sequence %d, timestep %d", b, t)
                        .isCloseTo(together.get(b).attribution()[t][0], within(1e-13));
                assertThat(alone.states().h()[t]).containsExactly(together.get(b).states().h()[t], within(1e-13));
            }
            assertThat(alone.gap()).isCloseTo(together.get(b).gap(), within(1e-13));
        }
    }

    static void assertSameAttributions(DatasetSummary p, DatasetSummary q) {
        assertThat(q.sequences()).isEqualTo(p.sequences());
        assertThat(q.meanAbs()).isDeepEqualTo(p.meanAbs());
        assertThat(q.mean()).isDeepEqualTo(p.mean());
        for (int lag : p.lags()) {
            assertThat(q.meanShare(lag)).isEqualTo(p.meanShare(lag));
            assertThat(q.shareQuantile(lag, 0.9)).isEqualTo(p.shareQuantile(lag, 0.9));
            assertThat(q.topLagCount(lag)).isEqualTo(p.topLagCount(lag));
        }
        assertThat(q.classes()).isEqualTo(p.classes());
        assertThat(q.correct()).isEqualTo(p.correct());
    }

    static void assertSameBits(DatasetSummary p, DatasetSummary q) {
        assertSameAttributions(p, q);
        assertThat(q.meanGap()).isEqualTo(p.meanGap());
        assertThat(q.relativeGapQuantile(0.5)).isEqualTo(p.relativeGapQuantile(0.5));
        for (int k = 0; k < p.units(); k++) {
            assertThat(q.meanActivation(k)).isEqualTo(p.meanActivation(k));
            assertThat(q.activationQuantile(k, 0.25)).isEqualTo(p.activationQuantile(k, 0.25));
        }
        assertThat(q.memoryHorizon()).isEqualTo(p.memoryHorizon());
        assertThat(q.meanSurvival(3)).isEqualTo(p.meanSurvival(3));
        assertThat(q.matches()).isEqualTo(p.matches());
    }
}
