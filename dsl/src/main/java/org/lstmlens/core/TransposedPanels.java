package org.lstmlens.core;

/**
 * The backward step's {@code dhPrev += dz . U^T} on the Java Vector API: U^T (bands*u rows x outputs) packed into
 * panels of {@link DoubleRecurrence#W8} columns, each streamed once per pair of samples by the forward step's own
 * kernel ({@link DoubleRecurrence#pair8}), so a backward step costs about what a forward step does. Through JNI the
 * same 64 x 256 x 64 product per step took longer than the whole fused forward step (JFR, IgDatasetBench). Every
 * value is the sum over z's columns in their order, one fused multiply-add at a time: the same numbers on any
 * thread and batch. Made once per weights ({@link FusedWeights#transposed()}); immutable.
 */
final class TransposedPanels {
    private final int rows;     // bands * units: the length of a row of dz
    private final int outputs;  // values of h
    private final int blocks;
    private final double[] panels;

    TransposedPanels(double[] recurrent, int outputs, int zWidth) {
        int w = DoubleRecurrence.W8;
        this.rows = zWidth;
        this.outputs = outputs;
        this.blocks = (outputs + w - 1) / w;
        this.panels = new double[blocks * zWidth * w];
        // panel[(blk * rows + k) * W8 + j] = U^T[k, blk * W8 + j] = U[blk * W8 + j, k]; padding columns stay zero
        for (int blk = 0; blk < blocks; blk++) {
            for (int k = 0; k < zWidth; k++) {
                for (int j = 0; j < w && blk * w + j < outputs; j++) {
                    panels[(blk * zWidth + k) * w + j] = recurrent[(blk * w + j) * zWidth + k];
                }
            }
        }
    }

    /** Scratch for {@link #addProduct}: two rows of accumulators. */
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
        int w = DoubleRecurrence.W8;
        for (int blk = 0; blk < blocks; blk++) {
            int o = blk * rows * w;
            int j0 = blk * w;
            int n = Math.min(w, outputs - j0);
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

    private static void add(double[] acc, int from, double[] dh, int to, int n) {
        for (int j = 0; j < n; j++) {
            dh[to + j] += acc[from + j];
        }
    }
}
