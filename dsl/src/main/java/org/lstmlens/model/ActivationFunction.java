package org.lstmlens.model;

import java.util.Locale;
import org.lstmlens.core.Activation;
import org.lstmlens.core.HardSigmoid;

/**
 * A Keras activation as a layer applies it: an element-wise {@link Activation}, or {@code softmax} over the last
 * axis (which is not element-wise). Immutable.
 */
public final class ActivationFunction {
    private final Activation elementwise; // null for softmax

    private ActivationFunction(Activation elementwise) {
        this.elementwise = elementwise;
    }

    public static final ActivationFunction LINEAR = new ActivationFunction(Activation.LINEAR);
    public static final ActivationFunction SOFTMAX = new ActivationFunction(null);

    /** An element-wise activation as a layer applies it (for layers built in code). */
    public static ActivationFunction of(Activation activation) {
        return new ActivationFunction(java.util.Objects.requireNonNull(activation, "activation"));
    }

    /**
     * The function a config names; {@code hard_sigmoid} takes the era's formula.
     *
     * @throws org.lstmlens.error.NameException for a name Keras does not have
     */
    public static ActivationFunction parse(String name, HardSigmoid era) {
        if (name == null) {
            return LINEAR;
        }
        if ("softmax".equals(name.trim().toLowerCase(Locale.ROOT))) {
            return SOFTMAX;
        }
        return new ActivationFunction(Activation.parse(name, era));
    }

    /** Whether this is softmax: outputs that sum to 1, so their sum explains nothing. */
    public boolean isSoftmax() {
        return elementwise == null;
    }

    /** Whether this is a sigmoid (or a hard sigmoid): each output a probability. */
    public boolean isSigmoid() {
        return elementwise == Activation.SIGMOID || elementwise == Activation.HARD_SIGMOID_KERAS2
                || elementwise == Activation.HARD_SIGMOID_KERAS3;
    }

    public String label() {
        return elementwise == null ? "softmax" : elementwise.label();
    }

    /** Applies in place to rows of {@code width} values. */
    void apply(double[] data, int width) {
        if (elementwise == null) {
            for (int off = 0; off < data.length; off += width) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < width; j++) {
                    max = Math.max(max, data[off + j]);
                }
                double sum = 0;
                for (int j = 0; j < width; j++) {
                    data[off + j] = Math.exp(data[off + j] - max);
                    sum += data[off + j];
                }
                for (int j = 0; j < width; j++) {
                    data[off + j] /= sum;
                }
            }
        } else if (elementwise != Activation.LINEAR) {
            for (int i = 0; i < data.length; i++) {
                data[i] = elementwise.apply(data[i]);
            }
        }
    }

    /**
     * dL/dz from dL/dy for rows of {@code width} values, given the pre-activation z and y = f(z): the derivative for
     * an element-wise function, the softmax Jacobian {@code dz_j = y_j (dy_j - sum_k dy_k y_k)} for softmax.
     */
    double[] backward(double[] z, double[] y, double[] dy, int width) {
        double[] dz = new double[dy.length];
        if (elementwise == null) {
            for (int off = 0; off < dy.length; off += width) {
                double dot = 0;
                for (int j = 0; j < width; j++) {
                    dot += dy[off + j] * y[off + j];
                }
                for (int j = 0; j < width; j++) {
                    dz[off + j] = y[off + j] * (dy[off + j] - dot);
                }
            }
        } else {
            for (int i = 0; i < dy.length; i++) {
                dz[i] = dy[i] * elementwise.derivative(z[i]);
            }
        }
        return dz;
    }

    @Override
    public String toString() {
        return label();
    }
}
