package org.lstmlens.core;

/**
 * A cell's weights as the fused steps take them (canonical layout: kernel features x bands*u, recurrent u x bands*u,
 * bias and a GRU's recurrent bias bands*u or null; the cell's band order), with the panels made from them on first
 * use, once per precision and block size. The arrays are read, never written. Thread-safe.
 */
final class FusedWeights {
    final int features;
    final int units;
    final int bands;
    final double[] kernel;
    final double[] recurrent;
    final double[] bias;
    final double[] recurrentBias;
    /** b + b' (see {@link CellWeights#effectiveBias()}), or null. */
    final double[] effectiveBias;
    private volatile Panels doubles;
    private volatile Panels floats;
    private volatile DoubleTransposedPanels transposed;
    private volatile DoubleTransposedPanels kernelTransposed;
    private volatile FloatTransposedPanels floatTransposed;
    private volatile FloatTransposedPanels floatKernelTransposed;

    FusedWeights(CellWeights w) {
        this.features = w.inputDim();
        this.units = w.units();
        this.bands = w.bands();
        this.kernel = w.kernelData();
        this.recurrent = w.recurrentData();
        this.bias = w.biasData();
        this.recurrentBias = w.recurrentBiasData();
        this.effectiveBias = w.effectiveBiasData();
    }

    /** The panels of {@code block} units in double ({@code bytes} 8) or float32 (4). */
    Panels panels(int bytes, int block) {
        Panels p = bytes == Double.BYTES ? doubles : floats;
        if (p == null || p.block != block) {
            p = new Panels(this, block, bytes != Double.BYTES);
            if (bytes == Double.BYTES) {
                doubles = p; // a benign race: every thread packs the same values
            } else {
                floats = p;
            }
        }
        return p;
    }

    /** U^T in panels for the backward step (the Vector API's; see {@link VectorPass#available()}). */
    DoubleTransposedPanels doubleTransposed() {
        DoubleTransposedPanels t = transposed;
        if (t == null) {
            t = new DoubleTransposedPanels(recurrent, recurrent.length / (bands * units), bands * units);
            transposed = t; // a benign race: every thread packs the same values
        }
        return t;
    }

    /** W^T in panels for the backward pass's dx = dz . W^T (the Vector API's). */
    DoubleTransposedPanels doubleKernelTransposed() {
        DoubleTransposedPanels t = kernelTransposed;
        if (t == null) {
            t = new DoubleTransposedPanels(kernel, features, kernel.length / features);
            kernelTransposed = t; // a benign race: every thread packs the same values
        }
        return t;
    }

    /** U^T in float32 panels, the weights rounded once, for the float32 backward step. */
    FloatTransposedPanels floatTransposed() {
        FloatTransposedPanels t = floatTransposed;
        if (t == null) {
            t = new FloatTransposedPanels(FloatWeights.toFloat(recurrent), recurrent.length / (bands * units),
                    bands * units);
            floatTransposed = t; // a benign race: every thread packs the same values
        }
        return t;
    }

    /** W^T in float32 panels, for the float32 backward pass's dx = dz . W^T. */
    FloatTransposedPanels floatKernelTransposed() {
        FloatTransposedPanels t = floatKernelTransposed;
        if (t == null) {
            t = new FloatTransposedPanels(FloatWeights.toFloat(kernel), features, kernel.length / features);
            floatKernelTransposed = t; // a benign race: every thread packs the same values
        }
        return t;
    }
}
