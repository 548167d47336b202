package org.lstmlens.influence;

import org.lstmlens.core.SequenceBatch;

/**
 * The four attribution methods over a {@link Differentiable}. Integrated gradients stacks its interpolation points
 * into batches (one forward and one backward pass per batch); occlusion stacks its occluded copies the same way.
 */
final class Attributor {
    private final Differentiable model;
    private final double[][][] x;        // [sample][timestep][feature]
    private final boolean[][] mask;
    private final Target target;
    private final int chunk;              // sequences per forward pass
    private final int steps;
    private final int step;               // the target's output step
    private final double[] w;             // target weights over the outputs (or the layer's units)
    private final LstmModel layerModel;   // for gate and cell targets, else null

    Attributor(Differentiable model, SequenceBatch x, boolean[][] mask, Target target, int chunk) {
        this.model = model;
        this.layerModel = target.isInternal() ? requireLayer(model, target) : null;
        this.x = x.toArray();
        this.mask = mask;
        this.target = layerModel != null ? target.resolvedIn(layerModel.top().cell(), layerModel.top().name()) : target;
        this.chunk = chunk;
        this.steps = x.steps();
        this.step = target.step(steps);
        this.w = layerModel != null ? target.weightsFor(layerModel.top().units(), layerModel.top().name())
                : target.weightsFor(model.outputs(), model.name());
    }

    private static LstmModel requireLayer(Differentiable model, Target target) {
        if (!(model instanceof LstmModel)) {
            throw new org.lstmlens.error.LstmException("target " + target.describe() + ": gate and cell targets "
                    + "need a recurrent layer (Influence.of(layer)); \"" + model.name() + "\" offers its outputs only");
        }
        return (LstmModel) model;
    }

    /** dL/dx of the target, {@code [sample][timestep][feature]}; also fills {@code fx} when non-null. */
    double[][][] gradient(double[][][] inputs, boolean[][] rowsMask, double[] fx) {
        int n = inputs.length;
        double[][][] g = new double[n][][];
        for (int from = 0; from < n; from += chunk) {
            int to = Math.min(n, from + chunk);
            double[][][] part = java.util.Arrays.copyOfRange(inputs, from, to);
            if (layerModel != null) {
                double[] values = new double[to - from];
                double[][][] d = layerModel.internal(SequenceBatch.of(part), slice(rowsMask, from, to), target, step,
                        w, values, true).toArray();
                System.arraycopy(d, 0, g, from, d.length);
                if (fx != null) {
                    System.arraycopy(values, 0, fx, from, values.length);
                }
                continue;
            }
            Differentiable.Pass pass = model.trace(SequenceBatch.of(part), slice(rowsMask, from, to));
            double[][] dOut = new double[to - from][];
            for (int b = 0; b < dOut.length; b++) {
                dOut[b] = w.clone();
            }
            double[][][] d = pass.inputGradient(step, dOut).toArray();
            System.arraycopy(d, 0, g, from, d.length);
            if (fx != null) {
                double[][] y = pass.output(step);
                for (int b = 0; b < y.length; b++) {
                    fx[from + b] = dot(y[b]);
                }
            }
        }
        return g;
    }

    /** The target's value for each input sequence. */
    double[] predict(double[][][] inputs, boolean[][] rowsMask) {
        double[] f = new double[inputs.length];
        for (int from = 0; from < inputs.length; from += chunk) {
            int to = Math.min(inputs.length, from + chunk);
            if (layerModel != null) {
                double[] values = new double[to - from];
                layerModel.internal(SequenceBatch.of(java.util.Arrays.copyOfRange(inputs, from, to)),
                        slice(rowsMask, from, to), target, step, w, values, false);
                System.arraycopy(values, 0, f, from, values.length);
                continue;
            }
            double[][] y = model.predict(SequenceBatch.of(java.util.Arrays.copyOfRange(inputs, from, to)),
                    slice(rowsMask, from, to), step);
            for (int b = 0; b < y.length; b++) {
                f[from + b] = dot(y[b]);
            }
        }
        return f;
    }

    Attribution gradient(String detail, boolean timesInput, int reference) {
        double[] fx = new double[x.length];
        double[][][] g = gradient(x, mask, fx);
        if (timesInput) {
            forEach(g, (b, t, j) -> g[b][t][j] *= x[b][t][j]);
        }
        return new Attribution(model.name(), timesInput ? Method.GRADIENT_X_INPUT : Method.GRADIENT, detail, target, g,
                reference, true, fx, null);
    }

    /** Midpoint rule on alpha = (k + 1/2) / m, k = 0..m-1: error O(1/m^2) in the completeness gap. */
    Attribution integratedGradients(String detail, double[][][] baseline, int m, int reference) {
        int batch = x.length;
        double[][][] path = new double[batch * m][][];
        boolean[][] pathMask = mask == null ? null : new boolean[batch * m][];
        for (int k = 0; k < m; k++) {
            double alpha = (k + 0.5) / m;
            for (int b = 0; b < batch; b++) {
                int r = k * batch + b;
                path[r] = new double[steps][x[b][0].length];
                int bb = b;
                forEach(path[r], (t, j) -> path[r][t][j] = baseline[bb][t][j] + alpha * (x[bb][t][j] - baseline[bb][t][j]));
                if (pathMask != null) {
                    pathMask[r] = mask[b];
                }
            }
        }
        double[][][] g = gradient(path, pathMask, null);
        double[][][] attr = new double[batch][steps][x[0][0].length];
        for (int k = 0; k < m; k++) {
            for (int b = 0; b < batch; b++) {
                int r = k * batch + b;
                int bb = b;
                forEach(attr[b], (t, j) -> attr[bb][t][j] += g[r][t][j] * (x[bb][t][j] - baseline[bb][t][j]) / m);
            }
        }
        return new Attribution(model.name(), Method.INTEGRATED_GRADIENTS, detail, target, attr, reference, true,
                predict(x, mask), predict(baseline, mask));
    }

    /**
     * Each window of {@code window} timesteps (all features, or one feature when {@code perFeature}) replaced by the
     * baseline; a timestep's attribution is the mean of f(x) - f(occluded) over the windows that cover it.
     */
    Attribution occlusion(String detail, double[][][] baseline, int window, boolean perFeature, int reference) {
        int batch = x.length;
        int features = x[0][0].length;
        int starts = steps - window + 1;
        int groups = perFeature ? features : 1;
        int total = batch * starts * groups;
        double[] fOccluded = new double[total];
        // copies are built one forward batch at a time: all of them at once can exceed memory on long sequences
        for (int from = 0; from < total; from += chunk) {
            int to = Math.min(total, from + chunk);
            double[][][] copies = new double[to - from][][];
            boolean[][] copiesMask = mask == null ? null : new boolean[to - from][];
            for (int r = from; r < to; r++) {
                int b = r / (starts * groups);
                int s = (r / groups) % starts;
                int grp = r % groups;
                double[][] c = new double[steps][];
                for (int t = 0; t < steps; t++) {
                    c[t] = x[b][t].clone();
                }
                for (int t = s; t < s + window; t++) {
                    for (int j = 0; j < features; j++) {
                        if (!perFeature || j == grp) {
                            c[t][j] = baseline[b][t][j];
                        }
                    }
                }
                copies[r - from] = c;
                if (copiesMask != null) {
                    copiesMask[r - from] = mask[b];
                }
            }
            System.arraycopy(predict(copies, copiesMask), 0, fOccluded, from, to - from);
        }
        double[] fx = predict(x, mask);
        double[][][] attr = new double[batch][steps][groups];
        int[] cover = new int[steps];
        for (int s = 0; s < starts; s++) {
            for (int t = s; t < s + window; t++) {
                cover[t]++;
            }
        }
        for (int r = 0; r < total; r++) {
            int b = r / (starts * groups);
            int s = (r / groups) % starts;
            int grp = r % groups;
            double delta = fx[b] - fOccluded[r];
            for (int t = s; t < s + window; t++) {
                attr[b][t][grp] += delta / cover[t];
            }
        }
        return new Attribution(model.name(), Method.OCCLUSION, detail, target, attr, reference, perFeature, fx,
                predict(baseline, mask));
    }

    private double dot(double[] y) {
        double s = 0;
        for (int k = 0; k < w.length; k++) {
            s += w[k] * y[k];
        }
        return s;
    }

    private static boolean[][] slice(boolean[][] m, int from, int to) {
        return m == null ? null : java.util.Arrays.copyOfRange(m, from, to);
    }

    private interface Cell3 {
        void at(int b, int t, int j);
    }

    private interface Cell2 {
        void at(int t, int j);
    }

    private static void forEach(double[][][] a, Cell3 f) {
        for (int b = 0; b < a.length; b++) {
            for (int t = 0; t < a[b].length; t++) {
                for (int j = 0; j < a[b][t].length; j++) {
                    f.at(b, t, j);
                }
            }
        }
    }

    private static void forEach(double[][] a, Cell2 f) {
        for (int t = 0; t < a.length; t++) {
            for (int j = 0; j < a[t].length; j++) {
                f.at(t, j);
            }
        }
    }
}
