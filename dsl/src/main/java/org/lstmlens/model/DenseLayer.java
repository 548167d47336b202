package org.lstmlens.model;

import org.lstmlens.core.products.Products;
import org.lstmlens.error.ShapeException;

/**
 * Keras {@code Dense}: {@code activation(x . kernel + bias)} on the last axis, so a sequence is transformed step by
 * step (which is also what {@code TimeDistributed(Dense)} computes). The mask passes through, as in Keras.
 */
public final class DenseLayer extends SingleLayer implements DifferentiableLayer {
    private final double[] kernel; // inputDim x units, row-major
    private final double[] bias;   // units, or null
    private final int inputDim;
    private final int units;
    private final ActivationFunction activation;

    /**
     * @param kernel {@code inputDim x units}. Not modified.
     * @param bias {@code units} values or null. Not modified.
     */
    public DenseLayer(String name, double[][] kernel, double[] bias, ActivationFunction activation) {
        this(name, kernel.length, kernel[0].length, flatten(kernel), bias, activation);
    }

    /**
     * A Dense layer from a row-major kernel, as files store it (taken over, not copied: loaders hand over arrays
     * they made).
     *
     * @param kernel {@code inputDim * units} values, row-major
     * @param bias {@code units} values or null. Not modified.
     */
    public DenseLayer(String name, int inputDim, int units, double[] kernel, double[] bias,
                      ActivationFunction activation) {
        super(name);
        if (inputDim < 1 || units < 1 || kernel.length != inputDim * units) {
            throw new ShapeException("Dense \"" + name + "\": a " + inputDim + "x" + units + " kernel needs "
                    + (long) inputDim * units + " values, got " + kernel.length);
        }
        this.inputDim = inputDim;
        this.units = units;
        this.kernel = kernel;
        if (bias != null && bias.length != units) {
            throw new ShapeException("Dense \"" + name + "\": bias has " + bias.length + " values but the kernel has "
                    + units + " columns");
        }
        this.bias = bias == null ? null : bias.clone();
        this.activation = activation;
    }

    private static double[] flatten(double[][] m) {
        int cols = m[0].length;
        double[] out = new double[m.length * cols];
        for (int r = 0; r < m.length; r++) {
            if (m[r].length != cols) {
                throw new ShapeException("Dense kernel: row " + r + " has " + m[r].length + " values but row 0 has "
                        + cols);
            }
            System.arraycopy(m[r], 0, out, r * cols, cols);
        }
        return out;
    }

    @Override
    public String type() {
        return "Dense";
    }

    public int units() {
        return units;
    }

    public int inputDim() {
        return inputDim;
    }

    public ActivationFunction activation() {
        return activation;
    }

    @Override
    public long params() {
        return (long) inputDim * units + (bias == null ? 0 : units);
    }

    @Override
    Shape outputShape(Shape input) {
        if (input.last() >= 0 && input.last() != inputDim) {
            throw new ShapeException("Dense \"" + name() + "\": its input has " + input.last() + " features but its "
                    + "kernel expects " + inputDim + " (kernel " + inputDim + "x" + units + ")");
        }
        return input.withLast(units);
    }

    @Override
    Tensor forward(Tensor x) {
        double[] out = preActivation(x);
        activation.apply(out, units);
        return Tensor.wrap(outputShape(x), out, x.maskData());
    }

    /** Keeps z = x . kernel + bias: the activation's derivative (or softmax's Jacobian) needs it. */
    @Override
    public LayerPass trace(Tensor x) {
        double[] z = preActivation(x);
        double[] y = z.clone();
        activation.apply(y, units);
        Tensor out = Tensor.wrap(outputShape(x), y, x.maskData());
        return LayerPass.of(out, dy -> {
            double[] dz = activation.backward(z, y, dy.data(), units);
            double[] dx = new double[x.data().length];
            Products.current().multTransB(dz, kernel, dx, z.length / units, units, inputDim, false);
            return Tensor.wrap(x.shape(), dx, x.maskData());
        });
    }

    private double[] preActivation(Tensor x) {
        if (x.lastDim() != inputDim) {
            throw new ShapeException("Dense \"" + name() + "\" expects " + inputDim + " features on the last axis, got "
                    + x.lastDim());
        }
        int rows = x.data().length / inputDim;
        double[] out = new double[rows * units];
        Products.current().mult(x.data(), kernel, out, rows, inputDim, units, false);
        if (bias != null) {
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < units; j++) {
                    out[r * units + j] += bias[j];
                }
            }
        }
        return out;
    }

    private int[] outputShape(Tensor x) {
        int[] shape = x.shape();
        shape[shape.length - 1] = units;
        return shape;
    }
}
