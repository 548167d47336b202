package org.lstmlens.core;

/** The weights rounded to float32 once, for {@link LstmLayer#runFloat}, as Keras holds them. Immutable. */
final class FloatWeights {
    final float[] kernel;
    final float[] recurrent;
    final float[] bias; // null without bias

    private FloatWeights(float[] kernel, float[] recurrent, float[] bias) {
        this.kernel = kernel;
        this.recurrent = recurrent;
        this.bias = bias;
    }

    static FloatWeights of(LstmWeights w) {
        return new FloatWeights(toFloat(w.kernelData()), toFloat(w.recurrentData()),
                w.biasData() == null ? null : toFloat(w.biasData()));
    }

    static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
