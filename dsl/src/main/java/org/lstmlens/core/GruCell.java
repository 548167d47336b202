package org.lstmlens.core;

import org.lstmlens.core.products.Products;
import java.util.List;
import java.util.Objects;
import org.lstmlens.error.ShapeException;

/**
 * One GRU step, as Keras's {@code GRUCell} computes it in every era (../shared/notes/KERAS_FORMATS.md, Part 2 §1-4),
 * blocks z, r, h along the 3*units axis:
 * <pre>
 *   z  = recurrentActivation(x.W_z + b_z + h.U_z + b'_z)
 *   r  = recurrentActivation(x.W_r + b_r + h.U_r + b'_r)
 *   hh = activation(x.W_h + b_h + r * (h.U_h + b'_h))     reset_after=True  (tf.keras 2, Keras 3 default; cuDNN)
 *   hh = activation(x.W_h + b_h + (r * h).U_h)            reset_after=False (Keras 1 and 2)
 *   h  = z * h_prev + (1 - z) * hh
 * </pre>
 * b is the input bias, b' the recurrent bias (kept apart only with reset_after=True, as the second row of Keras's
 * (2, 3u) bias). With ONNX's clip ({@link #withClip}) the three activation inputs are clipped before their activations
 * (onnxruntime's GRU). Immutable.
 */
public final class GruCell extends RecurrentCell {
    private static final List<Band> BANDS = List.of(GruGate.values());

    private final Activation recurrentActivation;
    private final boolean resetAfter;

    /**
     * @param weights kernel d x 3u, recurrent kernel u x 3u, blocks z, r, h; bias 3u or none; a recurrent bias 3u
     *        only with resetAfter
     * @throws ShapeException if the weights are not a GRU's, or hold a recurrent bias without resetAfter
     */
    public GruCell(CellWeights weights, Activation activation, Activation recurrentActivation, boolean resetAfter) {
        this(weights, activation, recurrentActivation, resetAfter, Clip.NONE);
    }

    private GruCell(CellWeights weights, Activation activation, Activation recurrentActivation, boolean resetAfter,
                    double clip) {
        super(checked(weights, resetAfter), activation, clip);
        this.recurrentActivation = Objects.requireNonNull(recurrentActivation, "recurrentActivation");
        this.resetAfter = resetAfter;
    }

    /**
     * The same cell with ONNX's clip: z, r and the candidate's activation inputs bounded to
     * {@code [-threshold, threshold]} ({@code Double.POSITIVE_INFINITY}: none). It runs over the product kernel, not
     * the fused step.
     *
     * @throws org.lstmlens.error.LstmException unless the threshold is positive
     */
    public GruCell withClip(double threshold) {
        return new GruCell(weights(), activation(), recurrentActivation, resetAfter, threshold);
    }

    // reset_after=False multiplies h.U_zr and (r * h).U_h apart: U's z|r columns and its h block, each contiguous,
    // made once on the weights (shared by every cell on them) and only when a step needs them
    private double[] uzr() {
        return weights().lastBandApart()[0];
    }

    private double[] uh() {
        return weights().lastBandApart()[1];
    }

    /**
     * A GRU's weights from arrays as Keras prints them: kernel d x 3u, recurrent kernel u x 3u, bias 3u (or null), and
     * the recurrent bias 3u (the second row of a (2, 3u) bias; null for a (3u,) bias).
     */
    public static CellWeights weights(double[][] kernel, double[][] recurrentKernel, double[] bias,
                                      double[] recurrentBias) {
        return CellWeights.of("GRU", 3, kernel, recurrentKernel, bias, recurrentBias);
    }

    private static CellWeights checked(CellWeights w, boolean resetAfter) {
        Objects.requireNonNull(w, "weights");
        if (w.bands() != 3) {
            throw new ShapeException("GRU weights need 3 blocks (z, r, h) side by side, got " + w.bands()
                    + " (kernel " + w.inputDim() + "x" + w.bands() * w.units() + ")");
        }
        if (!resetAfter && w.hasRecurrentBias()) {
            throw new ShapeException("GRU with reset_after=False has one bias vector (3u), but a recurrent bias was"
                    + " given: a (2, 3u) bias belongs to reset_after=True");
        }
        return w;
    }

    @Override
    public String kind() {
        return "GRU";
    }

    /** b alone: b' is added in the step, where r multiplies its h band. */
    @Override
    double[] inputBias() {
        return weights().biasData();
    }

    @Override
    float[] inputBias(FloatWeights w) {
        return w.bias;
    }

    /** Squashes the gates z and r (Keras {@code recurrent_activation}). */
    public Activation recurrentActivation() {
        return recurrentActivation;
    }

    /** Whether r multiplies after the recurrent product ({@code r * (h.U_h + b'_h)}) rather than before it. */
    public boolean resetAfter() {
        return resetAfter;
    }

    @Override
    public List<Band> bands() {
        return BANDS;
    }

    @Override
    public GruGate band(String name, String where) {
        return GruGate.parse(name, where);
    }

    @Override
    public Activation activationOf(Band band) {
        return band.usesRecurrentActivation() ? recurrentActivation : activation();
    }

    /** h = z * h_prev + (1 - z) * hh: z is the share of the old h kept. */
    @Override
    public java.util.Optional<Band> keepingGate() {
        return java.util.Optional.of(GruGate.Z);
    }

    /**
     * reset_after=False is not fused: r multiplies h before U_h, a second product and barrier per step; nor is a
     * clip.
     */
    @Override
    int fusedStep() {
        return resetAfter && !clips() ? VectorPass.GRU : -1;
    }

    @Override
    public List<String> equations() {
        String r = recurrentActivation.label();
        String a = activation().label();
        boolean rb = weights().hasRecurrentBias();
        return List.of("z = " + r + "(" + clipped("x.W_z + h_prev.U_z + b_z" + (rb ? " + b'_z" : "")) + ")",
                "r = " + r + "(" + clipped("x.W_r + h_prev.U_r + b_r" + (rb ? " + b'_r" : "")) + ")",
                resetAfter ? "hh = " + a + "(" + clipped("x.W_h + b_h + r * (h_prev.U_h" + (rb ? " + b'_h" : "") + ")")
                        + ")   (reset_after=True: r after the recurrent product)"
                        : "hh = " + a + "(" + clipped("x.W_h + b_h + (r * h_prev).U_h") + ")   (reset_after=False: r"
                        + " before the recurrent product)",
                "h = z * h_prev + (1 - z) * hh");
    }

    private String clipped(String sum) {
        return clips() ? "clip(" + sum + ", " + clipBound() + ")" : sum;
    }

    @Override
    public GruCell withActivations(Activation activation, Activation recurrentActivation) {
        return new GruCell(weights(), activation, recurrentActivation, resetAfter, clipBound());
    }

    /** The recurrent candidate term before r (reset_after) or {@code (r * h).U_h} (not), per sample and unit. */
    @Override
    int auxWidth() {
        return units();
    }

    /**
     * h.U (+ b'), or for reset_after=False h.U_zr then (r*h).U_h; then the z and gates of the batch; and for
     * reset_after=True the accumulators of the backward step's product on the Vector API's panels (as the attribution
     * pass's), or null for BLAS (one sample big enough to split goes to BLAS's threads).
     */
    @Override
    double[][] workspace(int batch) {
        int n = 3 * units();
        return new double[][] {new double[batch * n], new double[batch * n], new double[batch * n],
            new double[batch * units()], resetAfter ? RnnBackward.panelScratch(this, batch) : null};
    }

    /** reset_after=True with sigmoid gates and tanh, no clip: Keras 2/3's and PyTorch's GRU. */
    @Override
    boolean attributionBackward() {
        return resetAfter && recurrentActivation == Activation.SIGMOID && activation() == Activation.TANH
                && !clips();
    }

    /** The update reads h before the step: {@code dz_z = dh * (hPrev - hh) * z (1 - z)}. */
    @Override
    boolean attributionReadsH() {
        return true;
    }

    @Override
    void forward(double[] xw, int zOff, int batch, double[] h, double[] c, boolean[][] mask, int t, double[][] work,
                 double[] zOut, double[] gatesOut, double[] auxOut) {
        int u = units();
        int n = 3 * u;
        Products products = Products.current();
        double[] hu = work[0];                              // h.U (+ b'): batch x 3u, or h.U_zr: batch x 2u
        double[] pre = zOut != null ? zOut : work[1];
        double[] g = gatesOut != null ? gatesOut : work[2];
        double[] rh = work[3];                              // r * h (reset_after=False), batch x u
        int w = resetAfter ? n : 2 * u;
        if (resetAfter) {
            products.mult(h, 0, weights().recurrentData(), 0, hu, 0, batch, u, n, false);
            double[] rb = weights().recurrentBiasData();
            if (rb != null) {
                for (int b = 0; b < batch; b++) {
                    for (int j = 0; j < n; j++) {
                        hu[b * n + j] += rb[j];
                    }
                }
            }
        } else {
            products.mult(h, 0, uzr(), 0, hu, 0, batch, u, 2 * u, false);
        }
        for (int b = 0; b < batch; b++) {
            int x = zOff + b * n;
            int p = b * n;
            int q = b * n;
            int r = b * w;
            for (int j = 0; j < 2 * u; j++) {
                pre[p + j] = xw[x + j] + hu[r + j];
            }
            System.arraycopy(pre, p, g, q, 2 * u);
            if (clips()) {
                Clip.apply(g, q, 2 * u, clipBound());
            }
            GateMath.apply(recurrentActivation, g, q, 2 * u);
            if (!resetAfter) {
                for (int k = 0; k < u; k++) {
                    rh[b * u + k] = g[q + u + k] * h[b * u + k];
                }
            }
        }
        if (!resetAfter) {
            // (r * h).U_h, written over the z|r part of h.U that is no longer needed: batch x u from offset 0
            products.mult(rh, 0, uh(), 0, hu, 0, batch, u, u, false);
        }
        for (int b = 0; b < batch; b++) {
            int x = zOff + b * n;
            int p = b * n;
            int q = b * n;
            int rec = resetAfter ? b * n + 2 * u : b * u; // the recurrent candidate term
            for (int k = 0; k < u; k++) {
                double term = hu[rec + k];
                pre[p + 2 * u + k] = xw[x + 2 * u + k] + (resetAfter ? g[q + u + k] * term : term);
                if (auxOut != null) {
                    auxOut[b * u + k] = term;
                }
            }
            System.arraycopy(pre, p + 2 * u, g, q + 2 * u, u);
            if (clips()) {
                Clip.apply(g, q + 2 * u, u, clipBound());
            }
            GateMath.apply(activation(), g, q + 2 * u, u);
            if (mask != null && !mask[b][t]) {
                continue; // the state is carried; the trace keeps what the cell computed
            }
            for (int k = 0; k < u; k++) {
                double zk = g[q + k];
                h[b * u + k] = zk * h[b * u + k] + (1 - zk) * g[q + 2 * u + k];
            }
        }
    }

    /** h.U (+ b') or h.U_zr, the gates, r * h; for reset_after=False also U_zr and U_h in float32. */
    @Override
    float[][] workspaceFloat(int batch) {
        int n = 3 * units();
        return new float[][] {new float[batch * n], new float[batch * n], new float[batch * units()],
            resetAfter ? null : FloatWeights.toFloat(uzr()), resetAfter ? null : FloatWeights.toFloat(uh())};
    }

    /** The float32 twin of {@link #forward}, the same steps in the same order. */
    @Override
    void forwardFloat(FloatWeights w, float[] xw, int zOff, int batch, float[] h, float[] c, boolean[][] mask, int t,
                      float[][] work) {
        int u = units();
        int n = 3 * u;
        Products products = Products.current();
        float[] hu = work[0];
        float[] g = work[1];
        float[] rh = work[2];
        int wd = resetAfter ? n : 2 * u;
        if (resetAfter) {
            products.multFloat(h, 0, w.recurrent, 0, hu, 0, batch, u, n, false);
            if (w.recurrentBias != null) {
                for (int b = 0; b < batch; b++) {
                    for (int j = 0; j < n; j++) {
                        hu[b * n + j] += w.recurrentBias[j];
                    }
                }
            }
        } else {
            products.multFloat(h, 0, work[3], 0, hu, 0, batch, u, 2 * u, false);
        }
        for (int b = 0; b < batch; b++) {
            int x = zOff + b * n;
            int q = b * n;
            int r = b * wd;
            for (int j = 0; j < 2 * u; j++) {
                g[q + j] = xw[x + j] + hu[r + j];
            }
            if (clips()) {
                Clip.apply(g, q, 2 * u, clipBound());
            }
            GateMath.apply(recurrentActivation, g, q, 2 * u);
            if (!resetAfter) {
                for (int k = 0; k < u; k++) {
                    rh[b * u + k] = g[q + u + k] * h[b * u + k];
                }
            }
        }
        if (!resetAfter) {
            products.multFloat(rh, 0, work[4], 0, hu, 0, batch, u, u, false);
        }
        for (int b = 0; b < batch; b++) {
            int x = zOff + b * n;
            int q = b * n;
            int rec = resetAfter ? b * n + 2 * u : b * u;
            for (int k = 0; k < u; k++) {
                float term = hu[rec + k];
                g[q + 2 * u + k] = xw[x + 2 * u + k] + (resetAfter ? g[q + u + k] * term : term);
            }
            if (clips()) {
                Clip.apply(g, q + 2 * u, u, clipBound());
            }
            GateMath.apply(activation(), g, q + 2 * u, u);
            if (mask != null && !mask[b][t]) {
                continue;
            }
            for (int k = 0; k < u; k++) {
                float zk = g[q + k];
                h[b * u + k] = zk * h[b * u + k] + (1 - zk) * g[q + 2 * u + k];
            }
        }
    }

    @Override
    void backward(Trace trace, int s, double[] dh, double[] dc, double[] dz, Band gate, double[] dGate,
                  double[][] work) {
        int batch = trace.batch();
        int u = units();
        int n = 3 * u;
        Activation act = activation();
        Activation rec = recurrentActivation;
        double[] zs = trace.zData();
        double[] gs = trace.doubleGates();
        double[] aux = trace.doubleAux();
        Products products = Products.current();
        double[] dhu = work[0]; // dL/d(h.U + b') rows the product with U^T reads: batch x 3u (or 2u)
        double[] dah = work[3]; // reset_after=False: dL/d(candidate pre-activation), batch x u
        double[] drh = work[1]; // and dL/d(r * h), batch x u
        java.util.Arrays.fill(dhu, 0);
        if (!resetAfter) {
            for (int b = 0; b < batch; b++) {
                int zb = (s * batch + b) * n;
                for (int k = 0; k < u; k++) {
                    double gz = gs[zb + k];
                    double gh = gs[zb + 2 * u + k];
                    double dhh = dh[b * u + k] * (1 - gz) + (gate == GruGate.H ? dGate[b * u + k] : 0);
                    dah[b * u + k] = trace.active(b, s) ? dhh * slope(act, zs[zb + 2 * u + k], gh)
                            * clipSlope(zs[zb + 2 * u + k]) : 0;
                }
            }
            products.mult(dah, 0, weights().lastBandApart()[3], 0, drh, 0, batch, u, u, false);
        }
        for (int b = 0; b < batch; b++) {
            if (!trace.active(b, s)) {
                continue; // the state was carried: dh flows to the previous step untouched
            }
            int zb = (s * batch + b) * n;
            int ab = (s * batch + b) * u;
            double[] hPrev = trace.hPrevRow(b, s);
            int hp = trace.hPrevOffset(b, s);
            for (int k = 0; k < u; k++) {
                int sb = b * u + k;
                double gz = gs[zb + k];
                double gr = gs[zb + u + k];
                double gh = gs[zb + 2 * u + k];
                double dhn = dh[sb];
                double dzAct = dhn * (hPrev[hp + k] - gh) + (gate == GruGate.Z ? dGate[sb] : 0);
                double daH;
                double drAct;
                if (resetAfter) {
                    double dhh = dhn * (1 - gz) + (gate == GruGate.H ? dGate[sb] : 0);
                    daH = dhh * slope(act, zs[zb + 2 * u + k], gh) * clipSlope(zs[zb + 2 * u + k]);
                    drAct = daH * aux[ab + k];
                } else {
                    daH = dah[sb];
                    drAct = drh[sb] * hPrev[hp + k];
                }
                drAct += gate == GruGate.R ? dGate[sb] : 0;
                double daZ = dzAct * slope(rec, zs[zb + k], gz) * clipSlope(zs[zb + k]);
                double daR = drAct * slope(rec, zs[zb + u + k], gr) * clipSlope(zs[zb + u + k]);
                int db = b * n;
                dz[db + k] = daZ;
                dz[db + u + k] = daR;
                dz[db + 2 * u + k] = daH;
                if (resetAfter) {
                    dhu[db + k] = daZ;
                    dhu[db + u + k] = daR;
                    dhu[db + 2 * u + k] = daH * gr;
                    dh[sb] = dhn * gz;
                } else {
                    dhu[b * 2 * u + k] = daZ;
                    dhu[b * 2 * u + u + k] = daR;
                    dh[sb] = dhn * gz + drh[sb] * gr;
                }
            }
        }
        // rows of masked samples are zero, so their carried dh is left as it is
        if (resetAfter && work[4] != null) {
            weights().fused().doubleTransposed().addProduct(dhu, 0, batch, dh, work[4]);
        } else if (resetAfter) {
            products.mult(dhu, 0, weights().recurrentTransposed(), 0, dh, 0, batch, n, u, true);
        } else {
            products.mult(dhu, 0, weights().lastBandApart()[2], 0, dh, 0, batch, 2 * u, u, true);
        }
    }

    /** 1, or 0 where the clip held z (there the activation's input does not move with z). */
    private double clipSlope(double z) {
        return clips() ? Clip.slope(z, clipBound()) : 1;
    }

    @Override
    public String toString() {
        return "GruCell[units=" + units() + ", inputDim=" + inputDim() + ", activation=" + activation().label()
                + ", recurrentActivation=" + recurrentActivation.label() + ", resetAfter=" + resetAfter
                + (clips() ? ", clip=" + clipBound() : "") + "]";
    }
}
