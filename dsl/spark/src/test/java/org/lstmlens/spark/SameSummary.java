package org.lstmlens.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.lstmlens.data.DatasetSummary;
import org.lstmlens.data.Problem;

/**
 * Two summaries equal to the last bit in every figure they give: counts, problems, every grid, every lag's shares,
 * quantiles and top-lag counts, every class, the gap, the states, the matches. Doubles are compared by their bits.
 */
final class SameSummary {
    private SameSummary() {
    }

    static void assertSame(DatasetSummary actual, DatasetSummary expected) {
        assertThat(actual.sequences()).as("sequences").isEqualTo(expected.sequences());
        assertThat(actual.skipped()).as("skipped").isEqualTo(expected.skipped());
        for (Problem.Kind kind : Problem.Kind.values()) {
            assertThat(actual.skipped(kind)).as("skipped %s", kind).isEqualTo(expected.skipped(kind));
        }
        assertThat(actual.problems()).as("problems").isEqualTo(expected.problems());
        assertThat(actual.predictedCounts()).as("predicted").isEqualTo(expected.predictedCounts());
        assertThat(actual.labelled()).as("labelled").isEqualTo(expected.labelled());
        assertThat(actual.correct()).as("correct").isEqualTo(expected.correct());
        if (expected.sequences() > 0) {
            attributions(actual, expected);
        }
        gaps(actual, expected);
        assertThat(actual.hasStates()).as("states").isEqualTo(expected.hasStates());
        if (expected.hasStates()) {
            states(actual, expected);
        }
        assertThat(actual.matches()).as("matches").isEqualTo(expected.matches());
    }

    private static void attributions(DatasetSummary actual, DatasetSummary expected) {
        assertThat(actual.steps()).as("steps").isEqualTo(expected.steps());
        assertThat(actual.features()).as("features").isEqualTo(expected.features());
        assertThat(actual.lags()).as("lags").containsExactly(expected.lags());
        assertThat(actual.meanAbs()).as("mean |a|").isDeepEqualTo(expected.meanAbs());
        assertThat(actual.mean()).as("mean a").isDeepEqualTo(expected.mean());
        assertThat(actual.meanAbsByStep()).as("mean |a| by step").containsExactly(expected.meanAbsByStep());
        assertThat(actual.meanByStep()).as("mean a by step").containsExactly(expected.meanByStep());
        assertThat(actual.meanAbsByFeature()).as("mean |a| by feature").containsExactly(expected.meanAbsByFeature());
        assertThat(actual.meanByFeature()).as("mean a by feature").containsExactly(expected.meanByFeature());
        for (int lag : expected.lags()) {
            bits("mean share at lag " + lag, actual.meanShare(lag), expected.meanShare(lag));
            for (double q : new double[] {0.1, 0.5, 0.9}) {
                bits("share quantile " + q + " at lag " + lag, actual.shareQuantile(lag, q),
                        expected.shareQuantile(lag, q));
            }
            assertThat(actual.topLagCount(lag)).as("top lag count %d", lag).isEqualTo(expected.topLagCount(lag));
        }
        assertThat(actual.classes()).as("classes").isEqualTo(expected.classes());
        for (int cls : expected.classes()) {
            assertThat(actual.count(cls)).as("count of class %d", cls).isEqualTo(expected.count(cls));
            assertThat(actual.meanAbsByStep(cls)).as("class %d", cls).containsExactly(expected.meanAbsByStep(cls));
            assertThat(actual.meanByStep(cls)).as("class %d", cls).containsExactly(expected.meanByStep(cls));
            for (int lag : expected.lags()) {
                bits("class " + cls + " top lag " + lag, actual.topLagShare(cls, lag), expected.topLagShare(cls, lag));
            }
        }
    }

    private static void gaps(DatasetSummary actual, DatasetSummary expected) {
        assertThat(actual.gapCount()).as("gaps").isEqualTo(expected.gapCount());
        if (expected.gapCount() > 0) {
            bits("mean gap", actual.meanGap(), expected.meanGap());
            bits("mean |gap|", actual.meanAbsGap(), expected.meanAbsGap());
            bits("max relative gap", actual.maxRelativeGap(), expected.maxRelativeGap());
            bits("median relative gap", actual.relativeGapQuantile(0.5), expected.relativeGapQuantile(0.5));
        }
    }

    private static void states(DatasetSummary actual, DatasetSummary expected) {
        assertThat(actual.units()).as("units").isEqualTo(expected.units());
        for (int k = 0; k < expected.units(); k++) {
            bits("mean h of unit " + k, actual.meanActivation(k), expected.meanActivation(k));
            bits("median h of unit " + k, actual.activationQuantile(k, 0.5), expected.activationQuantile(k, 0.5));
        }
        assertThat(actual.hasMemory()).as("memory").isEqualTo(expected.hasMemory());
        if (expected.hasMemory()) {
            assertThat(actual.memoryHorizon()).as("horizon").isEqualTo(expected.memoryHorizon());
            for (int lag = 0; lag < expected.steps(); lag++) {
                bits("mean survival at lag " + lag, actual.meanSurvival(lag), expected.meanSurvival(lag));
                bits("horizon share " + lag, actual.horizonShare(lag), expected.horizonShare(lag));
            }
        }
    }

    private static void bits(String what, double actual, double expected) {
        assertThat(Double.doubleToLongBits(actual)).as("%s: %s vs %s", what, actual, expected)
                .isEqualTo(Double.doubleToLongBits(expected));
    }
}
