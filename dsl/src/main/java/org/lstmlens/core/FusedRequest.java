package org.lstmlens.core;


/**
 * What one fused pass is asked to compute: the input (time-major, batch x steps x features), its mask and initial
 * state, the layer's direction, outputs and activations. Checked by the layer before it gets here.
 */
final class FusedRequest {
    final double[] x;
    final int batch;
    final int steps;
    final boolean[][] mask;
    final double[] initialH;
    final double[] initialC;
    final boolean goBackwards;
    final boolean returnSequences;
    final Activation activation;
    final Activation recurrentActivation;
    final int workers;
    /** Null, or the trace to fill (double pass only): z and gates by step, sample, 4u; c and h by step, sample, u. */
    double[] traceZ;
    double[] traceGates;
    double[] traceC;
    double[] traceH;

    /**
     * @param initialH null for zeros, else batch x units (with initialC)
     * @param workers 0 to choose (1 or 2 threads by the work per step), or exactly 1 or 2
     */
    FusedRequest(double[] x, int batch, int steps, boolean[][] mask, double[] initialH, double[] initialC,
                   boolean goBackwards, boolean returnSequences, Activation activation,
                   Activation recurrentActivation, int workers) {
        this.x = x;
        this.batch = batch;
        this.steps = steps;
        this.mask = mask;
        this.initialH = initialH;
        this.initialC = initialC;
        this.goBackwards = goBackwards;
        this.returnSequences = returnSequences;
        this.activation = activation;
        this.recurrentActivation = recurrentActivation;
        this.workers = workers;
    }

    /**
     * Asks the pass to record every step's z, gates, c and h into these arrays (processing order; z and gates
     * steps x batch x 4u with the gate blocks i, f, c, o; c and h steps x batch x u). Double pass only.
     */
    FusedRequest tracing(double[] z, double[] gates, double[] c, double[] h) {
        this.traceZ = z;
        this.traceGates = gates;
        this.traceC = c;
        this.traceH = h;
        return this;
    }

    /** The outputs ((steps or 1) x batch x units) and the final h and c (batch x units), widened to double. */
    static final class Result {
        final double[] out;
        final double[] h;
        final double[] c;

        Result(double[] out, double[] h, double[] c) {
            this.out = out;
            this.h = h;
            this.c = c;
        }
    }
}
