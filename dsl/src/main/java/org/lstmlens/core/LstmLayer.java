package org.lstmlens.core;

import java.util.Objects;
import org.lstmlens.core.vector.Request;
import org.lstmlens.core.vector.VectorPass;
import org.lstmlens.error.ShapeException;

/**
 * An LSTM layer: a {@link LstmCell} applied along the time axis, as Keras's {@code LSTM} runs it.
 *
 * <p>Semantics (Keras, every version): zero initial state unless one is given; {@code goBackwards} reads the
 * input from the last timestep to the first and returns outputs in that processing order; a masked step keeps h
 * and c and repeats the previous output (zeros before the first unmasked step); with {@code returnSequences} the
 * output is every step's h, otherwise the last one.
 *
 * <p>The input product {@code x.W + b} is hoisted out of the step loop (one matrix product per cache-sized chunk of
 * timesteps: all of them for short sequences); each step then adds {@code h.U} in place and applies the gates.
 * Tracing is opt-in, so a plain run does no bookkeeping. Where the JVM allows it, runs take the fused vector pass
 * ({@link VectorPass}: the same arithmetic with h.U in registers, on up to two threads, filling the trace when one
 * is asked for); the loop here is the reference it is tested against. Immutable.
 */
public final class LstmLayer {
    private final String name;
    private final LstmCell cell;
    private final boolean returnSequences;
    private final boolean goBackwards;

    public LstmLayer(String name, LstmCell cell, boolean returnSequences, boolean goBackwards) {
        this.name = Objects.requireNonNull(name, "name");
        this.cell = Objects.requireNonNull(cell, "cell");
        this.returnSequences = returnSequences;
        this.goBackwards = goBackwards;
    }

    public String name() {
        return name;
    }

    public LstmCell cell() {
        return cell;
    }

    public LstmWeights weights() {
        return cell.weights();
    }

    public int units() {
        return cell.units();
    }

    public int inputDim() {
        return cell.inputDim();
    }

    public boolean returnSequences() {
        return returnSequences;
    }

    public boolean goBackwards() {
        return goBackwards;
    }

    public LstmLayer withReturnSequences(boolean value) {
        return new LstmLayer(name, cell, value, goBackwards);
    }

    public LstmLayer withGoBackwards(boolean value) {
        return new LstmLayer(name, cell, returnSequences, value);
    }

    public LstmLayer withCell(LstmCell value) {
        return new LstmLayer(name, value, returnSequences, goBackwards);
    }

    public LstmLayer withName(String value) {
        return new LstmLayer(value, cell, returnSequences, goBackwards);
    }

    /** Runs with zero initial state and no mask. */
    public LayerOutput run(SequenceBatch x) {
        return run(x, null, null, false);
    }

    /** Runs and keeps every step's z, gates, c and h. */
    public LayerOutput trace(SequenceBatch x) {
        return run(x, null, null, true);
    }

    /**
     * Runs the layer.
     *
     * @param x the input, batch x steps x inputDim. Not modified.
     * @param mask null, or {@code mask[sample][timestep]} in input time order (false = skip that step)
     * @param initial null for zeros, or the state (h, c) to start from, one row per sample
     * @param trace whether to keep every step's intermediates
     * @throws ShapeException if the input's features, the mask or the state do not fit the layer
     */
    public LayerOutput run(SequenceBatch x, boolean[][] mask, LstmState initial, boolean trace) {
        checkInput(x, mask, initial);
        if (fused()) {
            Trace tr = trace ? new Trace(this, x, mask, initial, x.batch(), x.steps()) : null;
            Request q = request(x, mask, initial, 0);
            Request.Result r = VectorPass.run(weights().fused(), tr == null ? q : tr.fillBy(q));
            return new LayerOutput(this, x.batch(), x.steps(), r.out, new LstmState(x.batch(), units(), r.h, r.c),
                    tr);
        }
        return loop(x, mask, initial, trace);
    }

    /** The layer loop itself, whatever the JVM offers: the reference the fused pass is tested against. */
    LayerOutput loop(SequenceBatch x, boolean[][] mask, LstmState initial, boolean trace) {
        checkInput(x, mask, initial);
        int batch = x.batch();
        int steps = x.steps();
        int u = units();
        int g4 = 4 * u;

        // x.W + b is hoisted out of the step loop: one product for a chunk of timesteps at a time (all of them for
        // short sequences), sized to stay in cache rather than one matrix of every step's z
        int chunk = chunkSteps(batch, g4, steps);
        double[] xw = new double[chunk * batch * g4];
        int chunkFirst = 0;
        Products products = Products.current();

        double[] h = initial == null ? new double[batch * u] : initial.hData().clone();
        double[] c = initial == null ? new double[batch * u] : initial.cData().clone();
        double[] out = new double[(returnSequences ? steps : 1) * batch * u];
        double[] prevOut = mask == null ? null : new double[batch * u];
        Trace tr = trace ? new Trace(this, x, mask, initial, batch, steps) : null;
        double[] z = trace ? new double[batch * g4] : null;
        double[] gates = trace ? new double[batch * g4] : null;
        double[] recurrent = weights().recurrentData();

        for (int s = 0; s < steps; s++) {
            int t = goBackwards ? steps - 1 - s : s;
            if (s % chunk == 0) {
                chunkFirst = hoistInput(x, s, chunk, xw, products);
            }
            int zOff = (t - chunkFirst) * batch * g4;
            // z_t = (x.W + b)_t + hPrev.U, accumulated in place: no copy, no allocation per step
            products.mult(h, 0, recurrent, 0, xw, zOff, batch, u, g4, true);
            if (trace) {
                System.arraycopy(xw, zOff, z, 0, batch * g4);
            }
            cell.activate(xw, zOff, batch, c, h, mask, t, gates);
            int outOff = returnSequences ? s * batch * u : 0;
            copyOutput(h, prevOut, out, outOff, mask, t, batch, u, returnSequences || s == steps - 1);
            if (tr != null) {
                tr.record(s, z, gates, c, h);
            }
        }
        return new LayerOutput(this, batch, steps, out, new LstmState(batch, u, h, c), tr);
    }

    /**
     * Runs the layer in float32, as Keras computes (weights, input and state rounded to float once, every product
     * and activation in float). For users who want Keras's own numbers and speed; {@link #run} is the exact double
     * reference. The output holds the float results widened to double. No trace: trace in double.
     *
     * @param x the input, batch x steps x inputDim. Not modified.
     * @param mask null, or {@code mask[sample][timestep]} in input time order (false = skip that step)
     * @param initial null for zeros, or the state (h, c) to start from, one row per sample
     * @throws ShapeException if the input's features, the mask or the state do not fit the layer
     */
    public LayerOutput runFloat(SequenceBatch x, boolean[][] mask, LstmState initial) {
        checkInput(x, mask, initial);
        if (fused()) {
            Request.Result r = VectorPass.runFloat(weights().fused(), request(x, mask, initial, 0));
            return new LayerOutput(this, x.batch(), x.steps(), r.out, new LstmState(x.batch(), units(), r.h, r.c),
                    null);
        }
        return FloatPass.run(this, weights().floats(), x, mask, initial);
    }

    /** The float32 layer loop, whatever the JVM offers (see {@link #loop}). */
    LayerOutput loopFloat(SequenceBatch x, boolean[][] mask, LstmState initial) {
        checkInput(x, mask, initial);
        return FloatPass.run(this, weights().floats(), x, mask, initial);
    }

    /** The fused pass on exactly {@code workers} threads (1 or 2), for tests of its split; traced in double. */
    LayerOutput fused(SequenceBatch x, boolean[][] mask, LstmState initial, int workers, boolean float32) {
        checkInput(x, mask, initial);
        Trace tr = float32 ? null : new Trace(this, x, mask, initial, x.batch(), x.steps());
        Request q = request(x, mask, initial, workers);
        Request.Result r = float32 ? VectorPass.runFloat(weights().fused(), q)
                : VectorPass.run(weights().fused(), tr.fillBy(q));
        return new LayerOutput(this, x.batch(), x.steps(), r.out, new LstmState(x.batch(), units(), r.h, r.c), tr);
    }

    /** Runs in float32 with zero initial state and no mask; see {@link #runFloat(SequenceBatch, boolean[][], LstmState)}. */
    public LayerOutput runFloat(SequenceBatch x) {
        return runFloat(x, null, null);
    }

    /** Whether untraced runs take the fused vector pass in this JVM. */
    boolean fused() {
        return VectorPass.available();
    }

    private Request request(SequenceBatch x, boolean[][] mask, LstmState initial, int workers) {
        return new Request(x.data(), x.batch(), x.steps(), mask, initial == null ? null : initial.hData(),
                initial == null ? null : initial.cData(), goBackwards, returnSequences, cell.activation(),
                cell.recurrentActivation(), workers);
    }

    /** Values of x.W (doubles or floats) one hoisted product fills: 1 MB of doubles, an L2-sized block. */
    static final int CHUNK_VALUES = 1 << 17;

    /** How many timesteps one hoisted x.W product covers. */
    static int chunkSteps(int batch, int g4, int steps) {
        return Math.max(1, Math.min(steps, CHUNK_VALUES / (batch * g4)));
    }

    /** The first timestep, in input order, of the chunk that processing step {@code s} starts. */
    int chunkStart(int s, int chunk, int steps) {
        int n = Math.min(chunk, steps - s);
        return goBackwards ? steps - s - n : s;
    }

    /** Fills xw with x.W + b for the chunk starting at processing step s; returns its first timestep. */
    private int hoistInput(SequenceBatch x, int s, int chunk, double[] xw, Products products) {
        int steps = x.steps();
        int rows = Math.min(chunk, steps - s) * x.batch();
        int first = chunkStart(s, chunk, steps);
        products.mult(x.data(), first * x.batch() * inputDim(), weights().kernelData(), 0, xw, 0, rows, inputDim(),
                4 * units(), false);
        addBias(xw, rows, weights().biasData());
        return first;
    }

    static void addBias(double[] z, int rows, double[] bias) {
        if (bias == null) {
            return;
        }
        int g4 = bias.length;
        for (int row = 0; row < rows; row++) {
            int off = row * g4;
            for (int j = 0; j < g4; j++) {
                z[off + j] += bias[j];
            }
        }
    }

    /** Writes this step's output: h, or under a mask each sample's last unmasked h (zeros before its first). */
    static void copyOutput(double[] h, double[] prevOut, double[] out, int outOff, boolean[][] mask, int t,
                           int batch, int u, boolean keep) {
        if (mask == null) {
            if (keep) {
                System.arraycopy(h, 0, out, outOff, batch * u);
            }
            return;
        }
        for (int b = 0; b < batch; b++) {
            if (mask[b][t]) {
                System.arraycopy(h, b * u, prevOut, b * u, u);
            }
        }
        if (keep) {
            System.arraycopy(prevOut, 0, out, outOff, batch * u);
        }
    }

    private void checkInput(SequenceBatch x, boolean[][] mask, LstmState initial) {
        if (x.features() != inputDim()) {
            throw new ShapeException("the input has " + x.features() + " feature" + (x.features() == 1 ? "" : "s")
                    + " per timestep but the kernel of layer \"" + name + "\" expects " + inputDim()
                    + " (kernel " + inputDim() + "x" + 4 * units() + ")");
        }
        if (mask != null) {
            if (mask.length != x.batch()) {
                throw new ShapeException("mask of layer \"" + name + "\": expected " + x.batch()
                        + " rows (one per sample), got " + mask.length);
            }
            for (int b = 0; b < mask.length; b++) {
                if (mask[b] == null || mask[b].length != x.steps()) {
                    throw new ShapeException("mask of layer \"" + name + "\": row " + b + " has "
                            + (mask[b] == null ? "no values (null)" : mask[b].length + " values")
                            + " but the input has " + x.steps() + " timesteps");
                }
            }
        }
        if (initial != null && (initial.batch() != x.batch() || initial.units() != units())) {
            throw new ShapeException("initial state of layer \"" + name + "\": expected " + x.batch() + "x" + units()
                    + " (samples x units), got " + initial.batch() + "x" + initial.units());
        }
    }

    @Override
    public String toString() {
        return "LstmLayer[" + name + ", units=" + units() + ", inputDim=" + inputDim()
                + (returnSequences ? ", returnSequences" : "") + (goBackwards ? ", goBackwards" : "") + "]";
    }
}
