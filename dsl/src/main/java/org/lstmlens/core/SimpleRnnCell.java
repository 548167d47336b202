package org.lstmlens.core;

import org.lstmlens.core.products.Products;
import java.util.List;
import org.lstmlens.error.ShapeException;

/**
 * One SimpleRNN step, as Keras's {@code SimpleRNNCell} computes it in every era (../shared/notes/KERAS_FORMATS.md,
 * Part 2 §1, §2, §4): {@code h = activation(x.W + b + h_prev.U)}, and PyTorch's and ONNX's with a recurrent bias b'
 * ({@code bias_hh}, {@code Rb}) that adds to it: {@code h = activation(x.W + b + h_prev.U + b')}; with ONNX's clip,
 * {@code h = activation(clip(x.W + b + h_prev.U + b'))} (see {@link #withClip}). One block, no gate. Immutable.
 */
public final class SimpleRnnCell extends RecurrentCell {
    private static final List<Band> BANDS = List.of(SimpleRnnBand.H);

    /**
     * @param weights kernel d x u, recurrent kernel u x u, bias u or none, recurrent bias u or none
     * @throws ShapeException if the weights have more than one block
     */
    public SimpleRnnCell(CellWeights weights, Activation activation) {
        this(weights, activation, Clip.NONE);
    }

    private SimpleRnnCell(CellWeights weights, Activation activation, double clip) {
        super(checked(weights), activation, clip);
    }

    /**
     * The same cell with ONNX's clip: the activation's input bounded to {@code [-threshold, threshold]}
     * ({@code Double.POSITIVE_INFINITY}: none). It runs over the product kernel, not the fused step.
     *
     * @throws org.lstmlens.error.LstmException unless the threshold is positive
     */
    public SimpleRnnCell withClip(double threshold) {
        return new SimpleRnnCell(weights(), activation(), threshold);
    }

    /** A SimpleRNN's weights from arrays as Keras prints them: kernel d x u, recurrent kernel u x u, bias u or null. */
    public static CellWeights weights(double[][] kernel, double[][] recurrentKernel, double[] bias) {
        return weights(kernel, recurrentKernel, bias, null);
    }

    /**
     * A SimpleRNN's weights with two biases, as PyTorch ({@code bias_ih}, {@code bias_hh}) and ONNX ({@code Wbi},
     * {@code Rbi}) keep them: kernel d x u, recurrent kernel u x u, bias u or null, recurrent bias u or null.
     */
    public static CellWeights weights(double[][] kernel, double[][] recurrentKernel, double[] bias,
                                      double[] recurrentBias) {
        return CellWeights.of("SimpleRNN", 1, kernel, recurrentKernel, bias, recurrentBias);
    }

    private static CellWeights checked(CellWeights w) {
        if (w.bands() != 1) {
            throw new ShapeException("SimpleRNN weights are one block (kernel d x u, recurrent kernel u x u, bias u),"
                    + " got " + w);
        }
        return w;
    }

    @Override
    public String kind() {
        return "SimpleRNN";
    }

    @Override
    public List<Band> bands() {
        return BANDS;
    }

    @Override
    public SimpleRnnBand band(String name, String where) {
        return SimpleRnnBand.parse(name, where);
    }

    @Override
    public Activation activationOf(Band band) {
        return activation();
    }

    /** With a clip, none: the fused step does not clip. */
    @Override
    int fusedStep() {
        return clips() ? -1 : VectorPass.SIMPLE;
    }

    @Override
    public List<String> equations() {
        String sum = "x.W + h_prev.U + b" + (weights().hasRecurrentBias() ? " + b'" : "");
        return List.of("h = " + activation().label() + "(" + (clips() ? "clip(" + sum + ", " + clipBound() + ")"
                : sum) + ")");
    }

    public SimpleRnnCell withActivation(Activation activation) {
        return new SimpleRnnCell(weights(), activation, clipBound());
    }

    @Override
    public SimpleRnnCell withActivations(Activation activation, Activation recurrentActivation) {
        if (recurrentActivation != null) {
            throw new org.lstmlens.error.LstmException("a SimpleRNN has no gates and so no recurrent_activation, only"
                    + " its activation; got recurrent_activation " + recurrentActivation.label());
        }
        return withActivation(activation);
    }

    @Override
    void forward(double[] xw, int zOff, int batch, double[] h, double[] c, boolean[][] mask, int t, double[][] work,
                 double[] zOut, double[] gatesOut, double[] auxOut) {
        int u = units();
        Products.current().mult(h, 0, weights().recurrentData(), 0, xw, zOff, batch, u, u, true);
        double[] a = xw;
        int off = zOff;
        if (zOut != null) {
            System.arraycopy(xw, zOff, zOut, 0, batch * u);
            System.arraycopy(xw, zOff, gatesOut, 0, batch * u);
            a = gatesOut;
            off = 0;
        }
        if (clips()) {
            Clip.apply(a, off, batch * u, clipBound());
        }
        GateMath.apply(activation(), a, off, batch * u);
        for (int b = 0; b < batch; b++) {
            if (mask == null || mask[b][t]) {
                System.arraycopy(a, off + b * u, h, b * u, u);
            }
        }
    }

    @Override
    void forwardFloat(FloatWeights w, float[] xw, int zOff, int batch, float[] h, float[] c, boolean[][] mask, int t,
                      float[][] work) {
        int u = units();
        Products.current().multFloat(h, 0, w.recurrent, 0, xw, zOff, batch, u, u, true);
        if (clips()) {
            Clip.apply(xw, zOff, batch * u, clipBound());
        }
        GateMath.apply(activation(), xw, zOff, batch * u);
        for (int b = 0; b < batch; b++) {
            if (mask == null || mask[b][t]) {
                System.arraycopy(xw, zOff + b * u, h, b * u, u);
            }
        }
    }

    /** With tanh or sigmoid and no clip, the slope comes from h: a trace kept for gradients keeps no z. */
    @Override
    boolean outputBackwardReadsZH() {
        return clips() || (activation() != Activation.TANH && activation() != Activation.SIGMOID);
    }

    @Override
    boolean attributionBackward() {
        return activation() == Activation.TANH && !clips();
    }

    /** The accumulators of dz . U^T on the panels, or null for BLAS ({@link RnnBackward#panelScratch}). */
    @Override
    double[][] workspace(int batch) {
        double[] scratch = RnnBackward.panelScratch(this, batch);
        return scratch == null ? null : new double[][] {scratch};
    }

    @Override
    void backward(Trace trace, int s, double[] dh, double[] dc, double[] dz, Band gate, double[] dGate,
                  double[][] work) {
        int batch = trace.batch();
        int u = units();
        double[] zs = trace.zData(); // null in a trace kept for gradients: tanh's and sigmoid's slopes read h
        double[] gs = trace.doubleGates();
        for (int b = 0; b < batch; b++) {
            if (!trace.active(b, s)) {
                continue; // the state was carried: dh flows to the previous step untouched
            }
            int zb = (s * batch + b) * u;
            for (int k = 0; k < u; k++) {
                int sb = b * u + k;
                double dy = dh[sb] + (gate != null ? dGate[sb] : 0);
                dz[sb] = dy * slope(activation(), zs == null ? 0 : zs[zb + k], gs[zb + k]);
                if (clips()) {
                    dz[sb] *= Clip.slope(zs[zb + k], clipBound()); // the clip held z: h does not move with it
                }
                dh[sb] = 0; // replaced by dz . U^T below
            }
        }
        if (work != null) {
            weights().fused().doubleTransposed().addProduct(dz, 0, batch, dh, work[0]);
        } else {
            Products.current().mult(dz, 0, weights().recurrentTransposed(), 0, dh, 0, batch, u, u, true);
        }
    }
}
