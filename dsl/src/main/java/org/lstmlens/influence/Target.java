package org.lstmlens.influence;

import java.util.Arrays;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.ShapeException;

/**
 * The scalar an attribution explains: a weighting of the model's output units at one output step,
 * {@code f(x) = sum_k w_k * y[step][k]}. One unit, the sum of all units, or any weighting; at the last step unless
 * another is chosen. Immutable.
 */
public final class Target {
    private static final int LAST = -1;

    private final int unit;          // >= 0 for one unit, -1 for the sum, -2 for custom weights
    private final double[] weights;  // only for custom weights
    private final int step;          // LAST or a processing step

    private Target(int unit, double[] weights, int step) {
        this.unit = unit;
        this.weights = weights;
        this.step = step;
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
        return new Target(unit, weights, step);
    }

    public Target atLastStep() {
        return new Target(unit, weights, LAST);
    }

    /** Output unit {@code k} at this target's step. */
    Target forUnit(int k) {
        return new Target(k, null, step);
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
        return what + (step == LAST ? " at the last step" : " at step " + step);
    }

    @Override
    public String toString() {
        return "Target[" + describe() + "]";
    }
}
