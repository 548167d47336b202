package org.lstmlens.data;

import java.io.Serializable;

/**
 * One sequence's recurrent state, as the state statistics aggregate it: the layer's output h of every unit at every
 * step, and the survival of what each step wrote into the state through the keeping gate (an LSTM's forget gate, a
 * GRU's update gate; none for a SimpleRNN).
 *
 * @param h {@code [timestep][unit]} in input time order
 * @param survival {@code [lag][unit]}: of what the step at that lag (from the last step) wrote, the fraction left at
 *     the last step; null for a cell without a keeping gate
 * @param horizon the largest lag whose survival, averaged over the units, is at least {@link #THRESHOLD}; -1 without
 *     a keeping gate
 */
public record StateSummary(double[][] h, double[][] survival, int horizon) implements Serializable {
    /** The survival a lag needs to count within the memory horizon. */
    public static final double THRESHOLD = 0.1;

    /** Units of the layer. */
    public int units() {
        return h[0].length;
    }

    /** Whether the cell has a keeping gate (so survival and a horizon). */
    public boolean hasMemory() {
        return survival != null;
    }
}
