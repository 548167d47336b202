package org.lstmlens.core;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.lstmlens.progress.Progress;

/**
 * The backward pass of attribution, in double: gradients from a layer's outputs and final state to its input and
 * initial state, over a trace kept for gradients ({@link Rnn#traceForGradients}), for Keras's LSTM with sigmoid gates
 * and tanh, a GRU with reset_after=True, sigmoid gates and tanh (Keras 2/3's, PyTorch's), and a SimpleRNN with tanh.
 * {@link RnnBackward} runs every other case (gate and cell-state gradients, weight gradients, other cells) through
 * the cells' own steps; this loop is the same arithmetic in the same order for the case attribution runs millions
 * of times: per step, each sample's {@link #sigmoidTanhStep} (a GRU's {@link #gruStep}, a SimpleRNN's
 * {@link #tanhStep}; whole vectors of units on the Vector API), then {@code dhPrev = dz . U^T} and
 * {@code dx += dz . W^T} on the Vector API's panels ({@link DoubleTransposedPanels}), both workers on their own
 * samples.
 *
 * <p>This file is the source of the float32 pass too: the build writes {@code FloatAttributionBackward} from it
 * (double read as float; {@code src/gen/FloatTwin.java}), over a float32 trace and the weights rounded once, as the
 * float32 forward kernel is written from {@link DoubleRecurrence}. One run per object.
 */
final class DoubleAttributionBackward {
    private final Trace trace;
    private final int batch;
    private final int steps;
    private final int u;
    private final boolean lstm;
    private final boolean gru;
    private final int width;       // values of z per sample: bands * u
    private final double[] gates;
    private final double[] c;      // an LSTM's, else null
    private final double[] c0;
    private final double[] aux;    // a GRU's h.U_h + b'_h, h after each step and before the first; else null
    private final double[] h;
    private final double[] h0;
    private final DoubleTransposedPanels recurrentT;
    private final DoubleTransposedPanels kernelT;
    /** Time-major like LayerOutput, every output row or (dOutputRow >= 0) only that one; null for none. */
    private final double[] dOutput;
    private final int dOutputRow;
    private final int[] firstActive;
    /** dL/dh and dL/dc (an LSTM's), batch x u: the final state's gradient on entry, the initial state's on exit. */
    final double[] dh;
    final double[] dc;
    /** dL/dx, time-major in processing order: steps x batch x inputDim. */
    final double[] dx;
    private final double[] dz;
    /** A GRU's rows for dh . U^T: dz with the candidate's band times r (r multiplies h.U_h); else dz itself. */
    private final double[] dhu;

    DoubleAttributionBackward(Trace trace, double[] dOutput, int dOutputRow, double[] dh, double[] dc,
                              int[] firstActive) {
        FusedWeights w = trace.layer().weights().fused();
        this.trace = trace;
        this.batch = trace.batch();
        this.steps = trace.steps();
        this.u = trace.units();
        this.lstm = trace.layer().cell().hasCellState();
        this.gru = trace.layer().cell().attributionReadsH();
        this.width = trace.layer().cell().zWidth();
        this.gates = trace.doubleGates();
        this.c = lstm ? trace.doubleC() : null;
        this.c0 = lstm ? trace.doubleC0() : null;
        this.aux = gru ? trace.doubleAux() : null;
        this.h = gru ? trace.doubleH() : null;
        this.h0 = gru ? trace.doubleH0() : null;
        this.recurrentT = w.doubleTransposed();
        this.kernelT = w.doubleKernelTransposed();
        this.dOutput = dOutput;
        this.dOutputRow = dOutputRow;
        this.firstActive = firstActive;
        this.dh = dh;
        this.dc = dc;
        this.dx = new double[steps * batch * trace.layer().inputDim()];
        this.dz = new double[batch * width];
        this.dhu = gru ? new double[dz.length] : dz;
    }

    /** Every step backwards, on one worker or two each taking half of the samples, as the forward pass splits them. */
    void run(int workers, Progress progress) {
        if (workers == 1) {
            stepsBack(0, null, 0, batch, progress);
            return;
        }
        Team.run(2, 1, (w, sync) -> {
            int half = sync.parties() == 1 ? batch : Math.min(batch, ((batch + 1) / 2 + 1) & ~1);
            stepsBack(w, sync, w == 0 ? 0 : half, w == 0 ? half : batch, progress);
        });
    }

    private void stepsBack(int w, Team.Sync sync, int r0, int r1, Progress progress) {
        double[] ac = new double[u];
        double[] acc = DoubleTransposedPanels.scratch();
        int reported = steps;
        for (int s = steps - 1; s >= 0; s--) {
            addOutputGradient(s, r0, r1);
            java.util.Arrays.fill(dz, r0 * width, r1 * width, 0);
            if (gru) {
                java.util.Arrays.fill(dhu, r0 * width, r1 * width, 0);
            }
            for (int b = r0; b < r1; b++) {
                if (!trace.active(b, s)) {
                    continue; // the state was carried: dh and dc flow to the previous step untouched
                }
                if (gru) {
                    int gb = (s * batch + b) * 3 * u;
                    int ab = (s * batch + b) * u;
                    double[] prev = s == 0 ? h0 : h;
                    int pb = s == 0 ? b * u : ((s - 1) * batch + b) * u;
                    gruStep(gates, gb, aux, ab, prev, pb, dh, dz, dhu, b, u,
                            gruVectors(gates, gb, aux, ab, prev, pb, dh, dz, dhu, b, u));
                    continue;
                }
                if (!lstm) {
                    int gb = (s * batch + b) * u;
                    tanhStep(gates, gb, dh, dz, b * u, tanhVectors(gates, gb, dh, dz, b * u, u), u);
                    continue;
                }
                System.arraycopy(c, (s * batch + b) * u, ac, 0, u);
                GateMath.apply(Activation.TANH, ac, 0, u);
                int gb = (s * batch + b) * 4 * u;
                double[] prev = s == 0 ? c0 : c;
                int pb = s == 0 ? b * u : ((s - 1) * batch + b) * u;
                int k = sigmoidTanhVectors(gates, gb, prev, pb, ac, dh, dc, dz, b, u);
                sigmoidTanhStep(gates, gb, prev, pb, ac, dh, dc, dz, b, u, k);
            }
            // rows of masked samples are zero in dz, so their carried dh is left as it is
            recurrentT.addProduct(dhu, r0, r1, dh, acc);
            kernelT.addProduct(dz, r0, r1, dx, s * batch, acc);
            if (sync != null) {
                sync.checkBroken();
            }
            if (w != 0) {
                continue;
            }
            if ((s & (RnnBackward.REPORT_EVERY - 1)) == 0) {
                progress.step(reported - s);
                reported = s;
            } else {
                progress.checkInterrupt();
            }
        }
    }

    /**
     * Sample b's step s for the usual sigmoid gates and tanh (slopes {@code y (1 - y)} and {@code 1 - y^2} from the
     * traced values), for units [k0, u) (the units {@link #sigmoidTanhVectors} left, or all of them in the cells' own
     * backward step):
     * <pre>
     *   dc  += dh * o * (1 - tanh(c)^2)
     *   dz_i = dc * g * i (1 - i)          dz_f = dc * cPrev * f (1 - f)
     *   dz_c = dc * i * (1 - g^2)          dz_o = dh * tanh(c) * o (1 - o)
     *   dcPrev = dc * f                    dh = 0, to receive dz . U^T
     * </pre>
     * gates from {@code gb} (i, f, g, o of u values each), the previous c from {@code pb} of {@code prev}, tanh(c)
     * in {@code ac}; dh, dc rows and dz's row of sample b.
     */
    static void sigmoidTanhStep(double[] gates, int gb, double[] prev, int pb, double[] ac, double[] dh, double[] dc,
                                double[] dz, int b, int u, int k0) {
        int zb = b * 4 * u;
        int sb = b * u;
        for (int k = k0; k < u; k++) {
            double i = gates[gb + k];
            double f = gates[gb + u + k];
            double g = gates[gb + 2 * u + k];
            double o = gates[gb + 3 * u + k];
            double a = ac[k];
            double dcTotal = dc[sb + k] + dh[sb + k] * o * (1 - a * a);
            dz[zb + k] = dcTotal * g * (i * (1 - i));
            dz[zb + u + k] = dcTotal * prev[pb + k] * (f * (1 - f));
            dz[zb + 2 * u + k] = dcTotal * i * (1 - g * g);
            dz[zb + 3 * u + k] = dh[sb + k] * a * (o * (1 - o));
            dc[sb + k] = dcTotal * f;
            dh[sb + k] = 0;
        }
    }

    /**
     * {@link #sigmoidTanhStep} over whole vectors of units from 0 on the Vector API, the same operations in the same
     * order (no fused multiply-add), so the same bits; returns the first unit left for the scalar loop. The species
     * is read here, not in a static field, so the cells' own backward step can call the scalar loop where the Vector
     * API is missing.
     */
    private static int sigmoidTanhVectors(double[] gates, int gb, double[] prev, int pb, double[] ac, double[] dh,
                                          double[] dc, double[] dz, int b, int u) {
        VectorSpecies<Double> sp = DoubleVector.SPECIES_PREFERRED;
        int n = sp.length();
        int zb = b * 4 * u;
        int sb = b * u;
        int k = 0;
        for (; k <= u - n; k += n) {
            DoubleVector i = DoubleVector.fromArray(sp, gates, gb + k);
            DoubleVector f = DoubleVector.fromArray(sp, gates, gb + u + k);
            DoubleVector g = DoubleVector.fromArray(sp, gates, gb + 2 * u + k);
            DoubleVector o = DoubleVector.fromArray(sp, gates, gb + 3 * u + k);
            DoubleVector a = DoubleVector.fromArray(sp, ac, k);
            DoubleVector dhk = DoubleVector.fromArray(sp, dh, sb + k);
            DoubleVector one = DoubleVector.broadcast(sp, 1);
            DoubleVector dcTotal = DoubleVector.fromArray(sp, dc, sb + k).add(dhk.mul(o).mul(one.sub(a.mul(a))));
            dcTotal.mul(g).mul(i.mul(one.sub(i))).intoArray(dz, zb + k);
            dcTotal.mul(DoubleVector.fromArray(sp, prev, pb + k)).mul(f.mul(one.sub(f))).intoArray(dz, zb + u + k);
            dcTotal.mul(i).mul(one.sub(g.mul(g))).intoArray(dz, zb + 2 * u + k);
            dhk.mul(a).mul(o.mul(one.sub(o))).intoArray(dz, zb + 3 * u + k);
            dcTotal.mul(f).intoArray(dc, sb + k);
            DoubleVector.zero(sp).intoArray(dh, sb + k);
        }
        return k;
    }

    /**
     * A SimpleRNN with tanh, sample b's units [k0, u) at a step: {@code dz = dh * (1 - h^2)} from the traced h
     * ({@code gates} from gb), {@code dh = 0} to receive dz . U^T; dh's and dz's rows at {@code sb}.
     */
    static void tanhStep(double[] gates, int gb, double[] dh, double[] dz, int sb, int k0, int u) {
        for (int k = k0; k < u; k++) {
            double g = gates[gb + k];
            dz[sb + k] = dh[sb + k] * (1 - g * g);
            dh[sb + k] = 0;
        }
    }

    /** {@link #tanhStep} over whole vectors of units from 0; returns the first unit left for the scalar loop. */
    private static int tanhVectors(double[] gates, int gb, double[] dh, double[] dz, int sb, int u) {
        VectorSpecies<Double> sp = DoubleVector.SPECIES_PREFERRED;
        int n = sp.length();
        DoubleVector one = DoubleVector.broadcast(sp, 1);
        int k = 0;
        for (; k <= u - n; k += n) {
            DoubleVector g = DoubleVector.fromArray(sp, gates, gb + k);
            DoubleVector.fromArray(sp, dh, sb + k).mul(one.sub(g.mul(g))).intoArray(dz, sb + k);
            DoubleVector.zero(sp).intoArray(dh, sb + k);
        }
        return k;
    }

    /**
     * A GRU (reset_after=True, sigmoid gates, tanh) at sample b's step, units [k0, u), from the traced z, r, hh
     * ({@code gates} from gb), the recurrent candidate term {@code a = h.U_h + b'_h} (from ab) and h before the step
     * ({@code prev} from pb):
     * <pre>
     *   dhh = dh * (1 - z)     dz_h = dhh * (1 - hh^2)     dz_r = dz_h * a * r (1 - r)
     *   dz_z = dh * (hPrev - hh) * z (1 - z)               dh = dh * z, to receive [dz_z, dz_r, dz_h * r] . U^T
     * </pre>
     * the cells' own backward step's arithmetic in its order ({@link GruCell}); dz and dhu rows of sample b.
     */
    static void gruStep(double[] gates, int gb, double[] aux, int ab, double[] prev, int pb, double[] dh, double[] dz,
                        double[] dhu, int b, int u, int k0) {
        int db = b * 3 * u;
        int sb = b * u;
        for (int k = k0; k < u; k++) {
            double gz = gates[gb + k];
            double gr = gates[gb + u + k];
            double gh = gates[gb + 2 * u + k];
            double dhn = dh[sb + k];
            double dzAct = dhn * (prev[pb + k] - gh);
            double daH = dhn * (1 - gz) * (1 - gh * gh);
            double daZ = dzAct * (gz * (1 - gz));
            double daR = daH * aux[ab + k] * (gr * (1 - gr));
            dz[db + k] = daZ;
            dz[db + u + k] = daR;
            dz[db + 2 * u + k] = daH;
            dhu[db + k] = daZ;
            dhu[db + u + k] = daR;
            dhu[db + 2 * u + k] = daH * gr;
            dh[sb + k] = dhn * gz;
        }
    }

    /** {@link #gruStep} over whole vectors of units from 0; returns the first unit left for the scalar loop. */
    private static int gruVectors(double[] gates, int gb, double[] aux, int ab, double[] prev, int pb, double[] dh,
                                  double[] dz, double[] dhu, int b, int u) {
        VectorSpecies<Double> sp = DoubleVector.SPECIES_PREFERRED;
        int n = sp.length();
        DoubleVector one = DoubleVector.broadcast(sp, 1);
        int db = b * 3 * u;
        int sb = b * u;
        int k = 0;
        for (; k <= u - n; k += n) {
            DoubleVector gz = DoubleVector.fromArray(sp, gates, gb + k);
            DoubleVector gr = DoubleVector.fromArray(sp, gates, gb + u + k);
            DoubleVector gh = DoubleVector.fromArray(sp, gates, gb + 2 * u + k);
            DoubleVector dhn = DoubleVector.fromArray(sp, dh, sb + k);
            DoubleVector dzAct = dhn.mul(DoubleVector.fromArray(sp, prev, pb + k).sub(gh));
            DoubleVector daH = dhn.mul(one.sub(gz)).mul(one.sub(gh.mul(gh)));
            DoubleVector daZ = dzAct.mul(gz.mul(one.sub(gz)));
            DoubleVector daR = daH.mul(DoubleVector.fromArray(sp, aux, ab + k)).mul(gr.mul(one.sub(gr)));
            daZ.intoArray(dz, db + k);
            daR.intoArray(dz, db + u + k);
            daH.intoArray(dz, db + 2 * u + k);
            daZ.intoArray(dhu, db + k);
            daR.intoArray(dhu, db + u + k);
            daH.mul(gr).intoArray(dhu, db + 2 * u + k);
            dhn.mul(gz).intoArray(dh, sb + k);
        }
        return k;
    }

    /** Adds step s's output gradient to dh of samples [r0, r1); none before a sample's first computed step. */
    private void addOutputGradient(int s, int r0, int r1) {
        if (dOutput == null) {
            return;
        }
        boolean sequence = trace.layer().returnSequences();
        int row = sequence ? s : s == steps - 1 ? 0 : -1;
        if (row < 0 || (dOutputRow >= 0 && row != dOutputRow)) {
            return;
        }
        int offset = dOutputRow < 0 ? row * batch * u : 0;
        for (int b = r0; b < r1; b++) {
            if (s < firstActive[b]) {
                continue; // the output here is the zeros a masked run emits before its first computed step
            }
            for (int k = 0; k < u; k++) {
                dh[b * u + k] += dOutput[offset + b * u + k];
            }
        }
    }
}
