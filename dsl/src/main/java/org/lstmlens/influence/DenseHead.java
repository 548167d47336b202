package org.lstmlens.influence;

import java.util.Objects;
import org.lstmlens.core.Activation;
import org.lstmlens.error.ShapeException;

/**
 * A minimal Keras {@code Dense} layer, {@code y = activation(h . K + b)}, for attributions through an LSTM with a
 * Dense head (the seed question's model). Only element-wise activations; the full layer zoo lives with the model
 * loaders. Immutable.
 */
public final class DenseHead {
    private final double[][] kernel; // inputs x outputs, as Keras prints it
    private final double[] bias;     // outputs, or null
    private final Activation activation;

    private DenseHead(double[][] kernel, double[] bias, Activation activation) {
        this.kernel = kernel;
        this.bias = bias;
        this.activation = activation;
    }

    /**
     * A Dense layer from its Keras weights.
     *
     * @param kernel {@code inputs x outputs}. Not modified.
     * @param bias {@code outputs} values, or null for use_bias=False. Not modified.
     * @param activation element-wise activation ({@link Activation#LINEAR} for none)
     * @throws ShapeException if the kernel is ragged or empty, or the bias does not have one value per output
     */
    public static DenseHead of(double[][] kernel, double[] bias, Activation activation) {
        if (kernel == null || kernel.length == 0 || kernel[0] == null || kernel[0].length == 0) {
            throw new ShapeException("Dense kernel: expected inputs x outputs with at least one of each, got "
                    + (kernel == null ? "null" : kernel.length + " rows"));
        }
        int outputs = kernel[0].length;
        double[][] k = new double[kernel.length][];
        for (int r = 0; r < kernel.length; r++) {
            if (kernel[r] == null || kernel[r].length != outputs) {
                throw new ShapeException("Dense kernel: row " + r + " has " + (kernel[r] == null ? "no values (null)"
                        : kernel[r].length + " values") + " but row 0 has " + outputs);
            }
            k[r] = kernel[r].clone();
        }
        if (bias != null && bias.length != outputs) {
            throw new ShapeException("Dense bias: expected " + outputs + " values (one per output), got " + bias.length);
        }
        return new DenseHead(k, bias == null ? null : bias.clone(), Objects.requireNonNull(activation, "activation"));
    }

    /** Rows of the kernel: the units it reads. */
    public int inputs() {
        return kernel.length;
    }

    /** Columns of the kernel: the values it outputs. */
    public int outputs() {
        return kernel[0].length;
    }

    /** The element-wise activation applied after {@code h . K + b}. */
    public Activation activation() {
        return activation;
    }

    /** The pre-activation {@code h . K + b} of each row of {@code h}. */
    double[][] preActivation(double[][] h) {
        double[][] z = new double[h.length][outputs()];
        for (int b = 0; b < h.length; b++) {
            for (int j = 0; j < outputs(); j++) {
                double sum = bias == null ? 0 : bias[j];
                for (int k = 0; k < inputs(); k++) {
                    sum += h[b][k] * kernel[k][j];
                }
                z[b][j] = sum;
            }
        }
        return z;
    }

    double[][] apply(double[][] z) {
        double[][] y = new double[z.length][outputs()];
        for (int b = 0; b < z.length; b++) {
            for (int j = 0; j < outputs(); j++) {
                y[b][j] = activation.apply(z[b][j]);
            }
        }
        return y;
    }

    /** dL/dh from dL/dy, given the pre-activation z the forward pass computed. */
    double[][] backward(double[][] z, double[][] dy) {
        double[][] dh = new double[z.length][inputs()];
        for (int b = 0; b < z.length; b++) {
            for (int j = 0; j < outputs(); j++) {
                double dz = dy[b][j] * activation.derivative(z[b][j]);
                for (int k = 0; k < inputs(); k++) {
                    dh[b][k] += dz * kernel[k][j];
                }
            }
        }
        return dh;
    }

    @Override
    public String toString() {
        return "DenseHead[" + inputs() + " -> " + outputs() + ", " + activation.label() + "]";
    }
}
