package org.lstmlens.core;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused step in double, for an LSTM, a GRU (reset_after=True) or a SimpleRNN: h.U over the cell's panels on the
 * Java Vector API, then the cell's gates over whole unit ranges ({@link GateMath}, the layer loop's own), under the
 * time loop of {@link Rnn}. A unit block is as wide as eight accumulators (LSTM: four gates of two vectors;
 * SimpleRNN: its one band of eight) or six (GRU: three gates of two vectors) that stay in registers while its panel
 * streams past. The products are small kernels that touch nothing but their arguments: the JIT keeps their vectors
 * in registers only while a method's Vector API calls all inline, so each kernel is kept short and its results leave
 * through a scratch row.
 *
 * <p>This file is the source of the float32 kernel too: the build writes {@code FloatRecurrence} from it (double
 * becomes float, Double becomes Float; {@code src/gen/FloatTwin.java}), as EJML generates its float classes. So
 * everything here reads the same in both precisions; the caller's input is rounded per chunk into the worker's own buffer.
 */
final class DoubleRecurrence extends StepKernel {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    static final int L = S.length();
    /** Values per panel row of LSTM and SimpleRNN: a constant, so the JIT can drop the loops' bounds checks. */
    static final int W8 = 8 * L;
    /** Values per panel row of a GRU. */
    private static final int W6 = 6 * L;
    /** 128 bytes of values: more than a cache line. */
    private static final int PAD = 128 / Double.BYTES;

    private final int kind;
    private final int bands;
    /** Vectors per band in a block (2, or 8 for SimpleRNN's one band). */
    private final int vb;
    private final Panels panels;
    private final double[] recurrent;
    private final double[] kernel;
    private final double[] bias;
    private final double[] recurrentBias;
    /** Per worker, its chunk of the input in this precision. */
    private final double[][] xs;
    /** x.W + b, then z, then the activated bands, a chunk of timesteps: chunk x batch x bands*stride. */
    private final double[] xw;
    /** A GRU's h.U_h + b'_h of the step: batch x stride. */
    private final double[] aux;
    /**
     * Per worker, where a kernel's accumulators land before they are added into xw: two rows of eight vectors,
     * each worker's at least a cache line from the other's (they are written for every block: sharing a line would
     * bounce it between the cores).
     */
    private final double[][] scratch = {new double[16 * L + PAD], new double[16 * L + PAD]};
    private final Activation act;
    private final Activation rec;
    private final int requested;
    /**
     * Where accumulator v lands in a row of z, from its block's first unit: its band's offset plus its place in
     * the band (a table: dividing by the vectors per band in the hot loop cost 10 to 24 % on cases (b) and (c),
     * best of 4 runs each, LSTM).
     */
    private final int[] vectorAt;

    /**
     * @param workers 0 to choose (1 or 2 threads by the work per step), or exactly 1 or 2
     */
    DoubleRecurrence(RecurrentCell cell, SequenceBatch x, boolean[][] mask, Trace trace, int workers) {
        super(cell, x, mask, trace, padded(cell), chunkOf(cell, x), blockOf(cell));
        this.kind = cell.fusedStep();
        this.bands = cell.bands().size();
        this.vb = block / L;
        this.panels = cell.weights().fused().panels(Double.BYTES, block);
        this.recurrent = (double[]) panels.recurrent;
        this.kernel = (double[]) panels.kernel;
        this.bias = (double[]) panels.bias;
        this.recurrentBias = (double[]) panels.recurrentBias;
        this.xs = new double[2][chunk * batch * features];
        this.xw = new double[chunk * batch * bands * stride];
        this.aux = kind == VectorPass.GRU ? new double[batch * stride] : null;
        this.act = cell.activation();
        this.rec = cell.gateActivation().orElse(null);
        this.requested = workers;
        this.vectorAt = new int[bands * vb];
        for (int v = 0; v < vectorAt.length; v++) {
            vectorAt[v] = (v / vb) * stride + (v % vb) * L;
        }
    }

    private static int blockOf(RecurrentCell cell) {
        return (cell.fusedStep() == VectorPass.SIMPLE ? 8 : 2) * L;
    }

    private static int padded(RecurrentCell cell) {
        int block = blockOf(cell);
        return (cell.units() + block - 1) / block * block;
    }

    /** One sample: at least 16 steps, as its workers meet at a barrier after each hoist; several: cache-sized. */
    private static int chunkOf(RecurrentCell cell, SequenceBatch x) {
        int byCache = Rnn.CHUNK_VALUES / (x.batch() * cell.bands().size() * padded(cell));
        // measured on case (b): 16-step chunks evicted the panels from L2, 15-20 % slower
        return Math.max(1, Math.min(x.steps(), x.batch() == 1 ? Math.max(byCache, 16) : byCache));
    }

    @Override
    int workers() {
        if (requested > 0) {
            return Math.min(requested, 2);
        }
        long perStep = (long) batch * units * bands * stride;
        boolean room = batch == 1 ? blocks >= 2 : batch >= 2;
        return room && Team.helperPays(perStep) ? 2 : 1;
    }

    @Override
    Object newArray(int length) {
        return new double[length];
    }

    /**
     * x.W + b for this worker's share of the chunk of timesteps [first, first + len): with one sample, its unit
     * blocks over every timestep, two timesteps at a time; else its samples, two at a time, over every block.
     * Each worker later reads only what it wrote here, so the hoist needs no barrier.
     */
    @Override
    void hoist(int worker, int first, int len, int r0, int r1, int p0, int p1) {
        double[] acc = scratch[worker];
        double[] in = xs[worker];
        int from = first * batch * features;
        for (int j = 0; j < len * batch * features; j++) {
            in[j] = (double) x[from + j];
        }
        int f = features;
        int row = bands * stride;
        for (int blk = p0; blk < p1; blk++) {
            int j = blk * block;
            int o = blk * f * panels.width;
            if (batch == 1) {
                for (int t = 0; t < len; t += 2) {
                    int tb = Math.min(t + 1, len - 1);
                    pair(acc, in, t * f, tb * f, f, kernel, o);
                    addInto(acc, 0, bias, j, t * row + j);
                    if (tb != t) {
                        addInto(acc, 8 * L, bias, j, tb * row + j);
                    }
                }
                continue;
            }
            for (int t = 0; t < len; t++) {
                for (int r = r0; r < r1; r += 2) {
                    int ra = t * batch + r;
                    int rb = t * batch + Math.min(r + 1, r1 - 1);
                    pair(acc, in, ra * f, rb * f, f, kernel, o);
                    addInto(acc, 0, bias, j, ra * row + j);
                    if (rb != ra) {
                        addInto(acc, 8 * L, bias, j, rb * row + j);
                    }
                }
            }
        }
    }

    /** The single sample's step for unit blocks [p0, p1), a panel at a time. */
    @Override
    void stepUnits(int worker, int par, int zRow, int s, int t, int p0, int p1) {
        double[] acc = scratch[worker];
        double[] hp = (double[]) h[par];
        int z = zRow * bands * stride;
        for (int blk = p0; blk < p1; blk++) {
            single(acc, hp, units, recurrent, blk * units * panels.width);
            addStep(acc, 0, z, blk * block, 0);
            finish(s, t, zRow, par, 0, blk * block, (blk + 1) * block);
        }
    }

    /** The step of samples [r0, r1): each panel once per pair of samples, then each sample's gates. */
    @Override
    void stepRows(int worker, int par, int zRow, int s, int t, int r0, int r1) {
        double[] acc = scratch[worker];
        double[] hp = (double[]) h[par];
        int row = bands * stride;
        for (int blk = 0; blk < blocks; blk++) {
            int j = blk * block;
            int o = blk * units * panels.width;
            for (int r = r0; r < r1; r += 2) {
                int rb = Math.min(r + 1, r1 - 1); // an odd last sample is paired with itself and written once
                pair(acc, hp, r * stride, rb * stride, units, recurrent, o);
                addStep(acc, 0, (zRow + r) * row, j, r * stride);
                if (rb != r) {
                    addStep(acc, 8 * L, (zRow + rb) * row, j, rb * stride);
                }
            }
        }
        for (int b = r0; b < r1; b++) {
            finish(s, t, zRow, par, b, 0, stride);
        }
    }

    /**
     * The rest of sample b's step for padded units [u0, u1), once h.U is in: the cell's gates and its next state
     * (parity par ^ 1), recorded in the trace if there is one; a masked sample keeps its state (its gates are still
     * traced). The same arithmetic, in the same order, as the cell's own step.
     */
    private void finish(int s, int t, int zRow, int par, int b, int u0, int u1) {
        int ua = Math.min(units, u0);
        int ub = Math.min(units, u1);
        int n = u1 - u0;
        int row = (zRow + b) * bands * stride;
        int st = b * stride;
        double[] hp = (double[]) h[par];
        double[] hn = (double[]) h[par ^ 1];
        if (kind == VectorPass.LSTM) {
            recordZ(row, 0, 4, s, b, ua, ub);
            GateMath.gates(act, rec, xw, row + u0, stride, n);
            recordGates(row, 0, 4, s, b, ua, ub);
            GateMath.state(act, xw, row + u0, stride, (double[]) c[par], st + u0, (double[]) c[par ^ 1], st + u0, hn,
                    st + u0, n);
        } else if (kind == VectorPass.GRU) {
            recordZ(row, 0, 2, s, b, ua, ub);
            GateMath.apply(rec, xw, row + u0, n);
            GateMath.apply(rec, xw, row + stride + u0, n);
            int hh = row + 2 * stride;
            for (int k = u0; k < u1; k++) {
                xw[hh + k] = xw[hh + k] + xw[row + stride + k] * aux[st + k];
            }
            recordZ(row, 2, 3, s, b, ua, ub);
            if (trace != null) {
                record(aux, st, 0, trace.auxStore(), units, s, b, ua, ub);
            }
            GateMath.apply(act, xw, hh + u0, n);
            recordGates(row, 0, 3, s, b, ua, ub);
            for (int k = u0; k < u1; k++) {
                double zk = xw[row + k];
                hn[st + k] = zk * hp[st + k] + (1 - zk) * xw[hh + k];
            }
        } else {
            recordZ(row, 0, 1, s, b, ua, ub);
            GateMath.apply(act, xw, row + u0, n);
            recordGates(row, 0, 1, s, b, ua, ub);
            System.arraycopy(xw, row + u0, hn, st + u0, n);
        }
        if (mask != null && !mask[b][t]) {
            carry(par, b, u0, u1);
        }
    }

    private void recordZ(int row, int band0, int band1, int s, int b, int ua, int ub) {
        if (trace != null && trace.zData() != null) {
            for (int g = band0; g < band1; g++) {
                record(xw, row, g, trace.zData(), bands * units, s, b, ua, ub);
            }
        }
    }

    private void recordGates(int row, int band0, int band1, int s, int b, int ua, int ub) {
        if (trace != null) {
            for (int g = band0; g < band1; g++) {
                record(xw, row, g, trace.gatesStore(), bands * units, s, b, ua, ub);
            }
        }
    }

    /** In the step, z += h.U; a GRU's h band goes to aux instead, as h.U_h + b'_h. */
    private void addStep(double[] acc, int accOff, int z, int j, int auxRow) {
        if (kind != VectorPass.GRU) {
            addInto(acc, accOff, xw, z + j, z + j);
            return;
        }
        for (int v = 0; v < 4; v++) {
            int gate = (v >> 1) * stride + (v & 1) * L;
            DoubleVector.fromArray(S, xw, z + j + gate).add(DoubleVector.fromArray(S, acc, accOff + v * L))
                    .intoArray(xw, z + j + gate);
        }
        for (int v = 0; v < 2; v++) {
            DoubleVector.fromArray(S, recurrentBias, j + v * L)
                    .add(DoubleVector.fromArray(S, acc, accOff + (4 + v) * L)).intoArray(aux, auxRow + j + v * L);
        }
    }

    /**
     * xw from z, band by band, becomes base (from baseOff) plus the accumulators in acc (from accOff, a vector each:
     * a band's vb vectors, then the next band's). In a step base is xw itself, so z = (x.W + b) + h.U, the loop's
     * order.
     */
    private void addInto(double[] acc, int accOff, double[] base, int baseOff, int z) {
        int[] at = vectorAt;
        if (bands == 3) {
            for (int v = 0; v < 6; v++) {
                DoubleVector.fromArray(S, base, baseOff + at[v]).add(DoubleVector.fromArray(S, acc, accOff + v * L))
                        .intoArray(xw, z + at[v]);
            }
            return;
        }
        for (int v = 0; v < 8; v++) {
            DoubleVector.fromArray(S, base, baseOff + at[v]).add(DoubleVector.fromArray(S, acc, accOff + v * L))
                    .intoArray(xw, z + at[v]);
        }
    }

    /** acc[0, nv L) = in[0, kLen) . panel (from o): one row times one panel. */
    private void single(double[] acc, double[] in, int kLen, double[] pan, int o) {
        if (bands == 3) {
            single6(acc, in, kLen, pan, o);
        } else {
            single8(acc, in, kLen, pan, o);
        }
    }

    /** acc[0, nv L) and acc[8L, 8L + nv L) = rows ia and ib of {@code in} (kLen values each) . panel (from o). */
    private void pair(double[] acc, double[] in, int ia, int ib, int kLen, double[] pan, int o) {
        if (bands == 3) {
            pair6(acc, in, ia, ib, kLen, pan, o);
        } else {
            pair8(acc, in, ia, ib, kLen, pan, o);
        }
    }

    private static void single8(double[] acc, double[] in, int kLen, double[] pan, int o) {
        DoubleVector a0 = DoubleVector.zero(S);
        DoubleVector a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        for (int k = 0; k < kLen; k++) {
            int at = o + k * W8;
            DoubleVector x = DoubleVector.broadcast(S, in[k]);
            DoubleVector w = DoubleVector.fromArray(S, pan, at);
            a0 = w.fma(x, a0);
            w = DoubleVector.fromArray(S, pan, at + L);
            a1 = w.fma(x, a1);
            w = DoubleVector.fromArray(S, pan, at + 2 * L);
            a2 = w.fma(x, a2);
            w = DoubleVector.fromArray(S, pan, at + 3 * L);
            a3 = w.fma(x, a3);
            w = DoubleVector.fromArray(S, pan, at + 4 * L);
            a4 = w.fma(x, a4);
            w = DoubleVector.fromArray(S, pan, at + 5 * L);
            a5 = w.fma(x, a5);
            w = DoubleVector.fromArray(S, pan, at + 6 * L);
            a6 = w.fma(x, a6);
            w = DoubleVector.fromArray(S, pan, at + 7 * L);
            a7 = w.fma(x, a7);
        }
        a0.intoArray(acc, 0);
        a1.intoArray(acc, L);
        a2.intoArray(acc, 2 * L);
        a3.intoArray(acc, 3 * L);
        a4.intoArray(acc, 4 * L);
        a5.intoArray(acc, 5 * L);
        a6.intoArray(acc, 6 * L);
        a7.intoArray(acc, 7 * L);
    }

    static void pair8(double[] acc, double[] in, int ia, int ib, int kLen, double[] pan, int o) {
        DoubleVector a0 = DoubleVector.zero(S);
        DoubleVector a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        DoubleVector b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0, b6 = a0, b7 = a0;
        for (int k = 0; k < kLen; k++) {
            int at = o + k * W8;
            DoubleVector x = DoubleVector.broadcast(S, in[ia + k]);
            DoubleVector y = DoubleVector.broadcast(S, in[ib + k]);
            DoubleVector w = DoubleVector.fromArray(S, pan, at);
            a0 = w.fma(x, a0);
            b0 = w.fma(y, b0);
            w = DoubleVector.fromArray(S, pan, at + L);
            a1 = w.fma(x, a1);
            b1 = w.fma(y, b1);
            w = DoubleVector.fromArray(S, pan, at + 2 * L);
            a2 = w.fma(x, a2);
            b2 = w.fma(y, b2);
            w = DoubleVector.fromArray(S, pan, at + 3 * L);
            a3 = w.fma(x, a3);
            b3 = w.fma(y, b3);
            w = DoubleVector.fromArray(S, pan, at + 4 * L);
            a4 = w.fma(x, a4);
            b4 = w.fma(y, b4);
            w = DoubleVector.fromArray(S, pan, at + 5 * L);
            a5 = w.fma(x, a5);
            b5 = w.fma(y, b5);
            w = DoubleVector.fromArray(S, pan, at + 6 * L);
            a6 = w.fma(x, a6);
            b6 = w.fma(y, b6);
            w = DoubleVector.fromArray(S, pan, at + 7 * L);
            a7 = w.fma(x, a7);
            b7 = w.fma(y, b7);
        }
        a0.intoArray(acc, 0);
        a1.intoArray(acc, L);
        a2.intoArray(acc, 2 * L);
        a3.intoArray(acc, 3 * L);
        a4.intoArray(acc, 4 * L);
        a5.intoArray(acc, 5 * L);
        a6.intoArray(acc, 6 * L);
        a7.intoArray(acc, 7 * L);
        b0.intoArray(acc, 8 * L);
        b1.intoArray(acc, 8 * L + L);
        b2.intoArray(acc, 8 * L + 2 * L);
        b3.intoArray(acc, 8 * L + 3 * L);
        b4.intoArray(acc, 8 * L + 4 * L);
        b5.intoArray(acc, 8 * L + 5 * L);
        b6.intoArray(acc, 8 * L + 6 * L);
        b7.intoArray(acc, 8 * L + 7 * L);
    }

    private static void single6(double[] acc, double[] in, int kLen, double[] pan, int o) {
        DoubleVector a0 = DoubleVector.zero(S);
        DoubleVector a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        for (int k = 0; k < kLen; k++) {
            int at = o + k * W6;
            DoubleVector x = DoubleVector.broadcast(S, in[k]);
            DoubleVector w = DoubleVector.fromArray(S, pan, at);
            a0 = w.fma(x, a0);
            w = DoubleVector.fromArray(S, pan, at + L);
            a1 = w.fma(x, a1);
            w = DoubleVector.fromArray(S, pan, at + 2 * L);
            a2 = w.fma(x, a2);
            w = DoubleVector.fromArray(S, pan, at + 3 * L);
            a3 = w.fma(x, a3);
            w = DoubleVector.fromArray(S, pan, at + 4 * L);
            a4 = w.fma(x, a4);
            w = DoubleVector.fromArray(S, pan, at + 5 * L);
            a5 = w.fma(x, a5);
        }
        a0.intoArray(acc, 0);
        a1.intoArray(acc, L);
        a2.intoArray(acc, 2 * L);
        a3.intoArray(acc, 3 * L);
        a4.intoArray(acc, 4 * L);
        a5.intoArray(acc, 5 * L);
    }

    private static void pair6(double[] acc, double[] in, int ia, int ib, int kLen, double[] pan, int o) {
        DoubleVector a0 = DoubleVector.zero(S);
        DoubleVector a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        DoubleVector b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0;
        for (int k = 0; k < kLen; k++) {
            int at = o + k * W6;
            DoubleVector x = DoubleVector.broadcast(S, in[ia + k]);
            DoubleVector y = DoubleVector.broadcast(S, in[ib + k]);
            DoubleVector w = DoubleVector.fromArray(S, pan, at);
            a0 = w.fma(x, a0);
            b0 = w.fma(y, b0);
            w = DoubleVector.fromArray(S, pan, at + L);
            a1 = w.fma(x, a1);
            b1 = w.fma(y, b1);
            w = DoubleVector.fromArray(S, pan, at + 2 * L);
            a2 = w.fma(x, a2);
            b2 = w.fma(y, b2);
            w = DoubleVector.fromArray(S, pan, at + 3 * L);
            a3 = w.fma(x, a3);
            b3 = w.fma(y, b3);
            w = DoubleVector.fromArray(S, pan, at + 4 * L);
            a4 = w.fma(x, a4);
            b4 = w.fma(y, b4);
            w = DoubleVector.fromArray(S, pan, at + 5 * L);
            a5 = w.fma(x, a5);
            b5 = w.fma(y, b5);
        }
        a0.intoArray(acc, 0);
        a1.intoArray(acc, L);
        a2.intoArray(acc, 2 * L);
        a3.intoArray(acc, 3 * L);
        a4.intoArray(acc, 4 * L);
        a5.intoArray(acc, 5 * L);
        b0.intoArray(acc, 8 * L);
        b1.intoArray(acc, 8 * L + L);
        b2.intoArray(acc, 8 * L + 2 * L);
        b3.intoArray(acc, 8 * L + 3 * L);
        b4.intoArray(acc, 8 * L + 4 * L);
        b5.intoArray(acc, 8 * L + 5 * L);
    }
}
