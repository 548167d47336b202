package org.lstmlens.core;

/**
 * The float32 forward pass behind {@link LstmLayer#runFloat}: the same loop as the double one (x.W + b hoisted
 * over all timesteps, then one h.U product per step accumulated in place and the gates fused), in float.
 */
final class FloatPass {
    private FloatPass() {
    }

    static LayerOutput run(LstmLayer layer, FloatWeights w, SequenceBatch x, boolean[][] mask, LstmState initial) {
        int batch = x.batch();
        int steps = x.steps();
        int u = layer.units();
        int g4 = 4 * u;
        boolean sequences = layer.returnSequences();
        Products products = Products.current();

        float[] xw = new float[steps * batch * g4];
        products.multFloat(FloatWeights.toFloat(x.data()), 0, w.kernel, 0, xw, 0, steps * batch, layer.inputDim(),
                g4, false);
        if (w.bias != null) {
            for (int row = 0; row < steps * batch; row++) {
                int off = row * g4;
                for (int j = 0; j < g4; j++) {
                    xw[off + j] += w.bias[j];
                }
            }
        }
        float[] h = initial == null ? new float[batch * u] : FloatWeights.toFloat(initial.hData());
        float[] c = initial == null ? new float[batch * u] : FloatWeights.toFloat(initial.cData());
        float[] out = new float[(sequences ? steps : 1) * batch * u];
        float[] prevOut = mask == null ? null : new float[batch * u];

        for (int s = 0; s < steps; s++) {
            int t = layer.goBackwards() ? steps - 1 - s : s;
            int zOff = t * batch * g4;
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
                new LstmState(batch, u, toDouble(h), toDouble(c)), null);
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
