package org.lstmlens.influence;

import java.util.Arrays;
import org.lstmlens.core.Band;
import org.lstmlens.core.RecurrentCell;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.ShapeException;

/**
 * The scalar an attribution explains: a weighting of the explained output's units at one output step,
 * {@code f(x) = sum_k w_k * y[step][k]}. One unit, the sum of all units, any weighting, or each sample's predicted
 * class (the unit its output ranks first: the default for softmax and sigmoid outputs, whose sum says nothing); at
 * the last step unless another is chosen. Inside a recurrent layer it may instead be one gate's activation (LSTM i,
 * f, c, o; GRU z, r, h) or an LSTM's cell state of a unit ({@link #gate(String, int)}, {@link #cell(int)}); a gate
 * name is resolved against the layer's cell when the target meets it. Immutable.
 */
public final class Target {
    private static final int LAST = -1;
    private static final int SUM = -1;
    private static final int WEIGHTS = -2;
    private static final int PREDICTED = -3;
    private static final int GIVEN = -4;
    /** Predicted classes listed in a description before "...". */
    private static final int CLASSES_SHOWN = 8;

    private final int unit;          // >= 0 for one unit, else SUM, WEIGHTS or PREDICTED
    private final double[] weights;  // only for WEIGHTS
    private final int[] classes;     // only for PREDICTED once resolved: one per sample
    private final int step;          // LAST or a processing step
    private final String gateName;   // a gate's activation instead of the output, as typed, or null
    private final Band gate;         // that gate, once resolved against a cell, or null
    private final boolean cell;      // the cell state instead of the output
    private final String layer;      // the recurrent layer of a gate or cell target inside a model; null: the layer

    private Target(int unit, double[] weights, int[] classes, int step, String gateName, Band gate, boolean cell,
            String layer) {
        this.unit = unit;
        this.weights = weights;
        this.classes = classes;
        this.step = step;
        this.gateName = gateName;
        this.gate = gate;
        this.cell = cell;
        this.layer = layer;
    }

    private static Target output(int unit, double[] weights) {
        return new Target(unit, weights, null, LAST, null, null, false, null);
    }

    /**
     * The activation of gate {@code gate} of one unit of a recurrent layer: what moved, say, the forget gate. The names
     * are the cell's: LSTM i/input, f/forget, c/g/candidate, o/output; GRU z/update, r/reset, h/candidate/n.
     *
     * @throws ShapeException if the name is empty or the unit negative
     */
    public static Target gate(String gate, int unit) {
        Target t = unit(unit);
        if (gate == null || gate.isBlank()) {
            throw new ShapeException("target gate: expected a gate name (LSTM i, f, c, o; GRU z, r, h), got "
                    + (gate == null ? "null" : "\"" + gate + "\""));
        }
        return new Target(t.unit, null, null, LAST, gate, null, false, null);
    }

    /** The cell state c of one unit of an LSTM layer (what its memory holds). */
    public static Target cell(int unit) {
        Target t = unit(unit);
        return new Target(t.unit, null, null, LAST, null, null, true, null);
    }

    /**
     * One output unit (or class).
     *
     * @throws ShapeException if the unit is negative
     */
    public static Target unit(int unit) {
        if (unit < 0) {
            throw new ShapeException("target unit " + unit + " is negative; units count from 0");
        }
        return output(unit, null);
    }

    /** The sum of every output unit. */
    public static Target sum() {
        return output(SUM, null);
    }

    /**
     * Each sample's predicted class: the unit its output ranks first (for one sigmoid unit, that unit). The default
     * for softmax and sigmoid outputs; the classes found are shown with the results.
     */
    public static Target predicted() {
        return output(PREDICTED, null);
    }

    /**
     * A class given for each sample (e.g. a dataset's labels): sample {@code b} explains output unit
     * {@code classes[b]}.
     *
     * @throws ShapeException if none is given or one is negative
     */
    public static Target classes(int... classes) {
        if (classes == null || classes.length == 0) {
            throw new ShapeException("target classes: expected one class per sample, got none");
        }
        for (int b = 0; b < classes.length; b++) {
            if (classes[b] < 0) {
                throw new ShapeException("target classes: sample " + b + " has class " + classes[b]
                        + "; classes count from 0");
            }
        }
        return new Target(GIVEN, null, classes.clone(), LAST, null, null, false, null);
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
        return output(WEIGHTS, weights.clone());
    }

    /** The same weighting at output step {@code step} (processing order; needs a model that returns sequences). */
    public Target atStep(int step) {
        if (step < 0) {
            throw new ShapeException("target step " + step + " is negative; steps count from 0 (or use atLastStep())");
        }
        return new Target(unit, weights, classes, step, gateName, gate, cell, layer);
    }

    /** The same weighting at the last step (the default). */
    public Target atLastStep() {
        return new Target(unit, weights, classes, LAST, gateName, gate, cell, layer);
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
        return new Target(unit, weights, classes, step, gateName, cell.band(gateName, "layer \"" + layer + "\""),
                false, this.layer);
    }

    /** This gate or cell target in recurrent layer {@code name} of a model (said in its description). */
    Target inLayer(String name) {
        return new Target(unit, weights, classes, step, gateName, gate, cell, name);
    }

    /** The predicted-class target with the class found for each sample. */
    Target withClasses(int[] found) {
        return new Target(unit, weights, found.clone(), step, gateName, gate, cell, layer);
    }

    /** The gate whose activation is the target, once resolved; null for an output or cell-state target. */
    Band gateOrNull() {
        return gate;
    }

    /** Whether the target lies inside a recurrent layer (a gate or the cell state) rather than at the output. */
    boolean isInternal() {
        return gateName != null || cell;
    }

    boolean isCell() {
        return cell;
    }

    boolean isSum() {
        return unit == SUM;
    }

    boolean isPredicted() {
        return unit == PREDICTED;
    }

    /** Whether each sample has its own unit (predicted or given classes). */
    boolean isPerSample() {
        return unit == PREDICTED || unit == GIVEN;
    }

    /** The classes given per sample, or null. */
    int[] givenClasses() {
        return unit == GIVEN ? classes.clone() : null;
    }

    /** The recurrent layer of an internal target inside a model, or null for the layer explained. */
    String layer() {
        return layer;
    }

    /** Output unit {@code k} at this target's step. */
    Target forUnit(int k) {
        return new Target(k, null, null, step, gateName, gate, cell, layer);
    }

    /** The processing step for a run of {@code steps} steps. */
    int step(int steps) {
        return step == LAST ? steps - 1 : step;
    }

    boolean isLastStep() {
        return step == LAST;
    }

    /**
     * The weight vector over {@code outputs} units for sample {@code sample}.
     *
     * @throws ShapeException if the unit or the weights do not fit the model
     */
    double[] weightsFor(int outputs, String model, int sample) {
        if (unit == PREDICTED || unit == GIVEN) {
            if (classes[sample] >= outputs) {
                throw new ShapeException("target class " + classes[sample] + " of sample " + sample + " does not "
                        + "exist in \"" + model + "\"; valid: 0.." + (outputs - 1));
            }
            double[] w = new double[outputs];
            w[classes[sample]] = 1;
            return w;
        }
        return weightsFor(outputs, model);
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
        if (unit == SUM) {
            double[] w = new double[outputs];
            Arrays.fill(w, 1);
            return w;
        }
        if (unit == PREDICTED || unit == GIVEN) {
            throw new IllegalStateException("the classes are per sample");
        }
        if (weights.length != outputs) {
            throw new ShapeException("target weights for \"" + model + "\": expected " + outputs
                    + " (one per output unit), got " + weights.length);
        }
        return weights.clone();
    }

    /** e.g. {@code unit 2 at the last step}, {@code sum of outputs at step 4}, {@code predicted class 3 ...}. */
    public String describe() {
        String what = unit >= 0 ? "unit " + unit : unit == SUM ? "sum of outputs" : unit == PREDICTED ? predictedText()
                : unit == GIVEN ? "given class of each sample" : "weights " + Arrays.toString(weights);
        String of = gate != null ? gate.title() + " " + gate.symbol() + " of " : gateName != null ? "gate \""
                + gateName + "\" of " : cell ? "cell state c of " : "";
        String in = layer != null ? " of layer \"" + layer + "\"" : "";
        return of + what + in + (step == LAST ? " at the last step" : " at step " + step);
    }

    private String predictedText() {
        if (classes == null) {
            return "predicted class";
        }
        if (classes.length == 1) {
            return "predicted class " + classes[0];
        }
        StringBuilder b = new StringBuilder("predicted class of each sample (");
        for (int i = 0; i < Math.min(classes.length, CLASSES_SHOWN); i++) {
            b.append(i == 0 ? "" : ", ").append(classes[i]);
        }
        return b.append(classes.length > CLASSES_SHOWN ? ", ...)" : ")").toString();
    }

    @Override
    public String toString() {
        return "Target[" + describe() + "]";
    }
}
