package org.lstmlens.core;

import org.lstmlens.core.products.Products;
/**
 * The float32 forward pass behind {@link LstmLayer#runFloat}: the same loop as the double one (x.W + b hoisted
 * out of the step loop in cache-sized chunks of timesteps, then one h.U product per step accumulated in place and
 * the gates fused), in float.
 */
final class FloatPass {
    private FloatPass() {
    }

    static LayerOutput run(LstmLayer layer, FloatWeights w, SequenceBatch x, boolean[][] mask, RnnState initial) {
        int batch = x.batch();
        int steps = x.steps();
        int u = layer.units();
        int g4 = 4 * u;
        boolean sequences = layer.returnSequences();
        Products products = Products.current();

        int features = layer.inputDim();
        int chunk = Rnn.chunkSteps(batch, g4, steps);
        float[] xw = new float[chunk * batch * g4];
        float[] xChunk = new float[chunk * batch * features];
        int chunkFirst = 0;
        float[] h = initial == null ? new float[batch * u] : FloatWeights.toFloat(initial.hData());
        float[] c = initial == null ? new float[batch * u] : FloatWeights.toFloat(initial.cData());
        float[] out = new float[(sequences ? steps : 1) * batch * u];
        float[] prevOut = mask == null ? null : new float[batch * u];

        for (int s = 0; s < steps; s++) {
            int t = layer.goBackwards() ? steps - 1 - s : s;
            if (s % chunk == 0) {
                chunkFirst = layer.chunkStart(s, chunk, steps);
                int rows = Math.min(chunk, steps - s) * batch;
                hoistInput(x.data(), chunkFirst * batch * features, rows, features, xChunk, w, xw, products);
            }
            int zOff = (t - chunkFirst) * batch * g4;
            products.multFloat(h, 0, w.recurrent, 0, xw, zOff, batch, u, g4, true);
            layer.cell().activateFloat(xw, zOff, batch, c, h, mask, t);
            if (sequences || s == steps - 1) {
                int outOff = sequences ? s * batch * u : 0;
                copyOutput(h, prevOut, out, outOff, mask, t, batch, u);
            } else if (mask != null) {
                copyOutput(h, prevOut, null, 0, mask, t, batch, u);
            }
        }
        return new LayerOutput(layer, batch, steps, toDouble(out),
                new RnnState(batch, u, toDouble(h), toDouble(c)), null);
    }

    /** xw = x.W + b for {@code rows} rows of x starting at {@code xOff}, x rounded to float on the way. */
    private static void hoistInput(double[] x, int xOff, int rows, int features, float[] xChunk, FloatWeights w,
                                   float[] xw, Products products) {
        int g4 = w.kernel.length / features;
        for (int i = 0; i < rows * features; i++) {
            xChunk[i] = (float) x[xOff + i];
        }
        products.multFloat(xChunk, 0, w.kernel, 0, xw, 0, rows, features, g4, false);
        if (w.bias != null) {
            for (int row = 0; row < rows; row++) {
                int off = row * g4;
                for (int j = 0; j < g4; j++) {
                    xw[off + j] += w.bias[j];
                }
            }
        }
    }

    private static void copyOutput(float[] h, float[] prevOut, float[] out, int outOff, boolean[][] mask, int t,
                                   int batch, int u) {
        float[] src = h;
        if (mask != null) {
            for (int b = 0; b < batch; b++) {
                if (mask[b][t]) {
                    System.arraycopy(h, b * u, prevOut, b * u, u);
                }
            }
            src = prevOut;
        }
        if (out != null) {
            System.arraycopy(src, 0, out, outOff, batch * u);
        }
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
