package org.lstmlens.core;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What ONNX's LSTM operator computes beyond Keras's LSTM: peepholes ({@code P}), a clip on every activation input
 * ({@code clip}), the input and forget gates coupled ({@code input_forget}: {@code f = 1 - i}), and an output
 * activation of its own (ONNX's third activation h, {@code h = o * outputActivation(c)}; Keras uses the candidate's
 * activation there). {@link #NONE} is Keras's LSTM; each call returns a new value with one option set:
 * <pre>
 *   LstmOptions.NONE.peepholes(pi, pf, po).clip(3).inputForget(true).outputActivation(Activation.RELU)
 * </pre>
 * The exact math, as onnxruntime computes it (its {@code UniDirectionalLstm::GateComputations}):
 * <pre>
 *   i = f(clip(z_i + P_i * c_prev))
 *   f = 1 - i                                    with input_forget, else f(clip(z_f + P_f * c_prev))
 *   g = g(clip(z_c))
 *   c = f * c_prev + i * g
 *   o = f(clip(z_o + P_o * c))                   the output gate's peephole sees the new c
 *   h = o * h(c)                                 c itself is not clipped
 * </pre>
 * A cell with any option set runs its own step over the product kernel (in double and float32), not the fused
 * vector step, so Keras's LSTM keeps its speed. Immutable.
 */
public final class LstmOptions {
    /** Keras's LSTM: no peepholes, no clip, separate gates, the output squashed with the candidate's activation. */
    public static final LstmOptions NONE = new LstmOptions(null, Clip.NONE, false, null);

    private final Peepholes peepholes;
    private final double clip;
    private final boolean inputForget;
    private final Activation outputActivation;

    private LstmOptions(Peepholes peepholes, double clip, boolean inputForget, Activation outputActivation) {
        this.peepholes = peepholes;
        this.clip = clip;
        this.inputForget = inputForget;
        this.outputActivation = outputActivation;
    }

    /**
     * With peepholes, in the order i, f, o (ONNX's P is i, o, f: see {@link Peepholes#fromOnnx}).
     *
     * @throws org.lstmlens.error.ShapeException if the vectors are missing or differ in length
     */
    public LstmOptions peepholes(double[] pi, double[] pf, double[] po) {
        return peepholes(Peepholes.of(pi, pf, po));
    }

    /** With these peepholes, or none for null. */
    public LstmOptions peepholes(Peepholes value) {
        return new LstmOptions(value, clip, inputForget, outputActivation);
    }

    /**
     * With every activation input clipped to {@code [-threshold, threshold]} ({@code Double.POSITIVE_INFINITY}: no
     * clip).
     *
     * @throws org.lstmlens.error.LstmException unless the threshold is positive
     */
    public LstmOptions clip(double threshold) {
        return new LstmOptions(peepholes, Clip.check(threshold, "LSTM clip"), inputForget, outputActivation);
    }

    /** With the forget gate coupled to the input gate, {@code f = 1 - i} (ONNX {@code input_forget=1}). */
    public LstmOptions inputForget(boolean value) {
        return new LstmOptions(peepholes, clip, value, outputActivation);
    }

    /** With {@code h = o * value(c)}; null for the cell's activation (Keras). */
    public LstmOptions outputActivation(Activation value) {
        return new LstmOptions(peepholes, clip, inputForget, value);
    }

    public Optional<Peepholes> peepholes() {
        return Optional.ofNullable(peepholes);
    }

    /** The clip threshold, or empty for none. */
    public OptionalDouble clip() {
        return clip == Clip.NONE ? OptionalDouble.empty() : OptionalDouble.of(clip);
    }

    public boolean inputForget() {
        return inputForget;
    }

    /** The output activation, or empty when it is the cell's activation. */
    public Optional<Activation> outputActivation() {
        return Optional.ofNullable(outputActivation);
    }

    /** Whether nothing is set beyond Keras's LSTM (an output activation equal to the cell's is not set). */
    public boolean isNone() {
        return peepholes == null && clip == Clip.NONE && !inputForget && outputActivation == null;
    }

    Peepholes peepholesOrNull() {
        return peepholes;
    }

    double clipBound() {
        return clip;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LstmOptions)) {
            return false;
        }
        LstmOptions x = (LstmOptions) o;
        return peepholes == x.peepholes && Double.compare(clip, x.clip) == 0 && inputForget == x.inputForget
                && Objects.equals(outputActivation, x.outputActivation);
    }

    @Override
    public int hashCode() {
        return Objects.hash(System.identityHashCode(peepholes), clip, inputForget, outputActivation);
    }

    /** e.g. {@code peepholes, clip=3, input_forget, output activation relu}, or {@code none}. */
    @Override
    public String toString() {
        if (isNone()) {
            return "none";
        }
        StringBuilder s = new StringBuilder();
        if (peepholes != null) {
            s.append(", peepholes");
        }
        if (clip != Clip.NONE) {
            s.append(", clip=").append(clip);
        }
        if (inputForget) {
            s.append(", input_forget");
        }
        if (outputActivation != null) {
            s.append(", output activation ").append(outputActivation.label());
        }
        return s.substring(2);
    }
}
