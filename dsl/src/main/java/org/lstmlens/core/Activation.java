package org.lstmlens.core;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.lstmlens.error.NameException;

/**
 * The element-wise functions a recurrent cell can use for its activations, with their derivatives (for gradients
 * through time): Keras's, by their Keras definitions, and the ONNX recurrent operators' (which take parameters alpha
 * and beta). Immutable.
 *
 * <p>A class rather than an enum because some functions carry parameters: the named constants ({@link #TANH},
 * {@link #SIGMOID}, {@link #HARD_SIGMOID_KERAS2}, ...) are single instances, so {@code ==} on them means what it
 * meant when this was an enum, and the factories ({@link #affine}, {@link #leakyRelu}, {@link #thresholdedRelu},
 * {@link #scaledTanh}, {@link #hardSigmoid}, {@link #elu}) hand back a constant when the parameters are a constant's
 * (e.g. {@code hardSigmoid(0.2, 0.5)} is {@code HARD_SIGMOID_KERAS2}, {@code elu(1)} is {@code ELU}). Equality is by
 * function and parameters. The ONNX formulas are onnxruntime's ({@code rnn_activation_functors.h}): LeakyRelu
 * {@code x >= 0 ? x : alpha x}, ThresholdedRelu {@code x > alpha ? x : 0}, ScaledTanh {@code alpha tanh(beta x)},
 * HardSigmoid {@code min(1, max(0, alpha x + beta))}, Elu {@code x >= 0 ? x : alpha (e^x - 1)}.
 */
public final class Activation {
    /** The functions; a parameterised one reads alpha and beta. */
    private enum Kind {
        TANH, SIGMOID, HARD_SIGMOID_KERAS2, HARD_SIGMOID_KERAS3, HARD_SIGMOID, RELU, LINEAR, SOFTSIGN, SOFTPLUS, ELU,
        SELU, SWISH, EXPONENTIAL, AFFINE, LEAKY_RELU, THRESHOLDED_RELU, SCALED_TANH
    }

    public static final Activation TANH = new Activation(Kind.TANH, "tanh", 0, 0, "TANH");
    public static final Activation SIGMOID = new Activation(Kind.SIGMOID, "sigmoid", 0, 0, "SIGMOID");
    /** {@code clip(0.2x + 0.5, 0, 1)}: Keras 1, Keras 2, tf.keras up to 2.15 (and ONNX's default HardSigmoid). */
    public static final Activation HARD_SIGMOID_KERAS2 = new Activation(Kind.HARD_SIGMOID_KERAS2, "hard_sigmoid", 0.2,
            0.5, "HARD_SIGMOID_KERAS2");
    /** {@code clip(x/6 + 0.5, 0, 1)}: Keras 3. */
    public static final Activation HARD_SIGMOID_KERAS3 = new Activation(Kind.HARD_SIGMOID_KERAS3, "hard_sigmoid",
            1.0 / 6.0, 0.5, "HARD_SIGMOID_KERAS3");
    public static final Activation RELU = new Activation(Kind.RELU, "relu", 0, 0, "RELU");
    public static final Activation LINEAR = new Activation(Kind.LINEAR, "linear", 0, 0, "LINEAR");
    public static final Activation SOFTSIGN = new Activation(Kind.SOFTSIGN, "softsign", 0, 0, "SOFTSIGN");
    public static final Activation SOFTPLUS = new Activation(Kind.SOFTPLUS, "softplus", 0, 0, "SOFTPLUS");
    /** Keras's default alpha 1. */
    public static final Activation ELU = new Activation(Kind.ELU, "elu", 1, 0, "ELU");
    public static final Activation SELU = new Activation(Kind.SELU, "selu", 0, 0, "SELU");
    /** {@code x * sigmoid(x)}, also called silu. */
    public static final Activation SWISH = new Activation(Kind.SWISH, "swish", 0, 0, "SWISH");
    public static final Activation EXPONENTIAL = new Activation(Kind.EXPONENTIAL, "exponential", 0, 0, "EXPONENTIAL");

    static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    static final double SELU_SCALE = 1.0507009873554804934193349852946;
    private static final List<String> VALID = List.of("tanh", "sigmoid", "hard_sigmoid", "relu", "linear",
            "softsign", "softplus", "elu", "selu", "swish (or silu)", "exponential");

    private final Kind kind;
    private final String kerasName;
    private final double alpha;
    private final double beta;
    private final String constant; // the field name of a named constant (as the enum's name() was), else null

    private Activation(Kind kind, String kerasName, double alpha, double beta, String constant) {
        this.kind = kind;
        this.kerasName = kerasName;
        this.alpha = alpha;
        this.beta = beta;
        this.constant = constant;
    }

    private Activation(Kind kind, String kerasName, double alpha, double beta) {
        this(kind, kerasName, alpha, beta, null);
    }

    /** ONNX Affine: {@code alpha x + beta}. */
    public static Activation affine(double alpha, double beta) {
        return new Activation(Kind.AFFINE, "affine", finite("affine", "alpha", alpha), finite("affine", "beta", beta));
    }

    /** ONNX LeakyRelu: {@code x >= 0 ? x : alpha x} (ONNX's default alpha 0.01). */
    public static Activation leakyRelu(double alpha) {
        return new Activation(Kind.LEAKY_RELU, "leaky_relu", finite("leaky_relu", "alpha", alpha), 0);
    }

    /** ONNX ThresholdedRelu: {@code x > alpha ? x : 0}. */
    public static Activation thresholdedRelu(double alpha) {
        return new Activation(Kind.THRESHOLDED_RELU, "thresholded_relu", finite("thresholded_relu", "alpha", alpha),
                0);
    }

    /** ONNX ScaledTanh: {@code alpha tanh(beta x)}. */
    public static Activation scaledTanh(double alpha, double beta) {
        return new Activation(Kind.SCALED_TANH, "scaled_tanh", finite("scaled_tanh", "alpha", alpha),
                finite("scaled_tanh", "beta", beta));
    }

    /**
     * ONNX HardSigmoid: {@code min(1, max(0, alpha x + beta))}; {@link #HARD_SIGMOID_KERAS2} for (0.2, 0.5) and
     * {@link #HARD_SIGMOID_KERAS3} for (1/6, 0.5).
     */
    public static Activation hardSigmoid(double alpha, double beta) {
        if (alpha == HARD_SIGMOID_KERAS2.alpha && beta == HARD_SIGMOID_KERAS2.beta) {
            return HARD_SIGMOID_KERAS2;
        }
        if (alpha == HARD_SIGMOID_KERAS3.alpha && beta == HARD_SIGMOID_KERAS3.beta) {
            return HARD_SIGMOID_KERAS3;
        }
        return new Activation(Kind.HARD_SIGMOID, "hard_sigmoid", finite("hard_sigmoid", "alpha", alpha),
                finite("hard_sigmoid", "beta", beta));
    }

    /** Elu: {@code x > 0 ? x : alpha (e^x - 1)}; {@link #ELU} for alpha 1. */
    public static Activation elu(double alpha) {
        return alpha == 1 ? ELU : new Activation(Kind.ELU, "elu", finite("elu", "alpha", alpha), 0);
    }

    private static double finite(String function, String name, double v) {
        if (!Double.isFinite(v)) {
            throw new org.lstmlens.error.LstmException("activation " + function + ": " + name
                    + " must be a finite number, got " + v);
        }
        return v;
    }

    /** f(x). */
    public double apply(double x) {
        switch (kind) {
            case TANH: return Math.tanh(x);
            case SIGMOID: return sigmoid(x);
            case HARD_SIGMOID_KERAS2: return clip01(0.2 * x + 0.5);
            case HARD_SIGMOID_KERAS3: return clip01(x / 6.0 + 0.5);
            case HARD_SIGMOID: return clip01(alpha * x + beta);
            case RELU: return x > 0 ? x : 0;
            case LINEAR: return x;
            case SOFTSIGN: return x / (1 + Math.abs(x));
            case SOFTPLUS: return Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
            case ELU: return x > 0 ? x : alpha * Math.expm1(x); // alpha 1 (Keras): exactly expm1(x)
            case SELU: return SELU_SCALE * (x > 0 ? x : SELU_ALPHA * Math.expm1(x));
            case SWISH: return x * sigmoid(x);
            case EXPONENTIAL: return Math.exp(x);
            case AFFINE: return alpha * x + beta;
            case LEAKY_RELU: return x >= 0 ? x : alpha * x;
            case THRESHOLDED_RELU: return x > alpha ? x : 0;
            case SCALED_TANH: return alpha * Math.tanh(beta * x);
            default: throw new IllegalStateException(kind.name());
        }
    }

    /** f'(x); at the kinks of relu and hard_sigmoid the one-sided value Keras's autodiff gives inside the flat part. */
    public double derivative(double x) {
        switch (kind) {
            case TANH: { double y = Math.tanh(x); return 1 - y * y; }
            case SIGMOID: { double y = sigmoid(x); return y * (1 - y); }
            case HARD_SIGMOID_KERAS2: return x > -2.5 && x < 2.5 ? 0.2 : 0;
            case HARD_SIGMOID_KERAS3: return x > -3 && x < 3 ? 1.0 / 6.0 : 0;
            case HARD_SIGMOID: { double v = alpha * x + beta; return v > 0 && v < 1 ? alpha : 0; }
            case RELU: return x > 0 ? 1 : 0;
            case LINEAR: return 1;
            case SOFTSIGN: { double d = 1 + Math.abs(x); return 1 / (d * d); }
            case SOFTPLUS: return sigmoid(x);
            case ELU: return x > 0 ? 1 : alpha * Math.exp(x);
            case SELU: return SELU_SCALE * (x > 0 ? 1 : SELU_ALPHA * Math.exp(x));
            case SWISH: { double s = sigmoid(x); return s + x * s * (1 - s); }
            case EXPONENTIAL: return Math.exp(x);
            case AFFINE: return alpha;
            case LEAKY_RELU: return x >= 0 ? 1 : alpha;
            case THRESHOLDED_RELU: return x > alpha ? 1 : 0;
            case SCALED_TANH: { double y = Math.tanh(beta * x); return alpha * beta * (1 - y * y); }
            default: throw new IllegalStateException(kind.name());
        }
    }

    /**
     * The name Keras writes in a config. Both hard sigmoids are {@code hard_sigmoid}; the ONNX-only functions have
     * snake_case names of their own ({@code affine}, {@code leaky_relu}, {@code thresholded_relu},
     * {@code scaled_tanh}).
     */
    public String kerasName() {
        return kerasName;
    }

    /**
     * The formula as a short label, e.g. {@code tanh}, {@code hard_sigmoid(0.2x+0.5)}, {@code affine(2x-0.5)},
     * {@code scaled_tanh(1.5*tanh(0.5x))}, {@code leaky_relu(alpha=0.01)}, {@code elu(alpha=0.5)}.
     */
    public String label() {
        switch (kind) {
            case HARD_SIGMOID_KERAS2: return "hard_sigmoid(0.2x+0.5)";
            case HARD_SIGMOID_KERAS3: return "hard_sigmoid(x/6+0.5)";
            case HARD_SIGMOID: case AFFINE: return kerasName + "(" + num(alpha) + "x" + signed(beta) + ")";
            case SCALED_TANH: return kerasName + "(" + num(alpha) + "*tanh(" + num(beta) + "x))";
            case LEAKY_RELU: case THRESHOLDED_RELU: return kerasName + "(alpha=" + num(alpha) + ")";
            case ELU: return this == ELU ? kerasName : kerasName + "(alpha=" + num(alpha) + ")";
            default: return kerasName;
        }
    }

    /** The parameter alpha: a hard sigmoid's slope, an affine map's factor, etc.; 0 for functions without one. */
    public double alpha() {
        return hasParameters() ? alpha : 0;
    }

    /** The parameter beta: a hard sigmoid's or affine map's offset, a scaled tanh's inner factor; else 0. */
    public double beta() {
        return hasParameters() ? beta : 0;
    }

    private boolean hasParameters() {
        switch (kind) {
            case HARD_SIGMOID_KERAS2: case HARD_SIGMOID_KERAS3: case HARD_SIGMOID: case ELU: case AFFINE:
            case LEAKY_RELU: case THRESHOLDED_RELU: case SCALED_TANH:
                return true;
            default:
                return false;
        }
    }

    /** A value as a label shows it: float32 values (ONNX's attributes) by their float digits, e.g. 0.2, not 0.2000000029802. */
    private static String num(double v) {
        String s = (double) (float) v == v ? Float.toString((float) v) : Double.toString(v);
        if (s.endsWith(".0")) {
            s = s.substring(0, s.length() - 2);
        }
        return s;
    }

    private static String signed(double v) {
        return v < 0 ? "-" + num(-v) : "+" + num(v);
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

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Activation)) {
            return false;
        }
        Activation a = (Activation) o;
        return kind == a.kind && Double.compare(alpha(), a.alpha()) == 0 && Double.compare(beta(), a.beta()) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, alpha(), beta());
    }

    /** A named constant's name, as when this was an enum (e.g. {@code TANH}); else the label with its parameters. */
    @Override
    public String toString() {
        return constant != null ? constant : label();
    }
}
