package org.lstmlens.data;

import java.io.Serializable;
import java.util.Objects;

/**
 * What one sequence gave: the model's output, the attribution of the target to every input value, its completeness
 * gap, its top lag, and optionally the state summary and the selection's match score. The values the
 * {@link DatasetSummary} aggregates, and the rows of a per-sequence table.
 *
 * @param index position in the dataset
 * @param id the sequence's id
 * @param label its given class label, or {@link Sequence#NO_LABEL}
 * @param output the model's explained output at the target's step (all units)
 * @param predicted the unit {@code output} ranks first
 * @param targetClass the output unit explained for this sequence (its label, its predicted class, the output index),
 *     or -1 for a sum or a gate target
 * @param value the explained scalar f(x)
 * @param attribution {@code [timestep][feature]} in input time order ({@code [timestep][0]} for occlusion)
 * @param reference the lag of a timestep is {@code reference - timestep} (the target's step, +1 for a forecast)
 * @param gap for integrated gradients and occlusion, {@code sum(attribution) - (f(x) - f(baseline))}; else NaN
 * @param baselineValue f(baseline) for integrated gradients and occlusion, else NaN
 * @param topLag the lag whose timestep has the largest summed |attribution| (the earliest on ties)
 * @param states the state summary when the job asked for one, else null
 * @param match the selection's score when the job selects, else NaN
 */
public record SequenceResult(long index, String id, int label, double[] output, int predicted, int targetClass,
        double value, double[][] attribution, int reference, double gap, double baselineValue, int topLag,
        StateSummary states, double match) implements Serializable {

    public SequenceResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(attribution, "attribution");
    }

    /** Timesteps. */
    public int steps() {
        return attribution.length;
    }

    /** Features of the attribution (1 for occlusion of whole timesteps). */
    public int features() {
        return attribution[0].length;
    }

    /** The lag of input timestep {@code timestep}. */
    public int lag(int timestep) {
        return reference - timestep;
    }

    /** The class this sequence counts under in per-class aggregates: its label if given, else its prediction. */
    public int classKey() {
        return label != Sequence.NO_LABEL ? label : predicted;
    }

    /** Whether the method has a completeness gap (integrated gradients and occlusion). */
    public boolean hasGap() {
        return !Double.isNaN(gap);
    }

    /** |gap| / |f(x) - f(baseline)| (|gap| itself where f(x) = f(baseline)); NaN without a gap. */
    public double relativeGap() {
        double delta = Math.abs(value - baselineValue);
        return delta == 0 ? Math.abs(gap) : Math.abs(gap) / delta;
    }

    @Override
    public String toString() {
        return "SequenceResult[" + index + ", \"" + id + "\", predicted " + predicted + ", top lag " + topLag
                + (hasGap() ? ", gap " + gap : "") + "]";
    }
}
