package org.lstmlens.model;

import java.util.Arrays;
import org.lstmlens.error.ShapeException;

/**
 * A batch of values flowing between layers: shape {@code batch x d1 x ... } stored row-major, plus the Keras mask
 * ({@code mask[sample][timestep]}, false = padding) when a layer such as {@code Embedding(mask_zero=True)} or
 * {@code Masking} produced one. Immutable: accessors return copies.
 */
public final class Tensor {
    private final int[] shape;
    private final double[] data;
    private final boolean[][] mask;

    private Tensor(int[] shape, double[] data, boolean[][] mask) {
        this.shape = shape;
        this.data = data;
        this.mask = mask;
    }

    /** Wraps data without copying; for layers handing on arrays they own. */
    static Tensor wrap(int[] shape, double[] data, boolean[][] mask) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n != data.length) {
            throw new ShapeException("tensor of shape " + Arrays.toString(shape) + " needs " + n + " values, got "
                    + data.length);
        }
        return new Tensor(shape.clone(), data, mask);
    }

    /**
     * A tensor of any shape from its row-major values (copied): for graphs whose tensors are not batch-first, such as
     * ONNX's (axis 0 is then simply the first axis).
     *
     * @throws ShapeException if the values do not fill the shape
     */
    public static Tensor of(int[] shape, double[] values) {
        for (int d : shape) {
            if (d < 0) {
                throw new ShapeException("tensor shape " + Arrays.toString(shape) + ": sizes must be 0 or more");
            }
        }
        return wrap(shape, values.clone(), null);
    }

    /** A batch of sequences {@code x[sample][timestep][feature]} (copied). */
    public static Tensor of(double[][][] x) {
        if (x == null || x.length == 0 || x[0] == null || x[0].length == 0 || x[0][0] == null) {
            throw new ShapeException("input: expected samples x timesteps x features with at least one of each");
        }
        int steps = x[0].length;
        int features = x[0][0].length;
        double[] d = new double[x.length * steps * features];
        for (int b = 0; b < x.length; b++) {
            if (x[b] == null || x[b].length != steps) {
                throw new ShapeException("input: sample " + b + " has " + (x[b] == null ? "no timesteps (null)"
                        : x[b].length + " timesteps") + " but sample 0 has " + steps);
            }
            for (int t = 0; t < steps; t++) {
                if (x[b][t] == null || x[b][t].length != features) {
                    throw new ShapeException("input: sample " + b + ", timestep " + t + " has "
                            + (x[b][t] == null ? "no vector (null)" : x[b][t].length + " features")
                            + " but sample 0, timestep 0 has " + features);
                }
                System.arraycopy(x[b][t], 0, d, (b * steps + t) * features, features);
            }
        }
        return new Tensor(new int[] {x.length, steps, features}, d, null);
    }

    /** A batch of vectors or token-id rows {@code x[sample][j]} (copied). */
    public static Tensor of(double[][] x) {
        if (x == null || x.length == 0 || x[0] == null) {
            throw new ShapeException("input: expected samples x values with at least one sample");
        }
        int n = x[0].length;
        double[] d = new double[x.length * n];
        for (int b = 0; b < x.length; b++) {
            if (x[b] == null || x[b].length != n) {
                throw new ShapeException("input: sample " + b + " has " + (x[b] == null ? "no values (null)"
                        : x[b].length + " values") + " but sample 0 has " + n);
            }
            System.arraycopy(x[b], 0, d, b * n, n);
        }
        return new Tensor(new int[] {x.length, n}, d, null);
    }

    /** Token ids {@code ids[sample][timestep]} for an Embedding input. */
    public static Tensor ofTokens(int[][] ids) {
        if (ids == null || ids.length == 0 || ids[0] == null) {
            throw new ShapeException("token ids: expected samples x timesteps with at least one sample");
        }
        double[][] d = new double[ids.length][];
        for (int b = 0; b < ids.length; b++) {
            if (ids[b] == null) {
                throw new ShapeException("token ids: sample " + b + " is null");
            }
            d[b] = Arrays.stream(ids[b]).asDoubleStream().toArray();
        }
        return of(d);
    }

    /**
     * The element-wise sum with a tensor of the same shape (this one's mask): how gradients of a tensor that several
     * layers read add up.
     *
     * @throws ShapeException if the shapes differ
     */
    public Tensor plus(Tensor other) {
        if (!Arrays.equals(shape, other.shape)) {
            throw new ShapeException("cannot add a tensor of shape " + Arrays.toString(other.shape) + " to one of shape "
                    + Arrays.toString(shape));
        }
        double[] sum = data.clone();
        for (int i = 0; i < sum.length; i++) {
            sum[i] += other.data[i];
        }
        return new Tensor(shape, sum, mask);
    }

    /** The same values with another mask (null for none). */
    public Tensor withMask(boolean[][] newMask) {
        return new Tensor(shape, data, newMask);
    }

    public int rank() {
        return shape.length;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int dim(int axis) {
        return shape[axis];
    }

    public int batch() {
        return shape[0];
    }

    /** Size of the last axis. */
    public int lastDim() {
        return shape[shape.length - 1];
    }

    public boolean hasMask() {
        return mask != null;
    }

    /** The mask {@code [sample][timestep]} (a copy), or null. */
    public boolean[][] mask() {
        if (mask == null) {
            return null;
        }
        boolean[][] m = new boolean[mask.length][];
        for (int i = 0; i < m.length; i++) {
            m[i] = mask[i].clone();
        }
        return m;
    }

    /** Row-major values (a copy). */
    public double[] values() {
        return data.clone();
    }

    double[] data() {
        return data;
    }

    boolean[][] maskData() {
        return mask;
    }

    public double get(int... index) {
        if (index.length != shape.length) {
            throw new ShapeException("tensor of shape " + Arrays.toString(shape) + " needs " + shape.length
                    + " indices, got " + index.length);
        }
        int off = 0;
        for (int a = 0; a < index.length; a++) {
            if (index[a] < 0 || index[a] >= shape[a]) {
                throw new ShapeException("index " + index[a] + " on axis " + a + " is out of range; valid: 0.."
                        + (shape[a] - 1));
            }
            off = off * shape[a] + index[a];
        }
        return data[off];
    }

    /** As {@code [sample][timestep][feature]}; needs rank 3. */
    public double[][][] toArray3() {
        if (rank() != 3) {
            throw new ShapeException("tensor of shape " + Arrays.toString(shape) + " is not samples x timesteps x features");
        }
        double[][][] r = new double[shape[0]][shape[1]][shape[2]];
        for (int b = 0; b < shape[0]; b++) {
            for (int t = 0; t < shape[1]; t++) {
                System.arraycopy(data, (b * shape[1] + t) * shape[2], r[b][t], 0, shape[2]);
            }
        }
        return r;
    }

    /** As {@code [sample][value]}, everything after the batch axis flattened. */
    public double[][] toArray2() {
        int per = data.length / shape[0];
        double[][] r = new double[shape[0]][per];
        for (int b = 0; b < shape[0]; b++) {
            System.arraycopy(data, b * per, r[b], 0, per);
        }
        return r;
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape) + (mask != null ? " masked" : "");
    }
}
