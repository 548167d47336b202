package org.lstmlens.influence;

import java.util.Arrays;
import org.lstmlens.core.Band;
import org.lstmlens.core.RecurrentCell;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.ShapeException;

/**
 * The scalar an attribution explains: a weighting of the model's output units at one output step,
 * {@code f(x) = sum_k w_k * y[step][k]}. One unit, the sum of all units, or any weighting; at the last step unless
 * another is chosen. Inside a single recurrent layer it may instead be one gate's activation (LSTM i, f, c, o; GRU z,
 * r, h) or an LSTM's cell state of a unit ({@link #gate(String, int)}, {@link #cell(int)}); a gate name is resolved
 * against the layer's cell when the target meets it. Immutable.
 */
public final class Target {
    private static final int LAST = -1;

    private final int unit;          // >= 0 for one unit, -1 for the sum, -2 for custom weights
    private final double[] weights;  // only for custom weights
    private final int step;          // LAST or a processing step
    private final String gateName;   // a gate's activation instead of the output, as typed, or null
    private final Band gate;         // that gate, once resolved against a cell, or null
    private final boolean cell;      // the cell state instead of the output

    private Target(int unit, double[] weights, int step) {
        this(unit, weights, step, null, null, false);
    }

    private Target(int unit, double[] weights, int step, String gateName, Band gate, boolean cell) {
        this.unit = unit;
        this.weights = weights;
        this.step = step;
        this.gateName = gateName;
        this.gate = gate;
        this.cell = cell;
    }

    /**
     * The activation of gate {@code gate} of one unit of a recurrent layer: what moved, say, the forget gate. The names
     * are the cell's: LSTM i/input, f/forget, c/g/candidate, o/output; GRU z/update, r/reset, h/candidate/n.
     *
     * @throws ShapeException if the name is empty
     */
    public static Target gate(String gate, int unit) {
        Target t = unit(unit);
        if (gate == null || gate.isBlank()) {
            throw new ShapeException("target gate: expected a gate name (LSTM i, f, c, o; GRU z, r, h), got "
                    + (gate == null ? "null" : "\"" + gate + "\""));
        }
        return new Target(t.unit, null, LAST, gate, null, false);
    }

    /** The cell state c of one unit of an LSTM layer (what its memory holds). */
    public static Target cell(int unit) {
        Target t = unit(unit);
        return new Target(t.unit, null, LAST, null, null, true);
    }

    /**
     * One output unit (or class).
     *
     * @throws LstmException if the unit is negative
     */
    public static Target unit(int unit) {
        if (unit < 0) {
            throw new ShapeException("target unit " + unit + " is negative; units count from 0");
        }
        return new Target(unit, null, LAST);
    }

    /** The sum of every output unit. */
    public static Target sum() {
        return new Target(-1, null, LAST);
    }

    /**
     * A custom weighting, one weight per output unit.
     *
     * @throws ShapeException if no weights are given
     */
    public static Target weights(double... weights) {
        if (weights == null || weights.length == 0) {
            throw new ShapeException("target weights: expected one weight per output unit, got none");
        }
        return new Target(-2, weights.clone(), LAST);
    }

    /** The same weighting at output step {@code step} (processing order; needs a model that returns sequences). */
    public Target atStep(int step) {
        if (step < 0) {
            throw new ShapeException("target step " + step + " is negative; steps count from 0 (or use atLastStep())");
        }
        return new Target(unit, weights, step, gateName, gate, cell);
    }

    /** The same weighting at the last step (the default). */
    public Target atLastStep() {
        return new Target(unit, weights, LAST, gateName, gate, cell);
    }

    /**
     * This target inside {@code layer}'s cell: its gate name resolved to the cell's band.
     *
     * @throws org.lstmlens.error.NameException for a gate the cell does not have (naming the valid ones)
     * @throws LstmException for a cell-state target on a cell without one
     */
    Target resolvedIn(RecurrentCell cell, String layer) {
        if (this.cell && !cell.hasCellState()) {
            throw new LstmException("target " + describe() + ": layer \"" + layer + "\" (" + cell.kind() + ") has no"
                    + " cell state c, only an LSTM keeps one; its state is h (explain an output unit, or a gate: "
                    + cell.bands().stream().map(Band::symbol).collect(java.util.stream.Collectors.joining(", "))
                    + ")");
        }
        if (gateName == null || gate != null) {
            return this;
        }
        return new Target(unit, weights, step, gateName, cell.band(gateName, "layer \"" + layer + "\""), false);
    }

    /** The gate whose activation is the target, once resolved; null for an output or cell-state target. */
    Band gateOrNull() {
        return gate;
    }

    /** Whether the target lies inside the LSTM layer (a gate or the cell state) rather than at the model's output. */
    boolean isInternal() {
        return gateName != null || cell;
    }

    boolean isCell() {
        return cell;
    }

    /** Output unit {@code k} at this target's step. */
    Target forUnit(int k) {
        return new Target(k, null, step, gateName, gate, cell);
    }

    /** The processing step for a run of {@code steps} steps. */
    int step(int steps) {
        return step == LAST ? steps - 1 : step;
    }

    boolean isLastStep() {
        return step == LAST;
    }

    /**
     * The weight vector over {@code outputs} units.
     *
     * @throws ShapeException if the unit or the weights do not fit the model
     */
    double[] weightsFor(int outputs, String model) {
        if (unit >= 0) {
            if (unit >= outputs) {
                throw new ShapeException("target unit " + unit + " of \"" + model + "\" is out of range; valid: 0.."
                        + (outputs - 1));
            }
            double[] w = new double[outputs];
            w[unit] = 1;
            return w;
        }
        if (unit == -1) {
            double[] w = new double[outputs];
            Arrays.fill(w, 1);
            return w;
        }
        if (weights.length != outputs) {
            throw new ShapeException("target weights for \"" + model + "\": expected " + outputs
                    + " (one per output unit), got " + weights.length);
        }
        return weights.clone();
    }

    /** e.g. {@code unit 2 at the last step}, {@code sum at step 4}. */
    public String describe() {
        String what = unit >= 0 ? "unit " + unit : unit == -1 ? "sum of outputs" : "weights " + Arrays.toString(weights);
        String of = gate != null ? gate.title() + " " + gate.symbol() + " of " : gateName != null ? "gate \""
                + gateName + "\" of " : cell ? "cell state c of " : "";
        return of + what + (step == LAST ? " at the last step" : " at step " + step);
    }

    @Override
    public String toString() {
        return "Target[" + describe() + "]";
    }
}
