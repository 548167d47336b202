package org.lstmlens.core;


/**
 * A layer's weights laid out for the fused steps, in one precision. The units are cut into blocks of {@code block}
 * (two vectors' worth, the last one padded with zero columns); block p of the recurrent kernel is one contiguous
 * panel of {@code units} rows, each row holding the i, f, g, o columns of that block's units side by side, so a step
 * streams each panel once, front to back, and ends with all four gates of its units in registers. The kernel is cut
 * the same way ({@code features} rows a panel). The bias, like the hoisted x.W + b, keeps the gate blocks apart,
 * each padded to {@code paddedUnits}. Immutable.
 */
final class Panels {
    final int features;
    final int units;
    final int block;
    final int paddedUnits;
    final int blocks;
    /** Values per panel row: four gates of one block. */
    final int width;
    final double[] recurrent;
    final double[] kernel;
    final double[] bias;
    final float[] recurrentF;
    final float[] kernelF;
    final float[] biasF;

    private Panels(FusedWeights w, int block, boolean single) {
        this.features = w.features;
        this.units = w.units;
        this.block = block;
        this.blocks = (units + block - 1) / block;
        this.paddedUnits = blocks * block;
        this.width = 4 * block;
        double[] r = pack(w.recurrent, units);
        double[] k = pack(w.kernel, features);
        double[] b = padColumns(w.bias == null ? new double[4 * units] : w.bias, 1);
        recurrent = single ? null : r;
        kernel = single ? null : k;
        bias = single ? null : b;
        recurrentF = single ? toFloat(r) : null;
        kernelF = single ? toFloat(k) : null;
        biasF = single ? toFloat(b) : null;
    }

    static Panels ofDouble(FusedWeights w, int block) {
        return new Panels(w, block, false);
    }

    /** The weights rounded to float32 once, as Keras holds them. */
    static Panels ofFloat(FusedWeights w, int block) {
        return new Panels(w, block, true);
    }

    /** {@code panel[(p * rows + k) * width + gate * block + j] = m[k, gate column of unit p * block + j]}. */
    private double[] pack(double[] m, int rows) {
        double[] p = new double[blocks * rows * width];
        for (int blk = 0; blk < blocks; blk++) {
            for (int k = 0; k < rows; k++) {
                int row = (blk * rows + k) * width;
                for (Gate g : Gate.values()) {
                    for (int j = 0; j < block && blk * block + j < units; j++) {
                        p[row + g.index() * block + j] = m[k * 4 * units + g.column(units, blk * block + j)];
                    }
                }
            }
        }
        return p;
    }

    /** A rows x 4u matrix with each gate's columns padded to paddedUnits. */
    private double[] padColumns(double[] m, int rows) {
        double[] p = new double[rows * 4 * paddedUnits];
        for (int r = 0; r < rows; r++) {
            for (Gate g : Gate.values()) {
                System.arraycopy(m, r * 4 * units + g.start(units), p, r * 4 * paddedUnits + g.index() * paddedUnits,
                        units);
            }
        }
        return p;
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
