package org.lstmlens.core;


/**
 * A cell's weights laid out for the fused steps, in one precision. The units are cut into blocks of {@code block}
 * (the last one padded with zero columns); block p of the recurrent kernel is one contiguous panel of {@code units}
 * rows, each row holding the columns of that block's units for every band side by side (LSTM i, f, g, o; GRU z, r,
 * h; SimpleRNN its one band), so a step streams each panel once, front to back, and ends with every band of its units
 * in registers. The kernel is cut the same way ({@code features} rows a panel). The bias, like the hoisted x.W + b,
 * keeps the bands apart, each padded to {@code paddedUnits}; a recurrent bias b' is folded into it (added once per
 * chunk instead of once per step): an LSTM's and a SimpleRNN's whole, a GRU's for z and r only, as r multiplies its h
 * band ({@code recurrentBias}, one padded band). The arrays are double[] or float[] (rounded once, as Keras holds them). Immutable.
 */
final class Panels {
    final int features;
    final int units;
    final int bands;
    final int block;
    final int paddedUnits;
    final int blocks;
    /** Values per panel row: every band of one block. */
    final int width;
    final Object recurrent;
    final Object kernel;
    final Object bias;
    /** A GRU's b'_h, paddedUnits values (zeros without a recurrent bias); null for other cells. */
    final Object recurrentBias;

    Panels(FusedWeights w, int block, boolean single) {
        this.features = w.features;
        this.units = w.units;
        this.bands = w.bands;
        this.block = block;
        this.blocks = (units + block - 1) / block;
        this.paddedUnits = blocks * block;
        this.width = bands * block;
        int n = bands * units;
        double[] folded = w.bands == 3 ? w.bias : w.effectiveBias; // bands 3: a GRU, whose b'_h is not folded
        double[] b = folded == null ? new double[n] : folded.clone();
        double[] rb = null;
        if (w.bands == 3) {
            rb = new double[paddedUnits];
            if (w.recurrentBias != null) {
                for (int j = 0; j < 2 * units; j++) {
                    b[j] += w.recurrentBias[j];
                }
                System.arraycopy(w.recurrentBias, 2 * units, rb, 0, units);
            }
        }
        recurrent = precision(pack(w.recurrent, units), single);
        kernel = precision(pack(w.kernel, features), single);
        bias = precision(padColumns(b), single);
        recurrentBias = rb == null ? null : precision(rb, single);
    }

    /** {@code panel[(p * rows + k) * width + band * block + j] = m[k, band column of unit p * block + j]}. */
    private double[] pack(double[] m, int rows) {
        double[] p = new double[blocks * rows * width];
        for (int blk = 0; blk < blocks; blk++) {
            for (int k = 0; k < rows; k++) {
                int row = (blk * rows + k) * width;
                for (int g = 0; g < bands; g++) {
                    for (int j = 0; j < block && blk * block + j < units; j++) {
                        p[row + g * block + j] = m[k * bands * units + g * units + blk * block + j];
                    }
                }
            }
        }
        return p;
    }

    /** A bands*u vector with each band padded to paddedUnits. */
    private double[] padColumns(double[] m) {
        double[] p = new double[bands * paddedUnits];
        for (int g = 0; g < bands; g++) {
            System.arraycopy(m, g * units, p, g * paddedUnits, units);
        }
        return p;
    }

    private static Object precision(double[] v, boolean single) {
        if (!single) {
            return v;
        }
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
