package org.lstmlens.influence;

import java.util.List;
import org.lstmlens.core.Precision;
import org.lstmlens.core.Trace;
import org.lstmlens.model.Tensor;

/**
 * The scalar an attribution explains, for any rows of inputs (the sequences themselves, points on an integrated
 * path, occluded copies): each row belongs to one of the sequences explained, whose mask, other model inputs and
 * target weights it takes. The value is {@code w . output[step]} of the explained output, or {@code w . gate} (or
 * cell state) of a recurrent layer at its processing step; the gradient is the exact one of that value. For a target
 * at the output the recurrent layers run in the given {@link Precision}: their forward passes (the values f(x),
 * f(baseline), occluded copies) in float32 for every cell, their gradients in float32 where the core has a float32
 * backward ({@link ModelGraph#doubleGradientLayers()} names the others); a gate or cell-state target runs in double.
 * Immutable.
 */
final class Objective {
    private final ModelGraph graph;
    private final Target target;           // resolved: gate known, classes found
    private final GraphSite site;    // the layer of a gate or cell target, else null
    private final int step;
    private final double[][] w;            // per sequence
    private final Inputs inputs;
    private final Precision precision;    // of the passes for a target at the output

    Objective(ModelGraph graph, Target target, GraphSite site, int step, double[][] w, Inputs inputs,
            Precision precision) {
        this.graph = graph;
        this.target = target;
        this.site = site;
        this.step = step;
        this.w = w;
        this.inputs = inputs;
        this.precision = precision;
    }

    String name() {
        return graph.name();
    }

    Target target() {
        return target;
    }

    /** The value for each row; {@code samples[r]} is the sequence row r belongs to. */
    double[] values(double[][][] rows, int[] samples) {
        double[] f = new double[rows.length];
        if (site == null) {
            double[][] y = at(graph.forward(input(rows, samples), others(samples), precision), step);
            for (int r = 0; r < rows.length; r++) {
                f[r] = dot(w[samples[r]], y[r]);
            }
            return f;
        }
        Trace tr = graph.trace(input(rows, samples), others(samples), false, Precision.DOUBLE).trace(site);
        for (int r = 0; r < rows.length; r++) {
            f[r] = internal(tr, r, w[samples[r]]);
        }
        return f;
    }

    /** dValue/dInput for each row, {@code [row][timestep][feature]}; also fills {@code fx} with the values. */
    double[][][] gradient(double[][][] rows, int[] samples, double[] fx) {
        GraphPass pass = graph.trace(input(rows, samples), others(samples), site == null, precision);
        if (site == null) {
            Tensor out = pass.output();
            double[][] y = at(out, step);
            for (int r = 0; r < rows.length; r++) {
                fx[r] = dot(w[samples[r]], y[r]);
            }
            return pass.backward(seed(out, samples)).toArray3();
        }
        Trace tr = pass.trace(site);
        double[][] d = new double[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            fx[r] = internal(tr, r, w[samples[r]]);
            d[r] = w[samples[r]].clone();
        }
        return pass.backwardFrom(site, target.isCell() ? null : target.gateOrNull(), step, d).toArray3();
    }

    /** A gate's activation (0 where the mask skips the step: no gate was computed there) or the cell state. */
    private double internal(Trace tr, int r, double[] weights) {
        double v = 0;
        for (int k = 0; k < weights.length; k++) {
            if (target.isCell()) {
                v += weights[k] * tr.c(r, step, k);
            } else if (tr.active(r, step)) {
                v += weights[k] * tr.gate(r, step, target.gateOrNull(), k);
            }
        }
        return v;
    }

    /** The output gradient: each row's weights at the target's step, zero elsewhere. */
    private Tensor seed(Tensor out, int[] samples) {
        if (out.rank() == 2) {
            double[][] d = new double[samples.length][];
            for (int r = 0; r < d.length; r++) {
                d[r] = w[samples[r]].clone();
            }
            return Tensor.of(d);
        }
        double[][][] d = new double[out.dim(0)][out.dim(1)][out.dim(2)];
        for (int r = 0; r < d.length; r++) {
            d[r][step] = w[samples[r]].clone();
        }
        return Tensor.of(d);
    }

    private Tensor input(double[][][] rows, int[] samples) {
        return inputs.explained(rows, samples);
    }

    private List<Tensor> others(int[] samples) {
        return inputs.others(samples);
    }

    /** The output at processing step {@code step}, {@code [row][unit]}; a vector output is the last step's. */
    static double[][] at(Tensor out, int step) {
        if (out.rank() == 2) {
            return out.toArray2();
        }
        double[][][] all = out.toArray3();
        double[][] y = new double[all.length][];
        for (int b = 0; b < all.length; b++) {
            y[b] = all[b][step];
        }
        return y;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }
}
