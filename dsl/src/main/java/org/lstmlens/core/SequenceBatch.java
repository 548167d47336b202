package org.lstmlens.core;

import org.lstmlens.error.ShapeException;

/**
 * A batch of equally long sequences of feature vectors, {@code batch x steps x features}, as Keras takes them.
 * Stored time-major ({@code ((t * batch) + b) * features + j}) so that one timestep of the whole batch is one
 * contiguous matrix and all timesteps are one matrix for the hoisted input product. Immutable.
 */
public final class SequenceBatch {
    private final int batch;
    private final int steps;
    private final int features;
    private final double[] data;

    SequenceBatch(int batch, int steps, int features, double[] data) {
        this.batch = batch;
        this.steps = steps;
        this.features = features;
        this.data = data;
    }

    /**
     * A batch from {@code x[sample][timestep][feature]}.
     *
     * @throws ShapeException if samples differ in length or timesteps in features
     */
    public static SequenceBatch of(double[][][] x) {
        if (x == null || x.length == 0) {
            throw new ShapeException("input: expected samples x timesteps x features, got " + (x == null ? "null" : "no samples"));
        }
        int steps = checkSample(x, 0, -1, -1);
        if (steps == 0) {
            throw new ShapeException("input: sample 0 has no timesteps; a sequence needs at least one");
        }
        if (x[0][0] == null) {
            throw new ShapeException("input: sample 0, timestep 0 has no vector (null); expected its features");
        }
        int features = x[0][0].length;
        for (int b = 0; b < x.length; b++) {
            checkSample(x, b, steps, features);
        }
        int batch = x.length;
        double[] data = new double[batch * steps * features];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                System.arraycopy(x[b][t], 0, data, ((t * batch) + b) * features, features);
            }
        }
        return new SequenceBatch(batch, steps, features, data);
    }

    /**
     * A batch from its values in batch-major order, {@code x[(b * steps + t) * features + j]} (copied; not
     * modified): a rank-3 tensor's storage, taken without a {@code double[][][]} in between.
     *
     * @throws ShapeException if a size is not positive or the values do not fill the shape
     */
    public static SequenceBatch ofBatchMajor(int batch, int steps, int features, double[] x) {
        if (batch < 1 || steps < 1 || features < 1 || x == null || x.length != (long) batch * steps * features) {
            throw new ShapeException("input: expected samples x timesteps x features, at least one of each, filled by "
                    + "the values; got " + batch + " x " + steps + " x " + features + " and "
                    + (x == null ? "null" : x.length + " values"));
        }
        double[] data = new double[x.length];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                System.arraycopy(x, (b * steps + t) * features, data, ((t * batch) + b) * features, features);
            }
        }
        return new SequenceBatch(batch, steps, features, data);
    }

    /** One sequence, {@code x[timestep][feature]}. */
    public static SequenceBatch of(double[][] x) {
        return of(new double[][][] {x});
    }

    /** One sequence of a single feature: one value per timestep. */
    public static SequenceBatch ofValues(double... x) {
        if (x == null || x.length == 0) {
            throw new ShapeException("input: expected at least one timestep, got " + (x == null ? "null" : "none"));
        }
        double[][] seq = new double[x.length][];
        for (int t = 0; t < x.length; t++) {
            seq[t] = new double[] {x[t]};
        }
        return of(seq);
    }

    /** Wraps time-major data without copying; for layers handing outputs on. */
    static SequenceBatch timeMajor(int batch, int steps, int features, double[] data) {
        return new SequenceBatch(batch, steps, features, data);
    }

    public int batch() {
        return batch;
    }

    public int steps() {
        return steps;
    }

    public int features() {
        return features;
    }

    public double get(int sample, int step, int feature) {
        return data[((step * batch) + sample) * features + feature];
    }

    /** The feature vector of one sample at one timestep (a copy). */
    public double[] vector(int sample, int step) {
        double[] v = new double[features];
        System.arraycopy(data, ((step * batch) + sample) * features, v, 0, features);
        return v;
    }

    /** One sample as a batch of one. */
    public SequenceBatch sample(int sample) {
        checkIndex("sample", sample, batch);
        double[] d = new double[steps * features];
        for (int t = 0; t < steps; t++) {
            System.arraycopy(data, ((t * batch) + sample) * features, d, t * features, features);
        }
        return new SequenceBatch(1, steps, features, d);
    }

    /** The same sequences with the time axis reversed. */
    public SequenceBatch reversed() {
        double[] d = new double[data.length];
        int block = batch * features;
        for (int t = 0; t < steps; t++) {
            System.arraycopy(data, t * block, d, (steps - 1 - t) * block, block);
        }
        return new SequenceBatch(batch, steps, features, d);
    }

    /** {@code x[sample][timestep][feature]} (a copy). */
    public double[][][] toArray() {
        double[][][] out = new double[batch][steps][];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                out[b][t] = vector(b, t);
            }
        }
        return out;
    }

    /** The values in batch-major order, {@code [(b * steps + t) * features + j]} (a copy): a tensor's layout. */
    public double[] toBatchMajor() {
        double[] out = new double[data.length];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                System.arraycopy(data, ((t * batch) + b) * features, out, (b * steps + t) * features, features);
            }
        }
        return out;
    }

    /** Raw time-major storage, for the math in this package. */
    double[] data() {
        return data;
    }

    static void checkIndex(String what, int index, int size) {
        if (index < 0 || index >= size) {
            throw new ShapeException(what + " " + index + " is out of range; valid: 0.." + (size - 1));
        }
    }

    private static int checkSample(double[][][] x, int b, int steps, int features) {
        if (x[b] == null) {
            throw new ShapeException("input: sample " + b + " is null");
        }
        if (steps >= 0 && x[b].length != steps) {
            throw new ShapeException("input: sample " + b + " has " + x[b].length + " timesteps but sample 0 has "
                    + steps + "; every sample of a batch needs the same length (pad and mask the shorter ones)");
        }
        for (int t = 0; features >= 0 && t < x[b].length; t++) {
            if (x[b][t] == null || x[b][t].length != features) {
                throw new ShapeException("input: sample " + b + ", timestep " + t + " has "
                        + (x[b][t] == null ? "no vector (null)" : x[b][t].length + " features")
                        + " but sample 0, timestep 0 has " + features);
            }
        }
        if (features == 0) {
            throw new ShapeException("input: timesteps have no features; expected at least one");
        }
        return x[b].length;
    }

    @Override
    public String toString() {
        return "SequenceBatch[batch=" + batch + ", steps=" + steps + ", features=" + features + "]";
    }
}
