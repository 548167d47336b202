package org.lstmlens.core;

import java.util.List;
import java.util.Locale;
import org.lstmlens.error.NameException;

/**
 * The element-wise functions an LSTM can use for {@code activation} and {@code recurrent_activation}, with their
 * derivatives (for gradients through time). Formulas follow Keras's own definitions.
 */
public enum Activation {
    TANH("tanh") {
        public double apply(double x) { return Math.tanh(x); }
        public double derivative(double x) { double y = Math.tanh(x); return 1 - y * y; }
    },
    SIGMOID("sigmoid") {
        public double apply(double x) { return sigmoid(x); }
        public double derivative(double x) { double y = sigmoid(x); return y * (1 - y); }
    },
    /** {@code clip(0.2x + 0.5, 0, 1)}: Keras 1, Keras 2, tf.keras up to 2.15. */
    HARD_SIGMOID_KERAS2("hard_sigmoid") {
        public double apply(double x) { return clip01(0.2 * x + 0.5); }
        public double derivative(double x) { return x > -2.5 && x < 2.5 ? 0.2 : 0; }
    },
    /** {@code clip(x/6 + 0.5, 0, 1)}: Keras 3. */
    HARD_SIGMOID_KERAS3("hard_sigmoid") {
        public double apply(double x) { return clip01(x / 6.0 + 0.5); }
        public double derivative(double x) { return x > -3 && x < 3 ? 1.0 / 6.0 : 0; }
    },
    RELU("relu") {
        public double apply(double x) { return x > 0 ? x : 0; }
        public double derivative(double x) { return x > 0 ? 1 : 0; }
    },
    LINEAR("linear") {
        public double apply(double x) { return x; }
        public double derivative(double x) { return 1; }
    },
    SOFTSIGN("softsign") {
        public double apply(double x) { return x / (1 + Math.abs(x)); }
        public double derivative(double x) { double d = 1 + Math.abs(x); return 1 / (d * d); }
    },
    SOFTPLUS("softplus") {
        public double apply(double x) { return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))); }
        public double derivative(double x) { return sigmoid(x); }
    },
    /** Keras's default alpha 1. */
    ELU("elu") {
        public double apply(double x) { return x > 0 ? x : Math.expm1(x); }
        public double derivative(double x) { return x > 0 ? 1 : Math.exp(x); }
    },
    SELU("selu") {
        public double apply(double x) { return SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x)); }
        public double derivative(double x) { return SELU_SCALE * (x > 0 ? 1 : SELU_ALPHA * Math.exp(x)); }
    },
    /** {@code x * sigmoid(x)}, also called silu. */
    SWISH("swish") {
        public double apply(double x) { return x * sigmoid(x); }
        public double derivative(double x) { double s = sigmoid(x); return s + x * s * (1 - s); }
    },
    EXPONENTIAL("exponential") {
        public double apply(double x) { return Math.exp(x); }
        public double derivative(double x) { return Math.exp(x); }
    };

    static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    static final double SELU_SCALE = 1.0507009873554804934193349852946;
    private static final List<String> VALID = List.of("tanh", "sigmoid", "hard_sigmoid", "relu", "linear",
            "softsign", "softplus", "elu", "selu", "swish (or silu)", "exponential");

    private final String kerasName;

    Activation(String kerasName) {
        this.kerasName = kerasName;
    }

    /** f(x). */
    public abstract double apply(double x);

    /** f'(x); at the kinks of relu and hard_sigmoid the one-sided value Keras's autodiff gives inside the flat part. */
    public abstract double derivative(double x);

    /** The name Keras writes in a config. Both hard sigmoids are {@code hard_sigmoid}. */
    public String kerasName() {
        return kerasName;
    }

    /** The formula as a short label, e.g. {@code hard_sigmoid(0.2x+0.5)} or {@code tanh}. */
    public String label() {
        switch (this) {
            case HARD_SIGMOID_KERAS2: return "hard_sigmoid(0.2x+0.5)";
            case HARD_SIGMOID_KERAS3: return "hard_sigmoid(x/6+0.5)";
            default: return kerasName;
        }
    }

    /**
     * The activation a Keras config names. {@code hard_sigmoid} needs {@code formula}: which one depends on the Keras
     * that wrote the model, so it must be said.
     *
     * @param name a Keras activation name, e.g. {@code "tanh"}, {@code "hard_sigmoid"}
     * @param formula the hard-sigmoid formula of the model's era; may be null when {@code name} is not hard_sigmoid
     * @throws NameException for an unknown name, or hard_sigmoid without a formula
     */
    public static Activation parse(String name, HardSigmoid formula) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        switch (key) {
            case "tanh": return TANH;
            case "sigmoid": return SIGMOID;
            case "relu": return RELU;
            case "linear": case "none": return LINEAR;
            case "softsign": return SOFTSIGN;
            case "softplus": return SOFTPLUS;
            case "elu": return ELU;
            case "selu": return SELU;
            case "swish": case "silu": return SWISH;
            case "exponential": return EXPONENTIAL;
            case "hard_sigmoid_keras2": return HARD_SIGMOID_KERAS2;
            case "hard_sigmoid_keras3": return HARD_SIGMOID_KERAS3;
            case "hard_sigmoid":
                if (formula == null) {
                    throw new NameException("\"hard_sigmoid\" is ambiguous: Keras 1/2 compute clip(0.2x+0.5, 0, 1), "
                            + "Keras 3 computes clip(x/6+0.5, 0, 1); say which with \"hard_sigmoid_keras2\" or "
                            + "\"hard_sigmoid_keras3\" (or HardSigmoid.KERAS_2 / KERAS_3)");
                }
                return formula == HardSigmoid.KERAS_2 ? HARD_SIGMOID_KERAS2 : HARD_SIGMOID_KERAS3;
            default:
                throw NameException.unknown("activation", name, null, VALID);
        }
    }

    /** As {@link #parse(String, HardSigmoid)} for names that are not ambiguous. */
    public static Activation parse(String name) {
        return parse(name, null);
    }

    static double sigmoid(double x) {
        // the two branches keep exp from overflowing for large |x|
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    private static double clip01(double v) {
        return v < 0 ? 0 : (v > 1 ? 1 : v);
    }
}
