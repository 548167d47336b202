package org.lstmlens.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lstmlens.error.NameException;
import org.lstmlens.error.ShapeException;
import org.lstmlens.model.Model;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.MimeBundle;

/**
 * Whether two files hold the same network, and if not, where they part and why. The recurrent layers of both are
 * matched in order; each pair's weights are compared gate by gate in the core's (Keras's) layout, both run traced on
 * one input, and every gate, h and c compared step by step under one stated {@link Tolerance}. The verdict names the
 * first step and gate where the runs part and the likely cause read from the weights and settings (gates swapped, a
 * bias missing or doubled, directions swapped or reversed, reset_after, activations).
 *
 * <pre>
 *   lstm.compare("model.keras", "converted.h5")              // a seeded random input, stated in the view
 *   lstm.compare(a, b).on(x)                                  // on your own input
 *   lstm.compare(a, b).firstDivergence()                      // step 4, gate f of layer lstm_1
 * </pre>
 *
 * Immutable: {@link #on}, {@link #seed}, {@link #steps} and {@link #tolerance} return a new comparison.
 */
public final class Comparison implements Displayable {
    /** Steps of the default random input. */
    public static final int DEFAULT_STEPS = 10;
    /** Seed of the default random input. */
    public static final long DEFAULT_SEED = 42;

    private final Side a;
    private final Side b;
    private final Inputs.Spec spec;
    private final Tolerance tol;
    private final Compare.Result result;

    private Comparison(Side a, Side b, Inputs.Spec spec, Tolerance tol) {
        this.a = a;
        this.b = b;
        this.spec = spec;
        this.tol = tol;
        this.result = Compare.run(a, b, spec, tol);
    }

    /** Compares two models, called by their names, on a seeded random input. */
    public static Comparison of(Model a, Model b) {
        return of(null, a, null, b);
    }

    /**
     * Compares two models, called {@code labelA} and {@code labelB} in the view (e.g. their file names), on a seeded
     * random input of {@link #DEFAULT_STEPS} steps from {@link #DEFAULT_SEED}.
     *
     * @throws org.lstmlens.error.LstmException when the recurrent layers cannot be matched, naming both
     */
    public static Comparison of(String labelA, Model a, String labelB, Model b) {
        return new Comparison(new Side(labelA, a), new Side(labelB, b), new Inputs.Spec(null, DEFAULT_STEPS,
                DEFAULT_SEED), Tolerance.FLOAT32);
    }

    /**
     * The same comparison on one sequence of yours, steps x features (of the first recurrent layers' input).
     *
     * @throws ShapeException when it does not fit the first recurrent layers
     */
    public Comparison on(double[][] x) {
        if (x == null) {
            throw new ShapeException("compare input: expected steps x features, got null");
        }
        return on(new double[][][] {x});
    }

    /**
     * The same comparison on a batch of yours, samples x steps x features. Not modified.
     *
     * @throws ShapeException when it does not fit the first recurrent layers
     */
    public Comparison on(double[][][] x) {
        if (x == null) {
            throw new ShapeException("compare input: expected samples x steps x features, got null");
        }
        double[][][] copy = new double[x.length][][];
        for (int s = 0; s < x.length; s++) {
            if (x[s] == null) {
                throw new ShapeException("compare input: sample " + s + " is null");
            }
            copy[s] = new double[x[s].length][];
            for (int t = 0; t < x[s].length; t++) {
                if (x[s][t] == null) {
                    throw new ShapeException("compare input: sample " + s + ", step " + t + " is null");
                }
                copy[s][t] = x[s][t].clone();
            }
        }
        return new Comparison(a, b, new Inputs.Spec(copy, spec.steps(), spec.seed()), tol);
    }

    /** The same comparison on a random input from another seed. */
    public Comparison seed(long seed) {
        return new Comparison(a, b, new Inputs.Spec(null, spec.steps(), seed), tol);
    }

    /**
     * The same comparison on a random input of {@code steps} steps.
     *
     * @throws ShapeException for fewer than 1 step
     */
    public Comparison steps(int steps) {
        if (steps < 1) {
            throw new ShapeException("compare steps: expected at least 1, got " + steps);
        }
        return new Comparison(a, b, new Inputs.Spec(null, steps, spec.seed()), tol);
    }

    /**
     * The same comparison under another agreement bound: {@code |a - b| <= relative * max(1, |a|, |b|)}.
     *
     * @throws org.lstmlens.error.LstmException for a bound that is not a positive number
     */
    public Comparison tolerance(double relative) {
        return new Comparison(a, b, spec, new Tolerance(relative));
    }

    /** What the view calls the first file. */
    public String labelA() {
        return a.label();
    }

    /** What the view calls the second file. */
    public String labelB() {
        return b.label();
    }

    public Tolerance tolerance() {
        return tol;
    }

    /** What the reader assumed where side {@code "a"} or {@code "b"}'s file was silent (empty when nothing). */
    List<String> assumptions(String side) {
        return (side.equals("a") ? a : b).model().info().assumptions();
    }

    /** Whether the weights, the settings and every gate and state of the runs agree. */
    public boolean same() {
        return runsAgree() && weightsAgree() && settingsAgree();
    }

    /** Whether every gate, h and c agreed at every step. */
    public boolean runsAgree() {
        return result.first() == null;
    }

    /** Whether every weight that counts agrees (biases apart do not count where their sum does). */
    public boolean weightsAgree() {
        return result.layers().stream().flatMap(l -> l.directions().stream())
                .allMatch(DirectionComparison::weightsAgree);
    }

    /**
     * Whether the settings agree: activations, reset_after, direction, clip, and an LSTM's input_forget, peepholes and
     * projection (a clip no input reached, or peepholes on a cell state near zero, may leave the runs equal: the
     * networks still differ).
     */
    public boolean settingsAgree() {
        return causes().stream().noneMatch(c -> SETTINGS.contains(c.kind()));
    }

    private static final java.util.Set<Cause.Kind> SETTINGS = java.util.EnumSet.of(Cause.Kind.ACTIVATION,
            Cause.Kind.RESET_AFTER, Cause.Kind.DIRECTION_REVERSED, Cause.Kind.CLIP, Cause.Kind.INPUT_FORGET,
            Cause.Kind.PEEPHOLES, Cause.Kind.PROJECTION);

    /** Where the runs first part, or empty when they agree everywhere. */
    public Optional<Divergence> firstDivergence() {
        return Optional.ofNullable(result.first());
    }

    /**
     * The cause the verdict names: for a divergence, the most telling cause found in its layer (and direction);
     * otherwise the first cause found; empty when the files agree or no cause was recognised.
     */
    public Optional<Cause> likelyCause() {
        Divergence d = result.first();
        if (d == null) {
            return causes().stream().findFirst();
        }
        return layer(d.layer()).causes().stream()
                .filter(c -> c.direction().isEmpty() || c.direction().equals(d.direction())).findFirst();
    }

    /** Every cause found, layer by layer. */
    public List<Cause> causes() {
        List<Cause> out = new ArrayList<>();
        result.layers().forEach(l -> out.addAll(l.causes()));
        return out;
    }

    /** The matched layers in order. */
    public List<LayerComparison> layers() {
        return result.layers();
    }

    /**
     * A matched layer by either file's name for it.
     *
     * @throws NameException naming the layers there are
     */
    public LayerComparison layer(String name) {
        List<String> names = new ArrayList<>();
        for (LayerComparison l : result.layers()) {
            if (l.name().equals(name) || l.nameB().equals(name)) {
                return l;
            }
            names.add(l.name());
        }
        throw NameException.unknown("layer", name, "this comparison", names);
    }

    /** @throws NameException for an index out of range */
    public LayerComparison layer(int index) {
        if (index < 0 || index >= result.layers().size()) {
            throw new NameException("layer(" + index + ") is out of range: " + result.layers().size()
                    + " matched layer" + (result.layers().size() == 1 ? "" : "s") + "; valid: 0.."
                    + (result.layers().size() - 1));
        }
        return result.layers().get(index);
    }

    /** The largest |a - b| of all: the runs' and the weights' that count. */
    public double largestDifference() {
        return Math.max(largestRunDifference(), largestWeightDifference());
    }

    /** The largest |a - b| of any gate, h or c, at any step, in any layer. */
    public double largestRunDifference() {
        return result.largestRun().value();
    }

    /** The largest |a - b| of the weights that count, in any layer. */
    public double largestWeightDifference() {
        return result.largestWeight().value();
    }

    /** The first layers' input, samples x steps x features (a copy). */
    public double[][][] input() {
        double[][][] x = result.input();
        double[][][] copy = new double[x.length][][];
        for (int s = 0; s < x.length; s++) {
            copy[s] = new double[x[s].length][];
            for (int t = 0; t < x[s].length; t++) {
                copy[s][t] = x[s][t].clone();
            }
        }
        return copy;
    }

    /** How the input was made, e.g. {@code random, 1 x 10 x 3 (...), uniform in [-1, 1) from java.util.Random(42)}. */
    public String inputText() {
        return result.inputText();
    }

    /**
     * The first line of the view: {@code same network (largest difference 3e-08 at ...)} or {@code differ: first at
     * step 0, gate f of layer lstm_1; likely cause: gates f and c swapped (...)}.
     */
    public String verdict() {
        if (same()) {
            Compare.Location l = result.largestRun().value() >= result.largestWeight().value() ? result.largestRun()
                    : result.largestWeight();
            return l.value() == 0 ? "same network (largest difference 0: every weight, and every gate and state at every"
                    + " step, equal to the last bit)" : "same network (largest difference " + Compare.format(l) + ")";
        }
        String cause = likelyCause().map(c -> "likely cause: " + c.text())
                .orElse("no likely cause found in the settings and weights compared");
        Divergence d = result.first();
        if (d != null) {
            return "differ: first at " + d.where() + "; " + cause;
        }
        return "differ in " + (weightsAgree() ? "settings" : "weights") + ", though not on this input (every gate and"
                + " state agrees within " + tol.rule() + "): " + cause;
    }

    @Override
    public MimeBundle toMimeBundle() {
        ComparisonView v = new ComparisonView(this, result);
        return MimeBundle.builder(v.text()).html(v.html()).build();
    }

    @Override
    public String toString() {
        return "Comparison[" + a.label() + " vs " + b.label() + ": " + (same() ? "same" : "differ") + ", "
                + result.layers().size() + " layer" + (result.layers().size() == 1 ? "" : "s") + "]";
    }
}
