package org.lstmlens.core;

import java.util.Objects;

/**
 * One LSTM step, as Keras's {@code LSTMCell} computes it:
 * <pre>
 *   z = x.W + hPrev.U + b                       (split into z_i, z_f, z_c, z_o)
 *   i = recurrentActivation(z_i)   f = recurrentActivation(z_f)   o = recurrentActivation(z_o)
 *   g = activation(z_c)
 *   c = f * cPrev + i * g
 *   h = o * activation(c)
 * </pre>
 * The cell steps; {@link LstmLayer} loops over time. Immutable.
 */
public final class LstmCell {
    private final LstmWeights weights;
    private final Activation activation;
    private final Activation recurrentActivation;

    public LstmCell(LstmWeights weights, Activation activation, Activation recurrentActivation) {
        this.weights = Objects.requireNonNull(weights, "weights");
        this.activation = Objects.requireNonNull(activation, "activation");
        this.recurrentActivation = Objects.requireNonNull(recurrentActivation, "recurrentActivation");
    }

    public LstmWeights weights() {
        return weights;
    }

    /** Squashes the candidate and the cell state (Keras {@code activation}, default tanh). */
    public Activation activation() {
        return activation;
    }

    /** Squashes the gates i, f, o (Keras {@code recurrent_activation}). */
    public Activation recurrentActivation() {
        return recurrentActivation;
    }

    public int units() {
        return weights.units();
    }

    public int inputDim() {
        return weights.inputDim();
    }

    public LstmCell withActivations(Activation activation, Activation recurrentActivation) {
        return new LstmCell(weights, activation, recurrentActivation);
    }

    public LstmCell withWeights(LstmWeights weights) {
        return new LstmCell(weights, activation, recurrentActivation);
    }

    /**
     * One step of one sample with every intermediate kept: the three parts of z, the gates, c and h.
     *
     * @param x the input at this step, inputDim values. Not modified.
     * @param hPrev the previous output, units values. Not modified.
     * @param cPrev the previous cell state, units values. Not modified.
     */
    public CellStep step(double[] x, double[] hPrev, double[] cPrev) {
        int u = units();
        check("x", x, inputDim());
        check("hPrev", hPrev, u);
        check("cPrev", cPrev, u);
        double[] xW = new double[4 * u];
        double[] hU = new double[4 * u];
        Products.current().mult(x, weights.kernelData(), xW, 1, inputDim(), 4 * u, false);
        Products.current().mult(hPrev, weights.recurrentData(), hU, 1, u, 4 * u, false);
        double[] b = weights.hasBias() ? weights.biasData().clone() : new double[4 * u];
        double[] z = new double[4 * u];
        for (int j = 0; j < 4 * u; j++) {
            z[j] = xW[j] + hU[j] + b[j];
        }
        double[] gates = new double[4 * u];
        double[] c = cPrev.clone();
        double[] h = hPrev.clone();
        activate(z, 1, c, h, null, 0, gates);
        return new CellStep(this, x.clone(), hPrev.clone(), cPrev.clone(), xW, hU, b, z, gates, c, h);
    }

    /**
     * The non-linear half of a step for a whole batch: on entry {@code z} holds the pre-activations (batch x 4u)
     * and {@code c}, {@code h} the previous state (batch x u); on exit c and h hold the new state for every sample
     * whose mask is on. A masked sample keeps its state.
     *
     * @param z the pre-activations; overwritten with the gate values when {@code gates} is null
     * @param mask null (all on) or the mask of the whole batch, read at {@code mask[b][step]}
     * @param gates null, or receives i, f, g, o after activation (batch x 4u), for masked samples too, leaving z as it was
     */
    void activate(double[] z, int batch, double[] c, double[] h, boolean[][] mask, int step, double[] gates) {
        activate(z, 0, batch, c, h, mask, step, gates);
    }

    /** As {@link #activate(double[], int, double[], double[], boolean[][], int, double[])}, z from {@code zOff}. */
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
            GateMath.gates(activation, recurrentActivation, a, ab, u, u);
            if (masked) {
                // a trace keeps what the cell computed at a masked step, as it keeps z; Keras discards it
                continue;
            }
            GateMath.state(activation, a, ab, u, c, b * u, c, b * u, h, b * u, u);
        }
    }

    /** The float32 twin of {@link #activate(double[], int, int, double[], double[], boolean[][], int, double[])}
     * for the single-precision path; z is overwritten with the gate values. */
    void activateFloat(float[] z, int zOff, int batch, float[] c, float[] h, boolean[][] mask, int step) {
        int u = units();
        for (int b = 0; b < batch; b++) {
            if (mask != null && !mask[b][step]) {
                continue;
            }
            int ab = zOff + b * 4 * u;
            GateMath.gates(activation, recurrentActivation, z, ab, u, u);
            GateMath.state(activation, z, ab, u, c, b * u, c, b * u, h, b * u, u);
        }
    }

    private static void check(String name, double[] v, int n) {
        if (v == null || v.length != n) {
            throw new org.lstmlens.error.ShapeException(name + ": expected " + n + " values, got "
                    + (v == null ? "null" : v.length));
        }
    }

    @Override
    public String toString() {
        return "LstmCell[units=" + units() + ", inputDim=" + inputDim() + ", activation=" + activation.label()
                + ", recurrentActivation=" + recurrentActivation.label() + "]";
    }
}
