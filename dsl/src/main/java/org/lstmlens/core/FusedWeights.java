package org.lstmlens.core;

/**
 * A layer's weights as the fused pass takes them (canonical layout: kernel features x 4u, recurrent u x 4u, bias 4u
 * or null; gate blocks i, f, c, o), with the panels made from them on first use, once per precision. The arrays
 * are read, never written. Thread-safe.
 */
final class FusedWeights {
    final int features;
    final int units;
    final double[] kernel;
    final double[] recurrent;
    final double[] bias;
    private volatile Panels doubles;
    private volatile Panels floats;

    FusedWeights(int features, int units, double[] kernel, double[] recurrent, double[] bias) {
        this.features = features;
        this.units = units;
        this.kernel = kernel;
        this.recurrent = recurrent;
        this.bias = bias;
    }

    Panels doubles(int block) {
        Panels p = doubles;
        if (p == null) {
            p = Panels.ofDouble(this, block);
            doubles = p; // a benign race: every thread packs the same values
        }
        return p;
    }

    Panels floats(int block) {
        Panels p = floats;
        if (p == null) {
            p = Panels.ofFloat(this, block);
            floats = p;
        }
        return p;
    }
}
