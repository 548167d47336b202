package org.lstmlens.core;

import org.lstmlens.error.ShapeException;

/**
 * The trainable parameters of one recurrent direction, counted as Keras, PyTorch and ONNX count them:
 * {@code bands*(features*units + units*units + biasVectors*units)}, with 4 bands for an LSTM, 3 for a GRU and 1 for a
 * SimpleRNN; a GRU with {@code reset_after=True} and every PyTorch and ONNX cell with a bias keep two bias vectors
 * (input and recurrent: 8u for an LSTM), a layer without bias none. An ONNX LSTM with peepholes adds {@code 3*units};
 * a PyTorch LSTM with a projection ({@code proj_size = p}) feeds back h of p values, so its recurrent kernel is
 * {@code p x 4u}, and adds the projection {@code units x p}: {@code 4*(features*units + p*units + ...) + units*p}.
 *
 * @param bands gate blocks: LSTM 4, GRU 3, SimpleRNN 1
 * @param features input features per timestep (input_dim)
 * @param units the layer's units
 * @param biasVectors 0 (use_bias=False), 1, or 2 (GRU reset_after=True; PyTorch's and ONNX's b and b')
 * @param peepholes peephole vectors: 0, or 3 (an ONNX LSTM's P)
 * @param projection an LSTM's projection size p, or 0 for none
 */
public record ParamCount(int bands, int features, int units, int biasVectors, int peepholes, int projection) {

    public ParamCount {
        if (features < 1 || units < 1) {
            throw new ShapeException("parameter count: features and units must be at least 1, got "
                    + "features = " + features + ", units = " + units);
        }
        if (bands < 1 || biasVectors < 0 || biasVectors > 2) {
            throw new ShapeException("parameter count: bands must be at least 1 and bias vectors 0, 1 or 2, got "
                    + "bands = " + bands + ", bias vectors = " + biasVectors);
        }
        if ((peepholes != 0 && peepholes != 3) || projection < 0) {
            throw new ShapeException("parameter count: peephole vectors must be 0 or 3 and the projection size 0 "
                    + "(none) or more, got peepholes = " + peepholes + ", projection = " + projection);
        }
    }

    /** A count without peepholes or projection (every Keras layer). */
    public ParamCount(int bands, int features, int units, int biasVectors) {
        this(bands, features, units, biasVectors, 0, 0);
    }

    /** An LSTM's count: {@code 4*(features*units + units*units + units)}, the last term only with a bias. */
    public static ParamCount of(int features, int units, boolean hasBias) {
        return new ParamCount(4, features, units, hasBias ? 1 : 0);
    }

    /** The same count with an ONNX LSTM's three peephole vectors. */
    public ParamCount withPeepholes() {
        return new ParamCount(bands, features, units, biasVectors, 3, projection);
    }

    public boolean hasBias() {
        return biasVectors > 0;
    }

    /** Values of h fed back: the projection size p, else units. */
    public int outputSize() {
        return projection > 0 ? projection : units;
    }

    /** {@code features * bands*u}: the kernel W. */
    public long kernel() {
        return (long) bands * features * units;
    }

    /** {@code outputSize * bands*u}: the recurrent kernel U (units x bands*u, or p x 4u with a projection). */
    public long recurrentKernel() {
        return (long) bands * units * outputSize();
    }

    /** {@code biasVectors * bands*u}, 0 without a bias. */
    public long bias() {
        return (long) bands * biasVectors * units;
    }

    /** {@code 3*units} with peepholes, else 0. */
    public long peephole() {
        return (long) peepholes * units;
    }

    /** {@code units * p} with a projection, else 0. */
    public long projectionWeights() {
        return (long) projection * units;
    }

    public long total() {
        return kernel() + recurrentKernel() + bias() + peephole() + projectionWeights();
    }

    /**
     * The formula with these numbers, e.g. {@code 4*(2*1 + 1*1 + 1) = 16}, {@code 3*(2*4 + 4*4 + 2*4) = 96},
     * {@code 4*(3*5 + 2*5 + 2*5) + 5*2 = 150}.
     */
    public String formula() {
        String b = biasVectors == 0 ? "" : biasVectors == 1 ? " + " + units : " + 2*" + units;
        String sum = features + "*" + units + " + " + outputSize() + "*" + units + b;
        return (bands == 1 ? sum : bands + "*(" + sum + ")") + (peepholes > 0 ? " + 3*" + units : "")
                + (projection > 0 ? " + " + units + "*" + projection : "") + " = " + total();
    }

    @Override
    public String toString() {
        String b = biasVectors == 0 ? " (no bias)" : biasVectors == 1 ? " + bias " + bias()
                : " + input bias " + bias() / 2 + " + recurrent bias " + bias() / 2;
        return total() + " = kernel " + kernel() + " + recurrent kernel " + recurrentKernel() + b
                + (peepholes > 0 ? " + peepholes " + peephole() : "")
                + (projection > 0 ? " + projection " + projectionWeights() : "") + "; " + formula();
    }
}
