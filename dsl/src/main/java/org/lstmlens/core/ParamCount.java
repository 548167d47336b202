package org.lstmlens.core;

/**
 * The trainable parameters of one LSTM direction, counted as Keras counts them:
 * {@code 4*(features*units + units*units + units)}, the last term only with a bias.
 *
 * @param features input features per timestep (input_dim)
 * @param units the layer's units
 * @param hasBias whether the layer has a bias vector
 */
public record ParamCount(int features, int units, boolean hasBias) {

    public static ParamCount of(int features, int units, boolean hasBias) {
        if (features < 1 || units < 1) {
            throw new org.lstmlens.error.ShapeException("parameter count: features and units must be at least 1, got "
                    + "features = " + features + ", units = " + units);
        }
        return new ParamCount(features, units, hasBias);
    }

    /** {@code features * 4u}: the kernel W. */
    public long kernel() {
        return 4L * features * units;
    }

    /** {@code units * 4u}: the recurrent kernel U. */
    public long recurrentKernel() {
        return 4L * units * units;
    }

    /** {@code 4u}, or 0 without a bias. */
    public long bias() {
        return hasBias ? 4L * units : 0;
    }

    public long total() {
        return kernel() + recurrentKernel() + bias();
    }

    /** The formula with these numbers, e.g. {@code 4*(2*1 + 1*1 + 1) = 16}. */
    public String formula() {
        return "4*(" + features + "*" + units + " + " + units + "*" + units + (hasBias ? " + " + units : "") + ") = "
                + total();
    }

    @Override
    public String toString() {
        return total() + " = kernel " + kernel() + " + recurrent kernel " + recurrentKernel()
                + (hasBias ? " + bias " + bias() : " (no bias)") + "; " + formula();
    }
}
