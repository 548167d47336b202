package org.lstmlens.core;

/**
 * One forward pass through the fused steps, in one precision: the time loop, the split of the work between the
 * workers, masks, outputs and the trace if one is asked for. The products are the subclasses' ({@link
 * DoubleRecurrence}, {@link FloatRecurrence}).
 *
 * <p>The split: with one sample, the workers take the unit blocks of every step as they ask (worker 0 from the front,
 * worker 1 from the back) and meet at a barrier after it (each step needs the whole h of the step before); with
 * several, each worker runs whole sequences for half of the samples and they meet only at the end. x.W + b is
 * hoisted a chunk of timesteps at a time, each worker computing its own share. h and c are double-buffered (read
 * one, write the other, by parity), so no worker overwrites what another still reads.
 */
abstract class FusedRecurrence {
    /** Values of x.W + b one hoisted chunk holds at most (one sample: unless 16 steps need more). */
    private static final int CHUNK_VALUES = 1 << 17;
    /** Multiply-adds per step below which a second thread costs more than it saves. */
    private static final long TWO_WORKERS_FROM = 1 << 17;

    final FusedRequest q;
    final Panels panels;
    final int batch;
    final int steps;
    final int units;
    final int padded;
    final int chunk;
    /** h and c per parity, batch x paddedUnits, as double[] or float[]. */
    final Object[] h = new Object[2];
    final Object[] c = new Object[2];
    /** x.W + b, then z, then the gates, a chunk of timesteps: chunk x batch x 4 paddedUnits (set by the subclass). */
    Object zs;
    /** The outputs, (steps or 1) x batch x units; under a mask each sample's last unmasked h. */
    final Object out;
    final Object prevOut;
    private int finalParity;

    FusedRecurrence(FusedRequest q, Panels panels) {
        this.q = q;
        this.panels = panels;
        this.batch = q.batch;
        this.steps = q.steps;
        this.units = panels.units;
        this.padded = panels.paddedUnits;
        int byCache = CHUNK_VALUES / (batch * 4 * padded);
        // one sample: at least 16 steps, as its workers meet at a barrier after each hoist; several: cache-sized
        // (measured on case (b): 16-step chunks evicted the panels from L2, 15-20 % slower)
        this.chunk = Math.max(1, Math.min(steps, batch == 1 ? Math.max(byCache, 16) : byCache));
        for (int p = 0; p < 2; p++) {
            h[p] = newArray(batch * padded);
            c[p] = newArray(batch * padded);
        }
        if (q.initialH != null) {
            for (int b = 0; b < batch; b++) {
                setRow(h[0], b * padded, q.initialH, b * units, units);
                setRow(c[0], b * padded, q.initialC, b * units, units);
            }
        }
        out = newArray((q.returnSequences ? steps : 1) * batch * units);
        prevOut = q.mask == null ? null : newArray(batch * units);
    }

    abstract Object newArray(int length);

    /** Copies doubles into this precision's array. */
    abstract void setRow(Object to, int toOff, double[] from, int fromOff, int length);

    /** Widens to double, dropping the padding: batch x units. */
    abstract double[] unpad(Object state);

    /** Widens the outputs to double. */
    abstract double[] widen(Object values);

    /** Worker w fills its share (samples [r0, r1), unit blocks [p0, p1)) of x.W + b for [first, first + len). */
    abstract void hoist(int w, int first, int len, int r0, int r1, int p0, int p1);

    /** z += h.U for the single sample's unit blocks [p0, p1), reading h of parity par. */
    abstract void zUnits(int w, int par, int zRow, int p0, int p1);

    /** z += h.U for samples [r0, r1), every unit block. */
    abstract void zRows(int w, int par, int zRow, int r0, int r1);

    /** The gates of sample b's padded units [u0, u1) from its z, and its next c and h (parity par ^ 1). */
    abstract void activate(int par, int zRow, int b, int u0, int u1);

    /** Runs the pass. */
    final FusedRequest.Result run() {
        Team.run(workers(), panels.blocks, this::work);
        return new FusedRequest.Result(widen(out), unpad(h[finalParity]), unpad(c[finalParity]));
    }

    int workers() {
        if (q.workers > 0) {
            return Math.min(q.workers, 2);
        }
        long perStep = (long) batch * units * 4 * padded;
        boolean room = batch == 1 ? panels.blocks >= 2 : batch >= 2;
        return room && perStep >= TWO_WORKERS_FROM && Runtime.getRuntime().availableProcessors() >= 2 ? 2 : 1;
    }

    private void work(int w, Team.Sync sync) {
        int n = sync.parties();
        boolean byUnits = batch == 1;
        // this worker's share: with one sample a range of unit blocks, else a range of samples
        int half = Math.min(batch, ((batch + 1) / 2 + 1) & ~1);
        int ra = byUnits || n == 1 || w == 0 ? 0 : half;
        int rb = byUnits || n == 1 || w == 1 ? batch : half;
        int pa = !byUnits || n == 1 || w == 0 ? 0 : panels.blocks / 2;
        int pb = !byUnits || n == 1 || w == 1 ? panels.blocks : panels.blocks / 2;
        int ua = Math.min(units, pa * panels.block);
        int ub = Math.min(units, pb * panels.block);
        boolean[][] mask = q.mask;
        int par = 0;
        for (int s0 = 0; s0 < steps; s0 += chunk) {
            int len = Math.min(chunk, steps - s0);
            int first = q.goBackwards ? steps - s0 - len : s0;
            hoist(w, first, len, ra, rb, pa, pb);
            if (byUnits) {
                sync.await(); // blocks are handed out as the workers ask: every block's x.W + b must be there
            }
            for (int s = s0; s < s0 + len; s++) {
                sync.checkBroken();
                int t = q.goBackwards ? steps - 1 - s : s;
                int zRow = (t - first) * batch;
                if (byUnits) {
                    for (int blk = sync.claim(w); blk >= 0; blk = sync.claim(w)) {
                        zUnits(w, par, zRow, blk, blk + 1);
                        finishStep(s, t, zRow, par, 0, blk * panels.block, (blk + 1) * panels.block);
                    }
                } else {
                    if (rb > ra) {
                        zRows(w, par, zRow, ra, rb);
                    }
                    for (int b = ra; b < rb; b++) {
                        finishStep(s, t, zRow, par, b, 0, padded);
                    }
                }
                par ^= 1;
                if (byUnits) {
                    sync.await(); // the next step reads every unit of h
                    int split = Math.min(units, sync.split() * panels.block);
                    ua = w == 0 ? 0 : split;
                    ub = w == 0 && n == 2 ? split : units;
                }
                boolean keep = q.returnSequences || s == steps - 1;
                int outOff = q.returnSequences ? s * batch * units : 0;
                for (int b = ra; b < rb; b++) {
                    int from = b * padded + ua;
                    int to = b * units + ua;
                    if (q.traceH != null) {
                        System.arraycopy(h[par], from, q.traceH, s * batch * units + to, ub - ua);
                        System.arraycopy(c[par], from, q.traceC, s * batch * units + to, ub - ua);
                    }
                    if (mask != null && mask[b][t]) {
                        System.arraycopy(h[par], from, prevOut, to, ub - ua);
                    }
                    if (keep) {
                        System.arraycopy(mask == null ? h[par] : prevOut, mask == null ? from : to, out, outOff + to,
                                ub - ua);
                    }
                }
            }
        }
        if (w == 0) {
            finalParity = par;
        }
    }

    /**
     * The rest of sample b's step for padded units [u0, u1), once z += h.U is in: the gates and the next c and h,
     * recorded in the trace if one is asked for; a masked sample keeps its state (its gates are still traced).
     */
    private void finishStep(int s, int t, int zRow, int par, int b, int u0, int u1) {
        int ua = Math.min(units, u0);
        int ub = Math.min(units, u1);
        record(q.traceZ, s, zRow, b, ua, ub);
        activate(par, zRow, b, u0, u1);
        record(q.traceGates, s, zRow, b, ua, ub);
        if (q.mask != null && !q.mask[b][t]) {
            System.arraycopy(h[par], b * padded + u0, h[par ^ 1], b * padded + u0, u1 - u0);
            System.arraycopy(c[par], b * padded + u0, c[par ^ 1], b * padded + u0, u1 - u0);
        }
    }

    /** Copies units [ua, ub) of sample b's z or gates (as zs holds them now) into a trace, if one is asked for. */
    private void record(double[] trace, int s, int zRow, int b, int ua, int ub) {
        if (trace == null) {
            return;
        }
        for (int g = 0; g < 4; g++) {
            System.arraycopy(zs, (zRow + b) * 4 * padded + g * padded + ua, trace,
                    (s * batch + b) * 4 * units + g * units + ua, ub - ua);
        }
    }
}
