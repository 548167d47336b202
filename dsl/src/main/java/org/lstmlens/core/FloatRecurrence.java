package org.lstmlens.core;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fused steps in float32, the twin of {@link DoubleRecurrence} (kept side by side, as EJML keeps its float
 * code). A unit block is two vectors wide, so one block's four gates are eight accumulators
 * that stay in registers while its panel streams past. The products are two small kernels ({@link #single},
 * {@link #pair}) that touch nothing but their arguments: the JIT keeps their vectors in registers only while a
 * method's Vector API calls all inline, so each kernel is kept short and its results leave through a scratch row.
 */
final class FloatRecurrence extends FusedRecurrence {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Units per block. */
    static final int BLOCK = 2 * L;
    /** Values per panel row (four gates of a block): a constant, so the JIT can drop the loops' bounds checks. */
    private static final int WIDTH = 4 * BLOCK;
    /** 128 bytes of values: more than a cache line. */
    private static final int PAD = 128 / Float.BYTES;

    private final float[] recurrent;
    private final float[] kernel;
    private final float[] bias;
    /** Per worker, the input it hoists from: the caller's x in double; in float, its chunk rounded to float. */
    private final float[][] xs;
    private final float[] xw;
    /**
     * Per worker, where a kernel's accumulators land before they are added into xw: two rows of eight vectors,
     * each worker's at least a cache line from the other's (they are written for every block: sharing a line would
     * bounce it between the cores).
     */
    private final float[][] scratch = {new float[16 * L + PAD], new float[16 * L + PAD]};
    private final Activation act;
    private final Activation rec;

    FloatRecurrence(FusedRequest q, FusedWeights w) {
        super(q, w.floats(BLOCK));
        this.recurrent = panels.recurrentF;
        this.kernel = panels.kernelF;
        this.bias = panels.biasF;
        this.xs = new float[2][chunk * batch * panels.features];
        this.xw = new float[chunk * batch * 4 * padded];
        this.zs = xw;
        this.act = q.activation;
        this.rec = q.recurrentActivation;
    }

    @Override
    Object newArray(int length) {
        return new float[length];
    }

    @Override
    void setRow(Object to, int toOff, double[] from, int fromOff, int length) {
        float[] t = (float[]) to;
        for (int j = 0; j < length; j++) {
            t[toOff + j] = (float) from[fromOff + j];
        }
    }

    @Override
    double[] unpad(Object state) {
        float[] v = (float[]) state;
        double[] r = new double[batch * units];
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < units; j++) {
                r[b * units + j] = v[b * padded + j];
            }
        }
        return r;
    }

    @Override
    double[] widen(Object values) {
        float[] v = (float[]) values;
        double[] r = new double[v.length];
        for (int j = 0; j < v.length; j++) {
            r[j] = v[j];
        }
        return r;
    }

    /** Rounds the chunk's input to float (as Keras holds it) into this worker's buffer; its offset there: 0. */
    private int inputChunk(int worker, int first, int len) {
        float[] to = xs[worker];
        int from = first * batch * panels.features;
        for (int j = 0; j < len * batch * panels.features; j++) {
            to[j] = (float) q.x[from + j];
        }
        return 0;
    }

    /**
     * x.W + b for this worker's share of the chunk of timesteps [first, first + len): with one sample, its unit
     * blocks over every timestep, two timesteps at a time; else its samples, two at a time, over every block.
     * Each worker later reads only what it wrote here, so the hoist needs no barrier.
     */
    @Override
    void hoist(int worker, int first, int len, int r0, int r1, int p0, int p1) {
        float[] acc = scratch[worker];
        float[] x = xs[worker];
        int x0 = inputChunk(worker, first, len);
        int f = panels.features;
        int g4 = 4 * padded;
        for (int blk = p0; blk < p1; blk++) {
            int j = blk * BLOCK;
            int o = blk * f * WIDTH;
            if (batch == 1) {
                for (int t = 0; t < len; t += 2) {
                    int tb = Math.min(t + 1, len - 1);
                    pair(acc, x, x0 + t * f, x0 + tb * f, f, kernel, o);
                    addInto(acc, 0, bias, j, t * g4 + j);
                    if (tb != t) {
                        addInto(acc, 8 * L, bias, j, tb * g4 + j);
                    }
                }
                continue;
            }
            for (int t = 0; t < len; t++) {
                for (int r = r0; r < r1; r += 2) {
                    int ra = t * batch + r;
                    int rb = t * batch + Math.min(r + 1, r1 - 1);
                    pair(acc, x, x0 + ra * f, x0 + rb * f, f, kernel, o);
                    addInto(acc, 0, bias, j, ra * g4 + j);
                    if (rb != ra) {
                        addInto(acc, 8 * L, bias, j, rb * g4 + j);
                    }
                }
            }
        }
    }

    /** z += h.U for the single sample's unit blocks [p0, p1), a panel at a time. */
    @Override
    void zUnits(int worker, int par, int zRow, int p0, int p1) {
        float[] acc = scratch[worker];
        float[] hp = (float[]) h[par];
        int z = zRow * 4 * padded;
        for (int blk = p0; blk < p1; blk++) {
            single(acc, hp, units, recurrent, blk * units * WIDTH);
            addInto(acc, 0, xw, z + blk * BLOCK, z + blk * BLOCK);
        }
    }

    /** z += h.U for samples [r0, r1), each panel once per pair of samples. */
    @Override
    void zRows(int worker, int par, int zRow, int r0, int r1) {
        float[] acc = scratch[worker];
        float[] hp = (float[]) h[par];
        int g4 = 4 * padded;
        for (int blk = 0; blk < panels.blocks; blk++) {
            int j = blk * BLOCK;
            int o = blk * units * WIDTH;
            for (int r = r0; r < r1; r += 2) {
                int rb = Math.min(r + 1, r1 - 1); // an odd last sample is paired with itself and written once
                int za = (zRow + r) * g4 + j;
                pair(acc, hp, r * padded, rb * padded, units, recurrent, o);
                addInto(acc, 0, xw, za, za);
                if (rb != r) {
                    int zb = (zRow + rb) * g4 + j;
                    addInto(acc, 8 * L, xw, zb, zb);
                }
            }
        }
    }

    @Override
    void activate(int par, int zRow, int b, int u0, int u1) {
        gates((zRow + b) * 4 * padded, b * padded, u0, u1, (float[]) c[par], (float[]) c[par ^ 1], (float[]) h[par ^ 1]);
    }

    /** acc[0, 8L) = in[ia, ia + kLen) . panel (from o): one row times one panel. */
    private static void single(float[] acc, float[] in, int kLen, float[] pan, int o) {
        int ia = 0;
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        for (int k = 0; k < kLen; k++) {
            int at = o + k * WIDTH;
            FloatVector x = FloatVector.broadcast(S, in[ia + k]);
            FloatVector w = FloatVector.fromArray(S, pan, at);
            a0 = w.fma(x, a0);
            w = FloatVector.fromArray(S, pan, at + L);
            a1 = w.fma(x, a1);
            w = FloatVector.fromArray(S, pan, at + 2 * L);
            a2 = w.fma(x, a2);
            w = FloatVector.fromArray(S, pan, at + 3 * L);
            a3 = w.fma(x, a3);
            w = FloatVector.fromArray(S, pan, at + 4 * L);
            a4 = w.fma(x, a4);
            w = FloatVector.fromArray(S, pan, at + 5 * L);
            a5 = w.fma(x, a5);
            w = FloatVector.fromArray(S, pan, at + 6 * L);
            a6 = w.fma(x, a6);
            w = FloatVector.fromArray(S, pan, at + 7 * L);
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

    /** acc[0, 8L) and acc[8L, 16L) = rows ia and ib of {@code in} (kLen values each) . panel (from o). */
    private static void pair(float[] acc, float[] in, int ia, int ib, int kLen, float[] pan, int o) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
        FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0, b4 = a0, b5 = a0, b6 = a0, b7 = a0;
        for (int k = 0; k < kLen; k++) {
            int at = o + k * WIDTH;
            FloatVector x = FloatVector.broadcast(S, in[ia + k]);
            FloatVector y = FloatVector.broadcast(S, in[ib + k]);
            FloatVector w = FloatVector.fromArray(S, pan, at);
            a0 = w.fma(x, a0);
            b0 = w.fma(y, b0);
            w = FloatVector.fromArray(S, pan, at + L);
            a1 = w.fma(x, a1);
            b1 = w.fma(y, b1);
            w = FloatVector.fromArray(S, pan, at + 2 * L);
            a2 = w.fma(x, a2);
            b2 = w.fma(y, b2);
            w = FloatVector.fromArray(S, pan, at + 3 * L);
            a3 = w.fma(x, a3);
            b3 = w.fma(y, b3);
            w = FloatVector.fromArray(S, pan, at + 4 * L);
            a4 = w.fma(x, a4);
            b4 = w.fma(y, b4);
            w = FloatVector.fromArray(S, pan, at + 5 * L);
            a5 = w.fma(x, a5);
            b5 = w.fma(y, b5);
            w = FloatVector.fromArray(S, pan, at + 6 * L);
            a6 = w.fma(x, a6);
            b6 = w.fma(y, b6);
            w = FloatVector.fromArray(S, pan, at + 7 * L);
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

    /**
     * xw from z, gate by gate, becomes base (from baseOff) plus the accumulators in acc (from accOff: i, i', f, f',
     * g, g', o, o', a vector each). In a step base is xw itself, so z = (x.W + b) + h.U, the loop's order.
     */
    private void addInto(float[] acc, int accOff, float[] base, int baseOff, int z) {
        for (int v = 0; v < 8; v++) {
            int gate = (v >> 1) * padded + (v & 1) * L;
            FloatVector.fromArray(S, base, baseOff + gate).add(FloatVector.fromArray(S, acc, accOff + v * L)).intoArray(xw, z + gate);
        }
    }

    /**
     * The gates of units [j0, j1) of one row, from their z (in xw from {@code z}: i, f, g, o a padded gate apart),
     * then c = f * c_prev + i * g and h = o * act(c) into the next parity's state from {@code s}: the layer loop's
     * gate math ({@link GateMath}), over whole ranges so its loops run long.
     */
    private void gates(int z, int s, int j0, int j1, float[] cp, float[] cn, float[] hn) {
        GateMath.gates(act, rec, xw, z + j0, padded, j1 - j0);
        GateMath.state(act, xw, z + j0, padded, cp, s + j0, cn, s + j0, hn, s + j0, j1 - j0);
    }
}
