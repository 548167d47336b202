package org.lstmlens.influence;

import org.lstmlens.progress.Progress;

/**
 * The four attribution methods over an {@link Objective}. Integrated gradients stacks its interpolation points into
 * batches (one forward and one backward pass per batch); occlusion stacks its occluded copies the same way. Every row
 * passed to the objective carries the sequence it comes from, whose mask, other inputs and target weights it takes.
 * The multi-pass methods report their rows done to a {@link Progress} (a bar in the kernel) and stop at an interrupt,
 * saying how far they got.
 */
final class Attributor {
    private final Objective objective;
    private final String where;           // the explained output and input of a model with several, or ""
    private final double[][][] x;         // [sample][timestep][feature]
    private final int chunk;              // sequences per forward pass
    private final int steps;
    private final Progress progress;      // counts the rows of the passes

    Attributor(Objective objective, String where, double[][][] x, int chunk, Progress progress) {
        this.objective = objective;
        this.where = where;
        this.x = x;
        this.chunk = chunk;
        this.steps = x[0].length;
        this.progress = progress;
    }

    /** dF/dx of every row, {@code [row][timestep][feature]}; also fills {@code fx} when non-null. Counts the rows. */
    private double[][][] gradient(double[][][] rows, int[] samples, double[] fx) {
        int n = rows.length;
        double[][][] g = new double[n][][];
        for (int from = 0; from < n; from += chunk) {
            int to = Math.min(n, from + chunk);
            double[] values = new double[to - from];
            double[][][] d = objective.gradient(java.util.Arrays.copyOfRange(rows, from, to),
                    java.util.Arrays.copyOfRange(samples, from, to), values);
            System.arraycopy(d, 0, g, from, d.length);
            if (fx != null) {
                System.arraycopy(values, 0, fx, from, values.length);
            }
            progress.step(to - from);
        }
        return g;
    }


    /** The target's value for each row. */
    private double[] predict(double[][][] rows, int[] samples) {
        double[] f = new double[rows.length];
        for (int from = 0; from < rows.length; from += chunk) {
            int to = Math.min(rows.length, from + chunk);
            double[] values = objective.values(java.util.Arrays.copyOfRange(rows, from, to),
                    java.util.Arrays.copyOfRange(samples, from, to));
            System.arraycopy(values, 0, f, from, values.length);
        }
        return f;
    }

    private int[] identity() {
        return java.util.stream.IntStream.range(0, x.length).toArray();
    }

    private Attribution result(Method method, String detail, double[][][] values, int reference, boolean perFeature,
            double[] fx, double[] fBaseline) {
        return new Attribution(objective.name(), where, method, detail, objective.target(), values, reference,
                perFeature, fx, fBaseline);
    }

    Attribution gradient(String detail, boolean timesInput, int reference) {
        double[] fx = new double[x.length];
        double[][][] g = gradient(x, identity(), fx);
        if (timesInput) {
            forEach(g, (b, t, j) -> g[b][t][j] *= x[b][t][j]);
        }
        return result(timesInput ? Method.GRADIENT_X_INPUT : Method.GRADIENT, detail, g, reference, true, fx, null);
    }

    /**
     * Midpoint rule on alpha = (k + 1/2) / m, k = 0..m-1: error O(1/m^2) in the completeness gap. The path's points
     * are made one forward batch at a time (row {@code k * batch + b}): all of them at once can exceed memory.
     */
    Attribution integratedGradients(String detail, double[][][] baseline, int m, int reference) {
        int batch = x.length;
        int features = x[0][0].length;
        double[][][] attr = new double[batch][steps][features];
        int total = batch * m;
        for (int from = 0; from < total; from += chunk) {
            int to = Math.min(total, from + chunk);
            double[][][] path = new double[to - from][][];
            int[] pathSamples = new int[to - from];
            // plain loops, not forEach: no lambda per row on the hot path (the same arithmetic)
            for (int r = from; r < to; r++) {
                double alpha = (r / batch + 0.5) / m;
                int b = r % batch;
                double[][] point = new double[steps][features];
                for (int t = 0; t < steps; t++) {
                    double[] xt = x[b][t];
                    double[] bt = baseline[b][t];
                    for (int j = 0; j < features; j++) {
                        point[t][j] = bt[j] + alpha * (xt[j] - bt[j]);
                    }
                }
                path[r - from] = point;
                pathSamples[r - from] = b;
            }
            double[][][] g = gradient(path, pathSamples, null);
            for (int i = 0; i < g.length; i++) {
                int b = pathSamples[i];
                for (int t = 0; t < steps; t++) {
                    double[] at = attr[b][t];
                    double[] gt = g[i][t];
                    double[] xt = x[b][t];
                    double[] bt = baseline[b][t];
                    for (int j = 0; j < features; j++) {
                        at[j] += gt[j] * (xt[j] - bt[j]) / m;
                    }
                }
            }
        }
        return result(Method.INTEGRATED_GRADIENTS, detail, attr, reference, true, predict(x, identity()),
                predict(baseline, identity()));
    }

    /**
     * Each window of {@code window} timesteps (all features, or one feature when {@code perFeature}) replaced by the
     * baseline; a timestep's attribution is the mean of f(x) - f(occluded) over the windows that cover it.
     */
    Attribution occlusion(String detail, double[][][] baseline, int window, boolean perFeature, int reference) {
        int batch = x.length;
        int starts = steps - window + 1;
        int groups = perFeature ? x[0][0].length : 1;
        int total = batch * starts * groups;
        double[] fOccluded = new double[total];
        occlude(baseline, window, perFeature, fOccluded);
        double[] fx = predict(x, identity());
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
        return result(Method.OCCLUSION, detail, attr, reference, perFeature, fx, predict(baseline, identity()));
    }

    /** f of every occluded copy, {@code fOccluded[(sample * starts + start) * groups + group]}. */
    private void occlude(double[][][] baseline, int window, boolean perFeature, double[] fOccluded) {
        int features = x[0][0].length;
        int starts = steps - window + 1;
        int groups = perFeature ? features : 1;
        int total = fOccluded.length;
        // copies are built one forward batch at a time: all of them at once can exceed memory on long sequences
        for (int from = 0; from < total; from += chunk) {
            int to = Math.min(total, from + chunk);
            double[][][] copies = new double[to - from][][];
            int[] copiesSamples = new int[to - from];
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
                copiesSamples[r - from] = b;
            }
            System.arraycopy(predict(copies, copiesSamples), 0, fOccluded, from, to - from);
            progress.step(to - from);
        }
    }

    private interface Cell3 {
        void at(int b, int t, int j);
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
}
