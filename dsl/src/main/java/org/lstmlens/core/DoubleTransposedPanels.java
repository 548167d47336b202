package org.lstmlens.core;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The backward step's {@code dhPrev += dz . U^T} on the Java Vector API: U^T (bands*u rows x outputs) packed into
 * panels of {@link DoubleRecurrence#W8} columns, each streamed once per pair of samples by the forward step's own
 * kernel ({@link DoubleRecurrence#pair8}), so a backward step costs about what a forward step does. Through JNI the
 * same 64 x 256 x 64 product per step took longer than the whole fused forward step (JFR, IgDatasetBench). Every
 * value is the sum over z's columns in their order, one fused multiply-add at a time: the same numbers on any
 * thread and batch. Outputs that fit {@link #W4} (dx of a narrow input: 32 features in float32) take panels half as
 * wide, streamed once per four samples ({@link #quad4}), not padded to W8 with zeros; each value is the same sum.
 * Made once per weights ({@link FusedWeights#doubleTransposed()}); immutable.
 */
final class DoubleTransposedPanels {
    private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Values per panel row of narrow outputs: four vectors. */
    static final int W4 = 4 * L;

    private final int rows;     // bands * units: the length of a row of dz
    private final int outputs;  // values of h
    private final int width;    // values per panel row: W4 for narrow outputs, else W8
    private final int blocks;
    private final double[] panels;

    DoubleTransposedPanels(double[] recurrent, int outputs, int zWidth) {
        int w = outputs <= W4 ? W4 : DoubleRecurrence.W8;
        this.width = w;
        this.rows = zWidth;
        this.outputs = outputs;
        this.blocks = (outputs + w - 1) / w;
        this.panels = new double[blocks * zWidth * w];
        // panel[(blk * rows + k) * w + j] = U^T[k, blk * w + j] = U[blk * w + j, k]; padding columns stay zero
        for (int blk = 0; blk < blocks; blk++) {
            for (int k = 0; k < zWidth; k++) {
                for (int j = 0; j < w && blk * w + j < outputs; j++) {
                    panels[(blk * zWidth + k) * w + j] = recurrent[(blk * w + j) * zWidth + k];
                }
            }
        }
    }

    /** Scratch for {@link #addProduct}: two rows of eight vectors (or four of four). */
    static double[] scratch() {
        return new double[2 * DoubleRecurrence.W8];
    }

    /**
     * {@code dh += dz . U^T} for rows [r0, r1): dz has rows of zWidth values (not modified), dh rows of outputs
     * (modified; other rows untouched), acc from {@link #scratch()}.
     */
    void addProduct(double[] dz, int r0, int r1, double[] dh, double[] acc) {
        addProduct(dz, r0, r1, dh, 0, acc);
    }

    /**
     * {@code out[shift + r] += dz[r] . U^T} for rows r in [r0, r1): as {@link #addProduct(double[], int, int,
     * double[], double[])} with the result rows {@code shift} further on, so one step's dz lands in its step's rows.
     */
    void addProduct(double[] dz, int r0, int r1, double[] out, int shift, double[] acc) {
        int w = width;
        for (int blk = 0; blk < blocks; blk++) {
            int o = blk * rows * w;
            int j0 = blk * w;
            int n = Math.min(w, outputs - j0);
            if (w == W4) {
                for (int r = r0; r < r1; r += 4) {
                    // a last group of fewer than four repeats its last row, whose sums are added once
                    int rb = Math.min(r + 1, r1 - 1);
                    int rc = Math.min(r + 2, r1 - 1);
                    int rd = Math.min(r + 3, r1 - 1);
                    quad4(acc, dz, r * rows, rb * rows, rc * rows, rd * rows, rows, panels, o);
                    add(acc, 0, out, (shift + r) * outputs + j0, n);
                    for (int q = 1; q < 4 && r + q < r1; q++) {
                        add(acc, q * W4, out, (shift + r + q) * outputs + j0, n);
                    }
                }
                continue;
            }
            for (int r = r0; r < r1; r += 2) {
                int rb = Math.min(r + 1, r1 - 1); // an odd last row is paired with itself and added once
                DoubleRecurrence.pair8(acc, dz, r * rows, rb * rows, rows, panels, o);
                add(acc, 0, out, (shift + r) * outputs + j0, n);
                if (rb != r) {
                    add(acc, w, out, (shift + rb) * outputs + j0, n);
                }
            }
        }
    }

    /**
     * acc[q W4, (q + 1) W4) = row q of (ia, ib, ic, id) of {@code in} (kLen values each) . panel (from o), four
     * vectors a row: sixteen accumulators in registers, each panel row loaded once for four rows, as
     * {@link DoubleRecurrence#pair8} does for two.
     */
    static void quad4(double[] acc, double[] in, int ia, int ib, int ic, int id, int kLen, double[] pan, int o) {
        DoubleVector a0 = DoubleVector.zero(S);
        DoubleVector a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        DoubleVector c0 = a0, c1 = a0, c2 = a0, c3 = a0, d0 = a0, d1 = a0, d2 = a0, d3 = a0;
        for (int k = 0; k < kLen; k++) {
            int at = o + k * W4;
            DoubleVector w0 = DoubleVector.fromArray(S, pan, at);
            DoubleVector w1 = DoubleVector.fromArray(S, pan, at + L);
            DoubleVector w2 = DoubleVector.fromArray(S, pan, at + 2 * L);
            DoubleVector w3 = DoubleVector.fromArray(S, pan, at + 3 * L);
            DoubleVector x = DoubleVector.broadcast(S, in[ia + k]);
            a0 = w0.fma(x, a0);
            a1 = w1.fma(x, a1);
            a2 = w2.fma(x, a2);
            a3 = w3.fma(x, a3);
            x = DoubleVector.broadcast(S, in[ib + k]);
            b0 = w0.fma(x, b0);
            b1 = w1.fma(x, b1);
            b2 = w2.fma(x, b2);
            b3 = w3.fma(x, b3);
            x = DoubleVector.broadcast(S, in[ic + k]);
            c0 = w0.fma(x, c0);
            c1 = w1.fma(x, c1);
            c2 = w2.fma(x, c2);
            c3 = w3.fma(x, c3);
            x = DoubleVector.broadcast(S, in[id + k]);
            d0 = w0.fma(x, d0);
            d1 = w1.fma(x, d1);
            d2 = w2.fma(x, d2);
            d3 = w3.fma(x, d3);
        }
        a0.intoArray(acc, 0);
        a1.intoArray(acc, L);
        a2.intoArray(acc, 2 * L);
        a3.intoArray(acc, 3 * L);
        b0.intoArray(acc, W4);
        b1.intoArray(acc, W4 + L);
        b2.intoArray(acc, W4 + 2 * L);
        b3.intoArray(acc, W4 + 3 * L);
        c0.intoArray(acc, 2 * W4);
        c1.intoArray(acc, 2 * W4 + L);
        c2.intoArray(acc, 2 * W4 + 2 * L);
        c3.intoArray(acc, 2 * W4 + 3 * L);
        d0.intoArray(acc, 3 * W4);
        d1.intoArray(acc, 3 * W4 + L);
        d2.intoArray(acc, 3 * W4 + 2 * L);
        d3.intoArray(acc, 3 * W4 + 3 * L);
    }

    /** {@code dh[to, to + n) += acc[from, from + n)}, whole vectors first. */
    private static void add(double[] acc, int from, double[] dh, int to, int n) {
        int j = 0;
        for (; j <= n - L; j += L) {
            DoubleVector.fromArray(S, dh, to + j).add(DoubleVector.fromArray(S, acc, from + j)).intoArray(dh, to + j);
        }
        for (; j < n; j++) {
            dh[to + j] += acc[from + j];
        }
    }
}
