package org.lstmlens.core;

import org.lstmlens.core.products.Products;
import java.util.List;
import java.util.Objects;

/**
 * One LSTM step, as Keras's {@code LSTMCell} computes it:
 * <pre>
 *   z = x.W + hPrev.U + b (+ b')                (split into z_i, z_f, z_c, z_o; b' PyTorch's and ONNX's second bias)
 *   i = recurrentActivation(z_i)   f = recurrentActivation(z_f)   o = recurrentActivation(z_o)
 *   g = activation(z_c)
 *   c = f * cPrev + i * g
 *   h = o * activation(c)
 * </pre>
 * The cell steps; {@link Rnn} loops over time. With {@link LstmOptions} (ONNX's peepholes, clip, input_forget and
 * output activation) it computes ONNX's LSTM instead, and with weights that hold a projection (PyTorch's proj_size,
 * {@link LstmWeights}) {@code h = (o * activation(c)) . P}, of {@link #outputSize()} values; such a cell steps in
 * {@link LstmOptionStep} over the product kernel, while Keras's LSTM keeps the step below and the fused vector step.
 * Immutable.
 */
public final class LstmCell extends RecurrentCell {
    private static final List<Band> BANDS = List.of(Gate.values());

    private final Activation recurrentActivation;
    private final LstmOptions options;
    /** Keras's LSTM: no option changes the math (an output activation equal to the activation changes nothing). */
    private final boolean plain;

    public LstmCell(LstmWeights weights, Activation activation, Activation recurrentActivation) {
        this(weights, activation, recurrentActivation, LstmOptions.NONE);
    }

    /**
     * An LSTM with ONNX's options.
     *
     * @throws org.lstmlens.error.ShapeException if the peepholes do not have the weights' units
     */
    public LstmCell(LstmWeights weights, Activation activation, Activation recurrentActivation, LstmOptions options) {
        super(weights, activation, Objects.requireNonNull(options, "options").clipBound());
        this.recurrentActivation = Objects.requireNonNull(recurrentActivation, "recurrentActivation");
        this.options = options;
        Peepholes p = options.peepholesOrNull();
        if (p != null && p.units() != weights.units()) {
            throw new org.lstmlens.error.ShapeException("LSTM peepholes: expected " + weights.units()
                    + " values each (units), got " + p.units());
        }
        this.plain = p == null && !clips() && !options.inputForget() && outputActivation().equals(activation)
                && !weights.hasProjection();
    }

    /** ONNX's options; {@link LstmOptions#NONE} for Keras's and PyTorch's LSTM. */
    public LstmOptions options() {
        return options;
    }

    /** The same cell with other options. */
    public LstmCell withOptions(LstmOptions value) {
        return new LstmCell(weights(), activation(), recurrentActivation, value);
    }

    /** Squashes c into h: {@code h = o * outputActivation(c)}; the activation unless the options say otherwise. */
    public Activation outputActivation() {
        return options.outputActivation().orElse(activation());
    }

    @Override
    public String kind() {
        return "LSTM";
    }

    @Override
    public LstmWeights weights() {
        return (LstmWeights) super.weights();
    }

    /** Squashes the gates i, f, o (Keras {@code recurrent_activation}). */
    public Activation recurrentActivation() {
        return recurrentActivation;
    }

    @Override
    public List<Band> bands() {
        return BANDS;
    }

    @Override
    public Gate band(String name, String where) {
        return Gate.parse(name, where);
    }

    @Override
    public Activation activationOf(Band band) {
        return band.usesRecurrentActivation() ? recurrentActivation : activation();
    }

    @Override
    public java.util.Optional<Band> keepingGate() {
        return java.util.Optional.of(Gate.F);
    }

    /** Keras's LSTM only: a cell with options or a projection steps over the product kernel. */
    @Override
    int fusedStep() {
        return plain ? VectorPass.LSTM : -1;
    }

    /** The weights' count, and ONNX's three peephole vectors. */
    @Override
    public ParamCount params() {
        ParamCount p = super.params();
        return options.peepholesOrNull() == null ? p : p.withPeepholes();
    }

    @Override
    public boolean hasCellState() {
        return true;
    }

    @Override
    public List<String> equations() {
        String r = recurrentActivation.label();
        String a = activation().label();
        String z = "z = x.W + h_prev.U + b" + (weights().hasRecurrentBias() ? " + b'" : "")
                + ", split into z_i, z_f, z_c, z_o";
        if (plain) {
            return List.of(z,
                    "i = " + r + "(z_i),  f = " + r + "(z_f),  o = " + r + "(z_o)",
                    "g = " + a + "(z_c)",
                    "c = f * c_prev + i * g",
                    "h = o * " + a + "(c)");
        }
        boolean peep = options.peepholesOrNull() != null;
        String h = "o * " + outputActivation().label() + "(c)";
        return List.of(z,
                "i = " + r + "(" + clipped("z_i" + (peep ? " + P_i * c_prev" : "")) + ")",
                options.inputForget() ? "f = 1 - i   (input_forget: the forget gate coupled to the input gate)"
                        : "f = " + r + "(" + clipped("z_f" + (peep ? " + P_f * c_prev" : "")) + ")",
                "g = " + a + "(" + clipped("z_c") + ")",
                "c = f * c_prev + i * g",
                "o = " + r + "(" + clipped("z_o" + (peep ? " + P_o * c" : "")) + ")" + (peep
                        ? "   (the output gate's peephole sees the new c)" : ""),
                weights().hasProjection() ? "h = (" + h + ") . P   (the projection to " + outputSize() + " values, "
                        + "PyTorch's W_hr^T; c keeps " + units() + ")" : "h = " + h);
    }

    private String clipped(String sum) {
        return clips() ? "clip(" + sum + ", " + clipBound() + ")" : sum;
    }

    @Override
    public LstmCell withActivations(Activation activation, Activation recurrentActivation) {
        return new LstmCell(weights(), activation, recurrentActivation, options);
    }

    public LstmCell withWeights(LstmWeights weights) {
        return new LstmCell(weights, activation(), recurrentActivation, options);
    }

    @Override
    void forward(double[] xw, int zOff, int batch, double[] h, double[] c, boolean[][] mask, int t, double[][] work,
                 double[] zOut, double[] gatesOut, double[] auxOut) {
        int g4 = 4 * units();
        // z = (x.W + b) + hPrev.U, accumulated in place: no copy, no allocation per step
        Products.current().mult(h, 0, weights().recurrentData(), 0, xw, zOff, batch, outputSize(), g4, true);
        if (!plain) {
            LstmOptionStep.forward(this, xw, zOff, batch, c, h, mask, t, zOut, gatesOut, work);
            return;
        }
        if (zOut != null) {
            System.arraycopy(xw, zOff, zOut, 0, batch * g4);
        }
        activate(xw, zOff, batch, c, h, mask, t, gatesOut);
    }

    /**
     * The non-linear half of a step for a whole batch: on entry {@code z} holds the pre-activations (batch x 4u)
     * and {@code c}, {@code h} the previous state (batch x u); on exit c and h hold the new state for every sample
     * whose mask is on. A masked sample keeps its state.
     *
     * @param gates null, or receives i, f, g, o after activation (batch x 4u), for masked samples too, leaving z as it was
     */
    void activate(double[] z, int zOff, int batch, double[] c, double[] h, boolean[][] mask, int step,
                  double[] gates) {
        int u = units();
        for (int b = 0; b < batch; b++) {
            boolean masked = mask != null && !mask[b][step];
            if (masked && gates == null) {
                continue;
            }
            double[] a = z;
            int ab = zOff + b * 4 * u;
            if (gates != null) {
                System.arraycopy(z, ab, gates, b * 4 * u, 4 * u);
                a = gates;
                ab = b * 4 * u;
            }
            // gate by gate, so each activation is one tight loop, then the state update
            GateMath.gates(activation(), recurrentActivation, a, ab, u, u);
            if (masked) {
                // a trace keeps what the cell computed at a masked step, as it keeps z; Keras discards it
                continue;
            }
            GateMath.state(activation(), a, ab, u, c, b * u, c, b * u, h, b * u, u);
        }
    }

    @Override
    void forwardFloat(FloatWeights w, float[] xw, int zOff, int batch, float[] h, float[] c, boolean[][] mask, int t,
                      float[][] work) {
        Products.current().multFloat(h, 0, w.recurrent, 0, xw, zOff, batch, outputSize(), 4 * units(), true);
        if (!plain) {
            LstmOptionStep.forwardFloat(this, w, xw, zOff, batch, c, h, mask, t, work);
            return;
        }
        activateFloat(xw, zOff, batch, c, h, mask, t);
    }

    @Override
    float[][] workspaceFloat(int batch) {
        return plain ? null : LstmOptionStep.workspaceFloat(this);
    }

    /** The float32 twin of {@link #activate} for the single-precision path; z is overwritten with the gate values. */
    void activateFloat(float[] z, int zOff, int batch, float[] c, float[] h, boolean[][] mask, int step) {
        int u = units();
        for (int b = 0; b < batch; b++) {
            if (mask != null && !mask[b][step]) {
                continue;
            }
            int ab = zOff + b * 4 * u;
            GateMath.gates(activation(), recurrentActivation, z, ab, u, u);
            GateMath.state(activation(), z, ab, u, c, b * u, c, b * u, h, b * u, u);
        }
    }

    @Override
    double[][] workspace(int batch) {
        if (!plain) {
            return LstmOptionStep.workspace(units());
        }
        // act(c) of one sample's step, a whole row at a time (GateMath vectorizes); the product's accumulators
        return new double[][] {new double[units()], RnnBackward.panelScratch(this, batch)};
    }

    @Override
    void backward(Trace trace, int s, double[] dh, double[] dc, double[] dz, Band gate, double[] dGate,
                  double[][] work) {
        if (!plain) {
            LstmOptionStep.backward(this, trace, s, dh, dc, dz, gate, dGate, work);
            return;
        }
        backwardRows(trace, s, dh, dc, dz, gate, dGate, work, 0, trace.batch());
    }

    /**
     * Keras's LSTM with sigmoid gates and tanh: slopes from the gates, c from the trace,
     * as {@link DoubleAttributionBackward} steps it.
     */
    @Override
    boolean outputBackwardReadsZH() {
        return !(plain && recurrentActivation == Activation.SIGMOID && activation() == Activation.TANH);
    }

    @Override
    boolean attributionBackward() {
        return !outputBackwardReadsZH();
    }

    /** Keras's LSTM, where the products run on the Vector API (the product kernel takes the whole batch). */
    @Override
    boolean backsRows() {
        return plain && VectorPass.available();
    }

    @Override
    void backwardRows(Trace trace, int s, double[] dh, double[] dc, double[] dz, Band gate, double[] dGate,
                      double[][] work, int r0, int r1) {
        double[] ac = work[0];
        Activation act = activation();
        Activation rec = recurrentActivation;
        int batch = trace.batch();
        int u = units();
        int g4 = 4 * u;
        for (int b = r0; b < r1; b++) {
            if (!trace.active(b, s)) {
                continue; // the state was carried: dh and dc flow to the previous step untouched
            }
            double[] c0 = s == 0 ? trace.cPrev(b, 0) : null;
            System.arraycopy(trace.doubleC(), (s * batch + b) * u, ac, 0, u);
            GateMath.apply(act, ac, 0, u);
            if (rec == Activation.SIGMOID && act == Activation.TANH && gate == null) {
                double[] cs = trace.doubleC();
                DoubleAttributionBackward.sigmoidTanhStep(trace.doubleGates(), (s * batch + b) * g4, s == 0 ? c0 : cs,
                        s == 0 ? 0 : ((s - 1) * batch + b) * u, ac, dh, dc, dz, b, u, 0);
                continue;
            }
            for (int k = 0; k < u; k++) {
                int sb = b * u + k;
                double i = trace.gate(b, s, Gate.I, k);
                double f = trace.gate(b, s, Gate.F, k);
                double g = trace.gate(b, s, Gate.C, k);
                double o = trace.gate(b, s, Gate.O, k);
                double c = trace.c(b, s, k);
                double cPrev = s == 0 ? c0[k] : trace.c(b, s - 1, k);
                double dcTotal = dc[sb] + dh[sb] * o * slope(act, c, ac[k]);
                int zb = b * g4;
                dz[zb + Gate.I.column(u, k)] = dcTotal * g * slope(rec, trace.z(b, s, Gate.I, k), i);
                dz[zb + Gate.F.column(u, k)] = dcTotal * cPrev * slope(rec, trace.z(b, s, Gate.F, k), f);
                dz[zb + Gate.C.column(u, k)] = dcTotal * i * slope(act, trace.z(b, s, Gate.C, k), g);
                dz[zb + Gate.O.column(u, k)] = dh[sb] * ac[k] * slope(rec, trace.z(b, s, Gate.O, k), o);
                if (gate != null) {
                    dz[zb + gate.column(u, k)] += dGate[sb] * slope(activationOf(gate), trace.z(b, s, gate, k),
                            trace.gate(b, s, gate, k));
                }
                dc[sb] = dcTotal * f;
                dh[sb] = 0; // replaced by dz . U^T below
            }
        }
        // rows of masked samples are zero in dz, so their carried dh is left as it is
        if (work[1] != null) {
            weights().fused().doubleTransposed().addProduct(dz, r0, r1, dh, work[1]);
        } else {
            Products.current().mult(dz, r0 * g4, weights().recurrentTransposed(), 0, dh, r0 * u, r1 - r0, g4, u,
                    true);
        }
    }

    @Override
    public String toString() {
        return "LstmCell[units=" + units() + ", inputDim=" + inputDim() + ", activation=" + activation().label()
                + ", recurrentActivation=" + recurrentActivation.label() + (weights().hasProjection()
                ? ", projection to " + outputSize() : "") + (options.isNone() ? "" : ", options: " + options) + "]";
    }
}
