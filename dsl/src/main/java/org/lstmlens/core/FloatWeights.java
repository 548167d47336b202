package org.lstmlens.core;

/**
 * A cell's weights rounded to float32 once, for the float32 layer loop ({@link ProductKernel.Float}), as Keras holds
 * them. Immutable.
 */
final class FloatWeights {
    final float[] kernel;
    final float[] recurrent;
    final float[] bias; // null without bias
    final float[] recurrentBias; // b', or null
    final float[] effectiveBias; // b + b' summed in double, then rounded; or null
    final float[] projection; // an LSTM's P (u x p), or null

    private FloatWeights(float[] kernel, float[] recurrent, float[] bias, float[] recurrentBias,
                         float[] effectiveBias, float[] projection) {
        this.kernel = kernel;
        this.recurrent = recurrent;
        this.bias = bias;
        this.recurrentBias = recurrentBias;
        this.effectiveBias = effectiveBias;
        this.projection = projection;
    }

    static FloatWeights of(CellWeights w) {
        return new FloatWeights(toFloat(w.kernelData()), toFloat(w.recurrentData()), toFloat(w.biasData()),
                toFloat(w.recurrentBiasData()), toFloat(w.effectiveBiasData()),
                toFloat(w instanceof LstmWeights ? ((LstmWeights) w).projectionData() : null));
    }

    static float[] toFloat(double[] v) {
        if (v == null) {
            return null;
        }
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
