package org.lstmlens.data;

import java.io.Serializable;
import java.util.Objects;

/**
 * "Find the sequences where unit k behaves like this" (LSTMVis's select-and-match, kept simple): a unit's output h of
 * a recurrent layer over a range of timesteps, and how a sequence's values there are scored (higher matches better):
 * <ul>
 *   <li>{@link Match#ABOVE}: the fraction of the range's steps where h is above the threshold (0..1);</li>
 *   <li>{@link Match#CORRELATION}: Pearson's correlation of h with the pattern (-1..1; 0 where either is flat);</li>
 *   <li>{@link Match#DISTANCE}: minus the root-mean-square distance of h from the pattern (0 is a perfect match).</li>
 * </ul>
 *
 * @param layer the recurrent layer (null: the first one)
 * @param unit the unit
 * @param from first timestep of the range, in input order
 * @param to last timestep of the range, inclusive
 * @param match how a sequence is scored
 * @param threshold for {@link Match#ABOVE}
 * @param pattern for {@link Match#CORRELATION} and {@link Match#DISTANCE}: one value per step of the range
 */
public record UnitPattern(String layer, int unit, int from, int to, Match match, double threshold, double[] pattern)
        implements Serializable {
    /** How a sequence's values over the range are scored. */
    public enum Match {
        ABOVE, CORRELATION, DISTANCE
    }

    public UnitPattern {
        Objects.requireNonNull(match, "match");
    }

    /** Unit {@code unit} above {@code threshold} over timesteps {@code from..to}. */
    public static UnitPattern above(int unit, int from, int to, double threshold) {
        return new UnitPattern(null, unit, from, to, Match.ABOVE, threshold, null);
    }

    /** Unit {@code unit} correlated with {@code pattern} over timesteps {@code from..} (one value per step). */
    public static UnitPattern correlatedWith(int unit, int from, double... pattern) {
        return new UnitPattern(null, unit, from, from + pattern.length - 1, Match.CORRELATION, 0, pattern.clone());
    }

    /** Unit {@code unit} close to {@code pattern} over timesteps {@code from..} (one value per step). */
    public static UnitPattern closeTo(int unit, int from, double... pattern) {
        return new UnitPattern(null, unit, from, from + pattern.length - 1, Match.DISTANCE, 0, pattern.clone());
    }

    /** The same pattern on recurrent layer {@code name}. */
    public UnitPattern inLayer(String name) {
        return new UnitPattern(name, unit, from, to, match, threshold, pattern);
    }

    /** e.g. {@code unit 3 above 0.5 over steps 4..9}. */
    public String describe() {
        String what = match == Match.ABOVE ? "above " + threshold : match == Match.CORRELATION ? "correlated with a "
                + "pattern" : "close to a pattern";
        return "unit " + unit + (layer == null ? "" : " of \"" + layer + "\"") + " " + what + " over steps " + from
                + ".." + to;
    }
}
