package org.lstmlens.core;

import org.lstmlens.core.products.Products;
import java.util.List;
import java.util.Objects;
import org.lstmlens.error.ShapeException;

/**
 * One recurrent cell: the math of one timestep, as Keras's {@code LSTMCell}, {@code GRUCell} and
 * {@code SimpleRNNCell} compute it, over the weights of one direction. {@link Rnn} loops it over time (masks,
 * go_backwards, return_sequences, initial state and the hoisted {@code x.W + b} are the loop's); a cell knows its
 * bands (the gate blocks of its weights), how Keras counts its parameters, its equations, and how one step runs
 * forwards and backwards over a batch. Immutable.
 *
 * <p>The step contract, for every cell: on entry the loop has put {@code x.W + b} for each sample of the batch in
 * the step's rows ({@link #inputBias()}: b + b' where the recurrent bias simply adds to z, as in an LSTM and a
 * SimpleRNN; b alone for a GRU, whose r multiplies b'_h); the cell adds its recurrent terms, applies its gates and writes the new
 * state for every sample whose mask is on. A masked sample keeps its state; when a trace is kept, what the cell
 * computed for it is recorded all the same (Keras discards it).
 */
public abstract class RecurrentCell {
    private final CellWeights weights;
    private final Activation activation;
    private final double clip; // Clip.NONE unless ONNX's clip is set

    RecurrentCell(CellWeights weights, Activation activation) {
        this(weights, activation, Clip.NONE);
    }

    RecurrentCell(CellWeights weights, Activation activation, double clip) {
        this.weights = Objects.requireNonNull(weights, "weights");
        this.activation = Objects.requireNonNull(activation, "activation");
        this.clip = Clip.check(clip, kind() + " clip");
    }

    /** The Keras class of the layer that runs this cell: {@code LSTM}, {@code GRU}, {@code SimpleRNN}. */
    public abstract String kind();

    public CellWeights weights() {
        return weights;
    }

    public int units() {
        return weights.units();
    }

    /**
     * Values of the output h each step (and of the state h fed back): units, or the projection size p of an LSTM with
     * a projection (PyTorch's proj_size), whose c keeps units values.
     */
    public int outputSize() {
        return weights.outputSize();
    }

    public int inputDim() {
        return weights.inputDim();
    }

    /** The gate blocks of the weights, in the order they sit along the {@code bands * units} axis. */
    public abstract List<Band> bands();

    /**
     * The band named {@code name}, with the aliases people type (e.g. forget, update, reset, candidate).
     *
     * @param where e.g. {@code layer "gru_1"}, for the message; may be null
     * @throws org.lstmlens.error.NameException naming the value and the valid names
     */
    public abstract Band band(String name, String where);

    /** The activation of the candidate and the output (Keras {@code activation}, default tanh). */
    public Activation activation() {
        return activation;
    }

    /**
     * ONNX's clip: every activation input of a step is bounded to {@code [-clip, clip]} before the activation (see
     * {@link Clip}); empty for none (Keras, PyTorch).
     */
    public final java.util.OptionalDouble clip() {
        return clip == Clip.NONE ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(clip);
    }

    /** The clip threshold, {@link Clip#NONE} for none. */
    final double clipBound() {
        return clip;
    }

    /** Whether a clip is set. */
    final boolean clips() {
        return clip != Clip.NONE;
    }

    /** The activation that squashes {@code band}'s pre-activation. */
    public abstract Activation activationOf(Band band);

    /** The activation of the gates (Keras {@code recurrent_activation}), or empty for a cell without gates. */
    public java.util.Optional<Activation> gateActivation() {
        return bands().stream().filter(Band::usesRecurrentActivation).findFirst().map(this::activationOf);
    }

    /**
     * The same cell with other activations.
     *
     * @param recurrentActivation the gates' activation; must be null for a cell without gates (SimpleRNN)
     * @throws org.lstmlens.error.LstmException for a gate activation given to a cell without gates
     */
    public abstract RecurrentCell withActivations(Activation activation, Activation recurrentActivation);

    /**
     * The gate whose value is the share of the old state a step keeps (an LSTM's forget gate for c, a GRU's update
     * gate for h), or empty for a cell that rewrites its state at every step (SimpleRNN). The memory view multiplies it.
     */
    public java.util.Optional<Band> keepingGate() {
        return java.util.Optional.empty();
    }

    /** Which fused vector step computes this cell ({@link VectorPass#LSTM}, GRU, SIMPLE), or -1 for none. */
    int fusedStep() {
        return -1;
    }

    /** Whether the state has a cell state c beside h (LSTM). */
    public boolean hasCellState() {
        return false;
    }

    /** The parameters Keras counts for this cell's weights. */
    public ParamCount params() {
        return weights.params();
    }

    /** The step as equations, one line each, in this cell's notation and with its activations named. */
    public abstract List<String> equations();

    /**
     * One step of one sample with every term kept apart, computed by the same step the loop runs.
     *
     * @param x the input at this step, inputDim values. Not modified.
     * @param hPrev the previous output, {@link #outputSize()} values. Not modified.
     * @param cPrev the previous cell state (units values) for an LSTM, else null. Not modified.
     * @throws ShapeException if a vector has the wrong length
     */
    public CellStep step(double[] x, double[] hPrev, double[] cPrev) {
        int n = zWidth();
        check("x", x, inputDim());
        check("hPrev", hPrev, outputSize());
        if (hasCellState()) {
            check("cPrev", cPrev, units());
        }
        double[] xW = new double[n];
        double[] hU = new double[n];
        Products.current().mult(x, weights.kernelData(), xW, 1, inputDim(), n, false);
        Products.current().mult(hPrev, weights.recurrentData(), hU, 1, outputSize(), n, false);
        double[] b = weights.hasBias() ? weights.biasData().clone() : new double[n];
        double[] hoisted = inputBias();
        double[] xw = new double[n];
        for (int j = 0; j < n; j++) {
            xw[j] = xW[j] + (hoisted == null ? 0 : hoisted[j]);
        }
        double[] h = hPrev.clone();
        double[] c = hasCellState() ? cPrev.clone() : null;
        double[] z = new double[n];
        double[] gates = new double[n];
        double[] aux = auxWidth() == 0 ? null : new double[auxWidth()];
        forward(xw, 0, 1, h, c, null, 0, workspace(1), z, gates, aux);
        return new CellStep(this, x.clone(), hPrev.clone(), hasCellState() ? cPrev.clone() : null, xW, hU, b, z,
                gates, aux, c, h);
    }

    // ---- the engine, for the loop and the backward pass in this package ----

    /**
     * The bias the loop adds to x.W before each step (bands*u, or null): {@code b + b'}, made once on the weights,
     * for cells where b' adds to z like b. Not to be modified.
     */
    double[] inputBias() {
        return weights.effectiveBiasData();
    }

    /** The float32 twin of {@link #inputBias()}. */
    float[] inputBias(FloatWeights w) {
        return w.effectiveBias;
    }

    /** Values of z per sample and step: bands * units. */
    final int zWidth() {
        return bands().size() * units();
    }

    /**
     * Whether the backward step reads z or h from the trace when the gradient comes from the outputs and states only
     * (no gate gradient, no weight gradients); if not, a trace kept for gradients leaves them out
     * ({@link Rnn#traceForGradients}).
     */
    boolean outputBackwardReadsZH() {
        return true;
    }

    /**
     * Whether {@link DoubleAttributionBackward} (and its float32 twin) steps this cell backwards for gradients from
     * the outputs: Keras's LSTM with sigmoid gates and tanh, a GRU with reset_after=True, sigmoid gates and tanh, a
     * SimpleRNN with tanh.
     */
    boolean attributionBackward() {
        return false;
    }

    /** Whether the attribution pass reads h before each step (a GRU's; a float32 trace then keeps h). */
    boolean attributionReadsH() {
        return false;
    }

    /** Values the trace keeps per sample and step beyond z and the gates (a GRU's recurrent candidate term). */
    int auxWidth() {
        return 0;
    }

    /** The work arrays one run of {@code batch} samples needs beyond z and the state, made once per run. */
    double[][] workspace(int batch) {
        return null;
    }

    /**
     * One step of the batch.
     *
     * @param xw x.W + b of every sample at {@code zOff} (batch x zWidth); the cell may overwrite it
     * @param h the previous output on entry, the new one on exit (batch x outputSize)
     * @param c likewise the cell state, or null for cells without one
     * @param mask null (all on) or the whole batch's mask, read at {@code mask[b][t]}
     * @param zOut null, or receives every sample's pre-activations (batch x zWidth)
     * @param gatesOut null, or receives every sample's activated bands (batch x zWidth); with zOut
     * @param auxOut null, or receives the extra values the trace keeps (batch x auxWidth); with zOut
     */
    abstract void forward(double[] xw, int zOff, int batch, double[] h, double[] c, boolean[][] mask, int t,
                          double[][] work, double[] zOut, double[] gatesOut, double[] auxOut);

    /** The float32 twin of {@link #workspace}, made once per float32 run. */
    float[][] workspaceFloat(int batch) {
        return null;
    }

    /**
     * One step of the batch in float32 (the float32 layer loop), as {@link #forward} computes it in double: weights,
     * input and state rounded to float, every product and activation in float. No trace.
     *
     * @param w the weights rounded to float32
     * @param xw x.W + b of every sample at {@code zOff} (batch x zWidth); the cell may overwrite it
     */
    abstract void forwardFloat(FloatWeights w, float[] xw, int zOff, int batch, float[] h, float[] c,
                               boolean[][] mask, int t, float[][] work);

    /**
     * One step of the backward pass for the samples the mask computed at processing step s (the others carry dh and
     * dc untouched and get no dz).
     *
     * @param dh dL/dh after the step on entry, dL/dh before it on exit (batch x outputSize)
     * @param dc likewise for the cell state, or null
     * @param dz receives dL/d(x.W + b) of the step (batch x zWidth), zeros on entry
     * @param gate null, or a band whose activated value has a gradient of its own at this step
     * @param dGate that gradient (batch x units)
     */
    abstract void backward(Trace trace, int s, double[] dh, double[] dc, double[] dz, Band gate, double[] dGate,
                           double[][] work);

    /** Whether {@link #backwardRows} steps this cell backwards for a range of samples (else only the whole batch). */
    boolean backsRows() {
        return false;
    }

    /**
     * {@link #backward} for samples [r0, r1) only, where {@link #backsRows()}: rows outside the range of dh, dc and
     * dz are neither read nor written, so two workers can each take a range.
     */
    void backwardRows(Trace trace, int s, double[] dh, double[] dc, double[] dz, Band gate, double[] dGate,
                      double[][] work, int r0, int r1) {
        throw new UnsupportedOperationException(kind() + " steps backwards over the whole batch only");
    }

    /** a'(z), given y = a(z): for sigmoid and tanh from y, which spares the exponential; else from z. */
    static double slope(Activation a, double z, double y) {
        if (a == Activation.SIGMOID) {
            return y * (1 - y);
        }
        return a == Activation.TANH ? 1 - y * y : a.derivative(z);
    }

    static void check(String name, double[] v, int n) {
        if (v == null || v.length != n) {
            throw new ShapeException(name + ": expected " + n + " values, got " + (v == null ? "null" : v.length));
        }
    }

    @Override
    public String toString() {
        return kind() + "Cell[units=" + units() + ", inputDim=" + inputDim() + ", activation=" + activation.label()
                + (clips() ? ", clip=" + clip : "") + "]";
    }
}
