package org.lstmlens.core;

import org.lstmlens.core.products.Products;

/**
 * The step of any cell as the cell itself computes it ({@link RecurrentCell#forward}: its recurrent products through
 * the product kernel, then its gates), in double, on one thread: the time loop's reference, which every faster kernel
 * is tested against, and the pass wherever the JVM offers no fused step. x.W + b is hoisted a cache-sized chunk of
 * timesteps at a time through the product kernel. The state is updated in place.
 */
class ProductKernel extends StepKernel {
    final int width;
    final Products products = Products.current();
    private final double[] xw;
    private final double[] z;
    private final double[] gates;
    private final double[] aux;
    private final double[][] work;

    ProductKernel(RecurrentCell cell, SequenceBatch x, boolean[][] mask, Trace trace) {
        super(cell, x, mask, trace, cell.units(), Rnn.chunkSteps(x.batch(), cell.zWidth(), x.steps()), cell.units());
        this.width = cell.zWidth();
        boolean traced = trace != null;
        this.xw = single() ? null : new double[chunk * batch * width];
        this.z = traced ? new double[batch * width] : null;
        this.gates = traced ? new double[batch * width] : null;
        this.aux = traced && cell.auxWidth() > 0 ? new double[batch * cell.auxWidth()] : null;
        this.work = single() ? null : cell.workspace(batch);
    }

    /** Whether this is the float32 kernel (which keeps its own arrays). */
    boolean single() {
        return false;
    }

    @Override
    final int workers() {
        return 1;
    }

    @Override
    final boolean byUnits() {
        return false;
    }

    @Override
    final boolean singleBuffered() {
        return true;
    }

    @Override
    Object newArray(int length) {
        return new double[length];
    }

    @Override
    void hoist(int w, int first, int len, int r0, int r1, int p0, int p1) {
        int rows = len * batch;
        products.mult(x, first * batch * features, cell.weights().kernelData(), 0, xw, 0, rows, features, width,
                false);
        Rnn.addBias(xw, rows, cell.inputBias());
    }

    @Override
    final void stepUnits(int w, int par, int zRow, int s, int t, int p0, int p1) {
        throw new IllegalStateException("the product kernel steps whole samples");
    }

    @Override
    void stepRows(int w, int par, int zRow, int s, int t, int r0, int r1) {
        cell.forward(xw, zRow * width, batch, (double[]) h[0], (double[]) c[0], mask, t, work, z, gates, aux);
        if (trace != null) {
            trace.recordCell(s, z, gates, aux);
        }
    }

    /**
     * The float32 layer loop ({@link RecurrentCell#forwardFloat}): weights, input and state rounded to float once,
     * every product and activation in float, as Keras computes. No trace.
     */
    static final class Float extends ProductKernel {
        private final FloatWeights fw;
        private final float[] xw;
        private final float[] xChunk;
        private final float[][] work;

        Float(RecurrentCell cell, SequenceBatch x, boolean[][] mask) {
            super(cell, x, mask, null);
            this.fw = cell.weights().floats();
            this.xw = new float[chunk * batch * width];
            this.xChunk = new float[chunk * batch * features];
            this.work = cell.workspaceFloat(batch);
        }

        @Override
        boolean single() {
            return true;
        }

        @Override
        Object newArray(int length) {
            return new float[length];
        }

        @Override
        void hoist(int w, int first, int len, int r0, int r1, int p0, int p1) {
            int rows = len * batch;
            int from = first * batch * features;
            for (int i = 0; i < rows * features; i++) {
                xChunk[i] = (float) x[from + i];
            }
            products.multFloat(xChunk, 0, fw.kernel, 0, xw, 0, rows, features, width, false);
            float[] bias = cell.inputBias(fw);
            if (bias != null) {
                for (int row = 0; row < rows; row++) {
                    int off = row * width;
                    for (int j = 0; j < width; j++) {
                        xw[off + j] += bias[j];
                    }
                }
            }
        }

        @Override
        void stepRows(int w, int par, int zRow, int s, int t, int r0, int r1) {
            cell.forwardFloat(fw, xw, zRow * width, batch, (float[]) h[0], (float[]) c[0], mask, t, work);
        }
    }
}
