package org.lstmlens.model;

import org.lstmlens.core.Products;
import org.lstmlens.error.ShapeException;

/**
 * Keras {@code Dense}: {@code activation(x . kernel + bias)} on the last axis, so a sequence is transformed step by
 * step (which is also what {@code TimeDistributed(Dense)} computes). The mask passes through, as in Keras.
 */
public final class DenseLayer extends SingleLayer {
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
        super(name);
        this.inputDim = kernel.length;
        this.units = kernel[0].length;
        this.kernel = new double[inputDim * units];
        for (int r = 0; r < inputDim; r++) {
            System.arraycopy(kernel[r], 0, this.kernel, r * units, units);
        }
        if (bias != null && bias.length != units) {
            throw new ShapeException("Dense \"" + name + "\": bias has " + bias.length + " values but the kernel has "
                    + units + " columns");
        }
        this.bias = bias == null ? null : bias.clone();
        this.activation = activation;
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
        activation.apply(out, units);
        int[] shape = x.shape();
        shape[shape.length - 1] = units;
        return Tensor.wrap(shape, out, x.maskData());
    }
}
