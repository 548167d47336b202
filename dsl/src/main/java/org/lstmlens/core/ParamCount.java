package org.lstmlens.core;

import org.lstmlens.error.ShapeException;

/**
 * The trainable parameters of one recurrent direction, counted as Keras, PyTorch and ONNX count them:
 * {@code bands*(features*units + units*units + biasVectors*units)}, with 4 bands for an LSTM, 3 for a GRU and 1 for a
 * SimpleRNN; a GRU with {@code reset_after=True} and every PyTorch and ONNX cell with a bias keep two bias vectors
 * (input and recurrent: 8u for an LSTM), a layer without bias none.
 *
 * @param bands gate blocks: LSTM 4, GRU 3, SimpleRNN 1
 * @param features input features per timestep (input_dim)
 * @param units the layer's units
 * @param biasVectors 0 (use_bias=False), 1, or 2 (GRU reset_after=True; PyTorch's and ONNX's b and b')
 */
public record ParamCount(int bands, int features, int units, int biasVectors) {

    public ParamCount {
        if (features < 1 || units < 1) {
            throw new ShapeException("parameter count: features and units must be at least 1, got "
                    + "features = " + features + ", units = " + units);
        }
        if (bands < 1 || biasVectors < 0 || biasVectors > 2) {
            throw new ShapeException("parameter count: bands must be at least 1 and bias vectors 0, 1 or 2, got "
                    + "bands = " + bands + ", bias vectors = " + biasVectors);
        }
    }

    /** An LSTM's count: {@code 4*(features*units + units*units + units)}, the last term only with a bias. */
    public static ParamCount of(int features, int units, boolean hasBias) {
        return new ParamCount(4, features, units, hasBias ? 1 : 0);
    }

    public boolean hasBias() {
        return biasVectors > 0;
    }

    /** {@code features * bands*u}: the kernel W. */
    public long kernel() {
        return (long) bands * features * units;
    }

    /** {@code units * bands*u}: the recurrent kernel U. */
    public long recurrentKernel() {
        return (long) bands * units * units;
    }

    /** {@code biasVectors * bands*u}, 0 without a bias. */
    public long bias() {
        return (long) bands * biasVectors * units;
    }

    public long total() {
        return kernel() + recurrentKernel() + bias();
    }

    /** The formula with these numbers, e.g. {@code 4*(2*1 + 1*1 + 1) = 16} or {@code 3*(2*4 + 4*4 + 2*4) = 96}. */
    public String formula() {
        String b = biasVectors == 0 ? "" : biasVectors == 1 ? " + " + units : " + 2*" + units;
        String sum = features + "*" + units + " + " + units + "*" + units + b;
        return (bands == 1 ? sum : bands + "*(" + sum + ")") + " = " + total();
    }

    @Override
    public String toString() {
        String b = biasVectors == 0 ? " (no bias)" : biasVectors == 1 ? " + bias " + bias()
                : " + input bias " + bias() / 2 + " + recurrent bias " + bias() / 2;
        return total() + " = kernel " + kernel() + " + recurrent kernel " + recurrentKernel() + b + "; " + formula();
    }
}
