package org.lstmlens.core;

import org.lstmlens.core.products.Products;

/**
 * The step of an LSTM with ONNX's options ({@link LstmOptions}: peepholes, clip, input_forget, an output activation
 * of its own) or PyTorch's projection ({@link LstmWeights}: h has p values), forwards in double and float32 and
 * backwards, for one batch after the loop has added {@code x.W + b + h.U} into z. Apart from {@link LstmCell} so that
 * Keras's LSTM keeps its own step, unchanged and fused. Per sample, with f the gates' activation, g the candidate's
 * and h the output's:
 * <pre>
 *   z_i += P_i * c_prev;  z_f += P_f * c_prev          (peepholes)
 *   i = f(clip(z_i));  f = 1 - i (input_forget) or f(clip(z_f));  g = g(clip(z_c))
 *   c = f * c_prev + i * g
 *   z_o += P_o * c;  o = f(clip(z_o))                  (the output gate sees the new c)
 *   h = o * h(c)                                       ((o * h(c)) . P with a projection)
 * </pre>
 * The trace keeps z with the peephole terms and before the clip (so a view can write {@code z = x.W + h.U + b + P*c}
 * and say where the clip held), and the activated gates.
 *
 * <p>Backwards, with dm = dL/d(o * h(c)) of the step (dL/dh, or dL/dh . P^T with a projection) and dc = dL/dc after
 * it:
 * <pre>
 *   dz_o = (dm * h(c)) f'(z_o) [|z_o| <= clip]
 *   dc  += dm * o * h'(c) + dz_o * P_o
 *   dz_c = dc * i * g'(z_c) [...];  di = dc * g;  df = dc * c_prev
 *   input_forget: di -= df, dz_f = 0;  else dz_f = df * f'(z_f) [...]
 *   dz_i = di * f'(z_i) [...]
 *   dc_prev = dc * f + dz_i * P_i + dz_f * P_f;  dh_prev = dz . U^T
 * </pre>
 */
final class LstmOptionStep {
    private LstmOptionStep() {
    }

    /** Work arrays: out(c) for the backward pass, the new c and h's value before the state is written. */
    static double[][] workspace(int units) {
        return new double[][] {new double[units], new double[units], new double[units]};
    }

    /** As {@link LstmCell#forward}'s non-linear half; see the class comment. */
    static void forward(LstmCell cell, double[] z, int zOff, int batch, double[] c, double[] h, boolean[][] mask,
                        int t, double[] zOut, double[] gatesOut, double[][] work) {
        int u = cell.units();
        int g4 = 4 * u;
        Peepholes p = cell.options().peepholesOrNull();
        double bound = cell.clipBound();
        boolean clips = cell.clips();
        boolean coupled = cell.options().inputForget();
        Activation act = cell.activation();
        Activation rec = cell.recurrentActivation();
        double[] cNew = work[1];
        double[] m = work[2];
        double[] proj = cell.weights().projectionData();
        int hw = cell.outputSize();
        for (int b = 0; b < batch; b++) {
            boolean masked = mask != null && !mask[b][t];
            if (masked && gatesOut == null) {
                continue;
            }
            int zr = zOff + b * g4;
            int cr = b * u;
            double[] a = gatesOut == null ? z : gatesOut; // the gates, in place when no trace keeps z
            int ar = gatesOut == null ? zr : b * g4;
            if (p != null) {
                for (int k = 0; k < u; k++) {
                    z[zr + k] += p.data(Gate.I)[k] * c[cr + k];
                    z[zr + u + k] += p.data(Gate.F)[k] * c[cr + k];
                }
            }
            if (a != z) {
                System.arraycopy(z, zr, a, ar, 3 * u);
            }
            if (clips) {
                Clip.apply(a, ar, 3 * u, bound);
            }
            GateMath.apply(rec, a, ar, u);
            if (coupled) {
                for (int k = 0; k < u; k++) {
                    a[ar + u + k] = 1 - a[ar + k];
                }
            } else {
                GateMath.apply(rec, a, ar + u, u);
            }
            GateMath.apply(act, a, ar + 2 * u, u);
            for (int k = 0; k < u; k++) {
                cNew[k] = a[ar + u + k] * c[cr + k] + a[ar + k] * a[ar + 2 * u + k];
            }
            if (p != null) {
                for (int k = 0; k < u; k++) {
                    z[zr + 3 * u + k] += p.data(Gate.O)[k] * cNew[k];
                }
            }
            if (a != z) {
                System.arraycopy(z, zr + 3 * u, a, ar + 3 * u, u);
            }
            if (clips) {
                Clip.apply(a, ar + 3 * u, u, bound);
            }
            GateMath.apply(rec, a, ar + 3 * u, u);
            if (zOut != null) {
                System.arraycopy(z, zr, zOut, b * g4, g4);
            }
            if (masked) {
                continue; // a trace keeps what the cell computed at a masked step; the state is carried
            }
            System.arraycopy(cNew, 0, m, 0, u);
            GateMath.apply(cell.outputActivation(), m, 0, u);
            for (int k = 0; k < u; k++) {
                m[k] *= a[ar + 3 * u + k];
            }
            System.arraycopy(cNew, 0, c, cr, u);
            if (proj == null) {
                System.arraycopy(m, 0, h, b * u, u);
            } else {
                Products.current().mult(m, 0, proj, 0, h, b * hw, 1, u, hw, false); // h = m . P
            }
        }
    }

    /** Float32 work arrays: the new c, h's value, and the peepholes rounded to float (i, f, o; null without). */
    static float[][] workspaceFloat(LstmCell cell) {
        int u = cell.units();
        Peepholes p = cell.options().peepholesOrNull();
        return new float[][] {new float[u], new float[u], p == null ? null : FloatWeights.toFloat(p.data(Gate.I)),
            p == null ? null : FloatWeights.toFloat(p.data(Gate.F)), p == null ? null : FloatWeights.toFloat(
                p.data(Gate.O))};
    }

    /** The float32 twin of {@link #forward}: the same steps in float, no trace. */
    static void forwardFloat(LstmCell cell, FloatWeights w, float[] z, int zOff, int batch, float[] c, float[] h,
                             boolean[][] mask, int t, float[][] work) {
        int u = cell.units();
        int g4 = 4 * u;
        double bound = cell.clipBound();
        boolean clips = cell.clips();
        boolean coupled = cell.options().inputForget();
        Activation act = cell.activation();
        Activation rec = cell.recurrentActivation();
        float[] cNew = work[0];
        float[] m = work[1];
        float[] pi = work[2];
        float[] pf = work[3];
        float[] po = work[4];
        int hw = cell.outputSize();
        for (int b = 0; b < batch; b++) {
            if (mask != null && !mask[b][t]) {
                continue;
            }
            int zr = zOff + b * g4;
            int cr = b * u;
            if (pi != null) {
                for (int k = 0; k < u; k++) {
                    z[zr + k] += pi[k] * c[cr + k];
                    z[zr + u + k] += pf[k] * c[cr + k];
                }
            }
            if (clips) {
                Clip.apply(z, zr, 3 * u, bound);
            }
            GateMath.apply(rec, z, zr, u);
            if (coupled) {
                for (int k = 0; k < u; k++) {
                    z[zr + u + k] = 1 - z[zr + k];
                }
            } else {
                GateMath.apply(rec, z, zr + u, u);
            }
            GateMath.apply(act, z, zr + 2 * u, u);
            for (int k = 0; k < u; k++) {
                cNew[k] = z[zr + u + k] * c[cr + k] + z[zr + k] * z[zr + 2 * u + k];
            }
            if (po != null) {
                for (int k = 0; k < u; k++) {
                    z[zr + 3 * u + k] += po[k] * cNew[k];
                }
            }
            if (clips) {
                Clip.apply(z, zr + 3 * u, u, bound);
            }
            GateMath.apply(rec, z, zr + 3 * u, u);
            System.arraycopy(cNew, 0, m, 0, u);
            GateMath.apply(cell.outputActivation(), m, 0, u);
            for (int k = 0; k < u; k++) {
                m[k] *= z[zr + 3 * u + k];
            }
            System.arraycopy(cNew, 0, c, cr, u);
            if (w.projection == null) {
                System.arraycopy(m, 0, h, b * u, u);
            } else {
                Products.current().multFloat(m, 0, w.projection, 0, h, b * hw, 1, u, hw, false);
            }
        }
    }

    /** As {@link LstmCell#backward}; see the class comment. */
    static void backward(LstmCell cell, Trace trace, int s, double[] dh, double[] dc, double[] dz, Band gate,
                         double[] dGate, double[][] work) {
        int batch = trace.batch();
        int u = cell.units();
        int g4 = 4 * u;
        Peepholes p = cell.options().peepholesOrNull();
        boolean coupled = cell.options().inputForget();
        Activation act = cell.activation();
        Activation rec = cell.recurrentActivation();
        Activation out = cell.outputActivation();
        double[] zs = trace.zData();
        double[] gs = trace.doubleGates();
        double[] oc = work[0];
        double[] dm = work[1];
        double[] projT = cell.weights().projectionTransposed();
        int hw = cell.outputSize();
        for (int b = 0; b < batch; b++) {
            if (!trace.active(b, s)) {
                continue; // the state was carried: dh and dc flow to the previous step untouched
            }
            if (projT == null) {
                System.arraycopy(dh, b * u, dm, 0, u);
            } else {
                Products.current().mult(dh, b * hw, projT, 0, dm, 0, 1, hw, u, false); // dm = dh . P^T
            }
            java.util.Arrays.fill(dh, b * hw, (b + 1) * hw, 0); // replaced by dz . U^T below
            double[] cPrev = s == 0 ? trace.cPrev(b, 0) : trace.doubleC();
            int cp = s == 0 ? 0 : ((s - 1) * batch + b) * u;
            int cs = (s * batch + b) * u;
            System.arraycopy(trace.doubleC(), cs, oc, 0, u);
            GateMath.apply(out, oc, 0, u);
            int gb = (s * batch + b) * g4;
            int zb = b * g4;
            for (int k = 0; k < u; k++) {
                int sb = b * u + k;
                double i = gs[gb + k];
                double f = gs[gb + u + k];
                double g = gs[gb + 2 * u + k];
                double o = gs[gb + 3 * u + k];
                double zo = zs[gb + 3 * u + k];
                double dzo = (dm[k] * oc[k] + given(gate, Gate.O, dGate, sb)) * slope(cell, rec, zo, o);
                double dcT = dc[sb] + dm[k] * o * RecurrentCell.slope(out, trace.doubleC()[cs + k], oc[k])
                        + (p == null ? 0 : dzo * p.data(Gate.O)[k]);
                double dzc = (dcT * i + given(gate, Gate.C, dGate, sb)) * slope(cell, act, zs[gb + 2 * u + k], g);
                double di = dcT * g + given(gate, Gate.I, dGate, sb);
                double df = dcT * cPrev[cp + k] + given(gate, Gate.F, dGate, sb);
                double dzf = 0;
                if (coupled) {
                    di -= df; // f = 1 - i
                } else {
                    dzf = df * slope(cell, rec, zs[gb + u + k], f);
                }
                double dzi = di * slope(cell, rec, zs[gb + k], i);
                dz[zb + k] = dzi;
                dz[zb + u + k] = dzf;
                dz[zb + 2 * u + k] = dzc;
                dz[zb + 3 * u + k] = dzo;
                dc[sb] = dcT * f + (p == null ? 0 : dzi * p.data(Gate.I)[k] + dzf * p.data(Gate.F)[k]);
            }
        }
        // rows of masked samples are zero in dz, so their carried dh is left as it is
        Products.current().mult(dz, cell.weights().recurrentTransposed(), dh, batch, g4, hw, true);
    }

    /** The gradient given at this gate's value, or 0. */
    private static double given(Band gate, Gate which, double[] dGate, int sb) {
        return gate == which ? dGate[sb] : 0;
    }

    /** a'(clip(z)) d clip(z)/dz, from the traced y = a(clip(z)). */
    private static double slope(LstmCell cell, Activation a, double z, double y) {
        double s = RecurrentCell.slope(a, z, y);
        return cell.clips() ? s * Clip.slope(z, cell.clipBound()) : s;
    }
}
