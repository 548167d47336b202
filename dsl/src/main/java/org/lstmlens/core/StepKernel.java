package org.lstmlens.core;

/**
 * One run's step engine for one cell in one precision, driven by the time loop of {@link Rnn} (which owns the order
 * of the steps, go_backwards, the chunks of hoisted x.W + b, the outputs under masks, return_sequences, the initial
 * state and the trace's h and c). A kernel holds the state in its own layout (rows of {@link #stride} values per
 * sample, double[] or float[]), the hoisted chunk, and computes one step for a worker's share:
 * <ul>
 * <li>{@link ProductKernel}: any cell's own {@link RecurrentCell#forward} over the product kernel, in double, on
 *     one thread (the reference every faster kernel is tested against); {@link ProductKernel.Float} likewise in
 *     float32;</li>
 * <li>{@link DoubleRecurrence}, {@link FloatRecurrence}: the fused vector step (h.U on the Java Vector API over
 *     packed panels, then the cell's gates over whole unit ranges) of LSTM, GRU (reset_after=True) and SimpleRNN, on
 *     up to two threads.</li>
 * </ul>
 *
 * <p>The split between workers: with one sample, the workers take the unit blocks of every step as they ask and meet
 * at a barrier after it (each step needs the whole h of the step before); with several, each worker runs whole
 * sequences for its share of the samples and they meet only at the end. h and c are double-buffered by parity (read
 * one, write the other), so no worker overwrites what another still reads; a kernel that updates in place on one
 * thread holds the same array under both parities.
 */
abstract class StepKernel {
    final RecurrentCell cell;
    final double[] x;
    final int batch;
    final int steps;
    final int features;
    final int units;
    /** Values of h per sample: units, or an LSTM's projection size p (its c keeps units). */
    final int outputs;
    /** Values per sample's row of state and of each band of the hoisted chunk (units, or units padded to blocks). */
    final int stride;
    /** Values per sample's row of h: the stride, or the outputs where they differ from the units (a projection). */
    final int hStride;
    /** Timesteps per hoisted chunk. */
    final int chunk;
    /** Units per block handed out in a step split by units; blocks of them. */
    final int block;
    final int blocks;
    final boolean[][] mask;
    /** Null, or the trace whose z, gates and aux the kernel fills (the loop fills its h and c). */
    final Trace trace;
    /** h and c per parity, batch x stride, as double[] or float[]; c null for cells without one. */
    final Object[] h = new Object[2];
    final Object[] c = new Object[2];

    StepKernel(RecurrentCell cell, SequenceBatch x, boolean[][] mask, Trace trace, int stride, int chunk, int block) {
        this.cell = cell;
        this.x = x.data();
        this.batch = x.batch();
        this.steps = x.steps();
        this.features = x.features();
        this.units = cell.units();
        this.outputs = cell.outputSize();
        this.stride = stride;
        this.hStride = outputs == units ? stride : outputs; // a projection runs on the product kernel: no padding
        this.chunk = chunk;
        this.block = block;
        this.blocks = (units + block - 1) / block;
        this.mask = mask;
        this.trace = trace;
    }

    /** Threads this run uses: 1, or 2 where the work per step pays for a second. */
    abstract int workers();

    /** Whether the workers split each step by unit blocks (one sample) rather than by samples. */
    boolean byUnits() {
        return batch == 1;
    }

    /** A double[] or float[] of this kernel's precision. */
    abstract Object newArray(int length);

    /** Copies doubles into an array of this kernel's precision. */
    static void setRow(Object to, int toOff, double[] from, int fromOff, int length) {
        if (to instanceof double[]) {
            System.arraycopy(from, fromOff, to, toOff, length);
            return;
        }
        float[] t = (float[]) to;
        for (int j = 0; j < length; j++) {
            t[toOff + j] = (float) from[fromOff + j];
        }
    }

    /** Widens a state c to double, dropping the padding: batch x units. */
    final double[] unpad(Object state) {
        return unpad(state, stride, units);
    }

    /** Widens h to double, dropping the padding: batch x outputs. */
    final double[] unpadH(Object state) {
        return unpad(state, hStride, outputs);
    }

    private double[] unpad(Object state, int rowStride, int width) {
        double[] r = new double[batch * width];
        for (int b = 0; b < batch; b++) {
            copy(state, b * rowStride, r, b * width, width);
        }
        return r;
    }

    /** Widens outputs (rows of units) to double. */
    static double[] widen(Object values) {
        if (values instanceof double[]) {
            return (double[]) values;
        }
        float[] v = (float[]) values;
        double[] r = new double[v.length];
        copy(v, 0, r, 0, v.length);
        return r;
    }

    /** Copies double or float values into doubles. */
    static void copy(Object from, int fromOff, double[] to, int toOff, int length) {
        if (from instanceof double[]) {
            System.arraycopy(from, fromOff, to, toOff, length);
            return;
        }
        float[] f = (float[]) from;
        for (int j = 0; j < length; j++) {
            to[toOff + j] = f[fromOff + j];
        }
    }

    /** Worker w fills its share (samples [r0, r1), unit blocks [p0, p1)) of x.W + b for timesteps [first, first + len). */
    abstract void hoist(int w, int first, int len, int r0, int r1, int p0, int p1);

    /**
     * One sample's step for unit blocks [p0, p1): z += h.U, the gates, the new state into parity {@code par ^ 1};
     * z, gates and aux recorded in the trace if there is one. A masked sample keeps its state.
     */
    abstract void stepUnits(int w, int par, int zRow, int s, int t, int p0, int p1);

    /** The step of samples [r0, r1), every unit, as {@link #stepUnits}. */
    abstract void stepRows(int w, int par, int zRow, int s, int t, int r0, int r1);

    /** Sets the state before the first step (parity 0). */
    final void start(RnnState initial) {
        for (int p = 0; p < 2; p++) {
            if (h[p] == null) {
                h[p] = p == 1 && h[0] != null && singleBuffered() ? h[0] : newArray(batch * hStride);
            }
            if (cell.hasCellState() && c[p] == null) {
                c[p] = p == 1 && c[0] != null && singleBuffered() ? c[0] : newArray(batch * stride);
            }
        }
        if (initial != null) {
            for (int b = 0; b < batch; b++) {
                setRow(h[0], b * hStride, initial.hData(), b * outputs, outputs);
                if (c[0] != null) {
                    setRow(c[0], b * stride, initial.cData(), b * units, units);
                }
            }
        }
    }

    /** Whether h and c are updated in place (one array under both parities). */
    boolean singleBuffered() {
        return false;
    }

    /** A masked sample keeps its state: units [u0, u1) of h and c carried from parity par to par ^ 1 (fused steps). */
    final void carry(int par, int b, int u0, int u1) {
        if (h[par] == h[par ^ 1]) {
            return;
        }
        System.arraycopy(h[par], b * stride + u0, h[par ^ 1], b * stride + u0, u1 - u0);
        if (c[par] != null) {
            System.arraycopy(c[par], b * stride + u0, c[par ^ 1], b * stride + u0, u1 - u0);
        }
    }

    /**
     * Copies units [ua, ub) of sample b's band {@code band} from {@code from} (rows of {@code rowWidth}, bands
     * {@code stride} apart, sample b's row at {@code row}) into the trace array {@code to} (double[], or a float32
     * trace's float[]) at processing step s.
     */
    final void record(Object from, int row, int band, Object to, int width, int s, int b, int ua, int ub) {
        int at = (s * batch + b) * width + band * units + ua;
        if (to instanceof double[]) {
            copy(from, row + band * stride + ua, (double[]) to, at, ub - ua);
        } else {
            System.arraycopy(from, row + band * stride + ua, to, at, ub - ua); // float32 into a float32 trace
        }
    }
}
