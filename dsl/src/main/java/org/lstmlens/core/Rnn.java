package org.lstmlens.core;

import java.util.Objects;
import org.lstmlens.error.ShapeException;
import org.lstmlens.progress.Progress;

/**
 * A recurrent layer: one {@link RecurrentCell} applied along the time axis, as Keras's {@code RNN} layer (and so
 * {@code LSTM}, {@code GRU}, {@code SimpleRNN}) runs it. The one time loop of the library: every cell, in double and
 * float32, runs through it, each step computed by a step kernel ({@link StepKernel}: the fused vector step where the
 * JVM offers it, else the cell's own step over the product kernel).
 *
 * <p>Semantics (Keras, every version): zero initial state unless one is given; {@code goBackwards} reads the input
 * from the last timestep to the first and returns outputs in that processing order; a masked step keeps the state
 * and repeats the previous output (zeros before the first unmasked step); with {@code returnSequences} the output is
 * every step's h, otherwise the last one.
 *
 * <p>The input product {@code x.W + b} is hoisted out of the step loop (one matrix product per cache-sized chunk of
 * timesteps: all of them for short sequences); each step then hands the cell its rows, and the cell adds its
 * recurrent terms and applies its gates. Tracing is opt-in, so a plain run does no bookkeeping and allocates nothing
 * per step. Immutable.
 */
public class Rnn {
    private final String name;
    private final RecurrentCell cell;
    private final boolean returnSequences;
    private final boolean goBackwards;

    public Rnn(String name, RecurrentCell cell, boolean returnSequences, boolean goBackwards) {
        this.name = Objects.requireNonNull(name, "name");
        this.cell = Objects.requireNonNull(cell, "cell");
        this.returnSequences = returnSequences;
        this.goBackwards = goBackwards;
    }

    public String name() {
        return name;
    }

    public RecurrentCell cell() {
        return cell;
    }

    public CellWeights weights() {
        return cell.weights();
    }

    public int units() {
        return cell.units();
    }

    /** Values of each output step and of h: units, or an LSTM's projection size p (see {@link LstmWeights}). */
    public int outputSize() {
        return cell.outputSize();
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

    public Rnn withReturnSequences(boolean value) {
        return new Rnn(name, cell, value, goBackwards);
    }

    public Rnn withGoBackwards(boolean value) {
        return new Rnn(name, cell, returnSequences, value);
    }

    public Rnn withName(String value) {
        return new Rnn(value, cell, returnSequences, goBackwards);
    }

    /** The same layer around another cell (of the same kind, for an {@link LstmLayer}). */
    public Rnn withCell(RecurrentCell value) {
        return new Rnn(name, value, returnSequences, goBackwards);
    }

    /** Runs with zero initial state and no mask. */
    public LayerOutput run(SequenceBatch x) {
        return run(x, null, null, false);
    }

    /** Runs and keeps every step's z, gates and state. */
    public LayerOutput trace(SequenceBatch x) {
        return run(x, null, null, true);
    }

    /**
     * Runs the layer: the fused vector steps where the JVM offers them (for LSTM, GRU with reset_after=True and
     * SimpleRNN; {@link Engine#describe()}), else the cell's own step over the product kernel.
     *
     * @param x the input, batch x steps x inputDim. Not modified.
     * @param mask null, or {@code mask[sample][timestep]} in input time order (false = skip that step)
     * @param initial null for zeros, or the state to start from (h, and c for an LSTM), one row per sample
     * @param trace whether to keep every step's intermediates
     * @throws ShapeException if the input's features, the mask or the state do not fit the layer
     */
    public LayerOutput run(SequenceBatch x, boolean[][] mask, RnnState initial, boolean trace) {
        return run(x, mask, initial, trace, true);
    }

    /**
     * A traced run keeping what {@link RnnBackward} needs for gradients from the outputs and the final state (not
     * from a gate, the cell state or to the weights): the gates and c, and the pre-activations z and states h only
     * where the cell's backward step reads them; Keras's LSTM with sigmoid and tanh does not (16 MB fewer for 64
     * sequences of 100 steps of LSTM(64)). Reading z or h of such a trace throws. Arguments as
     * {@link #run(SequenceBatch, boolean[][], RnnState, boolean)}'s.
     */
    public LayerOutput traceForGradients(SequenceBatch x, boolean[][] mask, RnnState initial) {
        return run(x, mask, initial, true, cell.outputBackwardReadsZH());
    }

    /**
     * As {@link #traceForGradients(SequenceBatch, boolean[][], RnnState)} in the given precision: in
     * {@link Precision#FLOAT32} the forward and backward passes of a cell with a float32 backward
     * ({@link #gradientPrecision}) run in float32 as the frameworks do; every other cell runs in double (more exact,
     * not faster).
     */
    public LayerOutput traceForGradients(SequenceBatch x, boolean[][] mask, RnnState initial, Precision precision) {
        if (gradientPrecision(precision) == Precision.DOUBLE) {
            return traceForGradients(x, mask, initial);
        }
        checkInput(x, mask, initial);
        Trace tr = new Trace(this, x, mask, initial, x.batch(), x.steps(), false, Precision.FLOAT32);
        return drive(VectorPass.kernel(cell, x, mask, tr, 0, true), initial, tr);
    }

    private LayerOutput run(SequenceBatch x, boolean[][] mask, RnnState initial, boolean trace, boolean keepZH) {
        if (!VectorPass.runs(cell)) {
            return loop(x, mask, initial, trace, keepZH);
        }
        checkInput(x, mask, initial);
        Trace tr = trace ? new Trace(this, x, mask, initial, x.batch(), x.steps(), keepZH) : null;
        return drive(VectorPass.kernel(cell, x, mask, tr, 0, false), initial, tr);
    }

    /**
     * The precision {@link #traceForGradients(SequenceBatch, boolean[][], RnnState, Precision)} runs in when asked
     * for {@code requested}: float32 for the cells with a float32 backward (Keras's LSTM with sigmoid gates and tanh,
     * a GRU with reset_after=True, sigmoid gates and tanh, a SimpleRNN with tanh) where the JVM runs the fused pass;
     * double otherwise.
     */
    public Precision gradientPrecision(Precision requested) {
        return requested == Precision.FLOAT32 && cell.attributionBackward() && VectorPass.runs(cell)
                ? Precision.FLOAT32 : Precision.DOUBLE;
    }

    /**
     * Runs the layer in float32, as Keras computes (weights, input and state rounded to float once, every product
     * and activation in float). For users who want Keras's own numbers and speed; {@link #run} is the exact double
     * reference. The output holds the float results widened to double. No trace: trace in double.
     *
     * @param x the input, batch x steps x inputDim. Not modified.
     * @param mask null, or {@code mask[sample][timestep]} in input time order (false = skip that step)
     * @param initial null for zeros, or the state to start from, one row per sample
     * @throws ShapeException if the input's features, the mask or the state do not fit the layer
     */
    public LayerOutput runFloat(SequenceBatch x, boolean[][] mask, RnnState initial) {
        if (!VectorPass.runs(cell)) {
            return loopFloat(x, mask, initial);
        }
        checkInput(x, mask, initial);
        return drive(VectorPass.kernel(cell, x, mask, null, 0, true), initial, null);
    }

    /** Runs in float32 with zero initial state and no mask; see {@link #runFloat(SequenceBatch, boolean[][], RnnState)}. */
    public LayerOutput runFloat(SequenceBatch x) {
        return runFloat(x, null, null);
    }

    /** The time loop over the cell's own step, whatever the JVM offers: the reference any faster kernel is tested against. */
    final LayerOutput loop(SequenceBatch x, boolean[][] mask, RnnState initial, boolean trace) {
        return loop(x, mask, initial, trace, true);
    }

    private LayerOutput loop(SequenceBatch x, boolean[][] mask, RnnState initial, boolean trace, boolean keepZH) {
        checkInput(x, mask, initial);
        Trace tr = trace ? new Trace(this, x, mask, initial, x.batch(), x.steps(), keepZH) : null;
        return drive(new ProductKernel(cell, x, mask, tr), initial, tr);
    }

    /** The float32 time loop over the cell's own float step, whatever the JVM offers. */
    final LayerOutput loopFloat(SequenceBatch x, boolean[][] mask, RnnState initial) {
        checkInput(x, mask, initial);
        return drive(new ProductKernel.Float(cell, x, mask), initial, null);
    }

    /** The fused steps on exactly {@code workers} threads (1 or 2), for tests of their split; traced in double. */
    final LayerOutput fused(SequenceBatch x, boolean[][] mask, RnnState initial, int workers, boolean float32) {
        checkInput(x, mask, initial);
        Trace tr = float32 ? null : new Trace(this, x, mask, initial, x.batch(), x.steps(), true);
        return drive(VectorPass.kernel(cell, x, mask, tr, workers, float32), initial, tr);
    }

    /**
     * The time loop: one step kernel driven over the timesteps, on its workers (the caller, and a helper thread
     * when the kernel asks for two). It owns the order of the steps (go_backwards), the chunks of hoisted x.W + b,
     * the outputs (under a mask each sample's last unmasked h, zeros before its first), return_sequences, the initial
     * state and the trace's h and c; the kernel computes each step's share. Allocates nothing per step. Reports its
     * progress once per chunk of hoisted steps and notices an interrupt before each step, outside the step kernels.
     */
    private LayerOutput drive(StepKernel k, RnnState initial, Trace tr) {
        int batch = k.batch;
        int hw = k.outputs;
        k.start(initial);
        Object out = k.newArray((returnSequences ? k.steps : 1) * batch * hw);
        Object prevOut = k.mask == null ? null : k.newArray(batch * hw);
        int[] finalParity = new int[1];
        try (Progress progress = Progress.start("layer \"" + name + "\" forward pass", k.steps)) {
            Team.run(k.workers(), k.blocks, (w, sync) -> steps(k, w, sync, out, prevOut, tr, finalParity, progress));
        }
        int par = finalParity[0];
        return new LayerOutput(this, batch, k.steps, k.widen(out), new RnnState(batch, hw, units(),
                k.unpadH(k.h[par]), k.c[par] == null ? null : k.unpad(k.c[par])), tr);
    }

    /** One worker's share of every step: with one sample a range of unit blocks, else a range of samples. */
    private void steps(StepKernel k, int w, Team.Sync sync, Object out, Object prevOut, Trace tr, int[] finalParity,
            Progress progress) {
        int n = sync.parties();
        int batch = k.batch;
        int steps = k.steps;
        int units = k.units;
        int stride = k.stride;
        // h's rows: the units' own range, or all of a projection's p values (one worker: ua, ub span every unit)
        boolean projected = k.outputs != units;
        int hw = k.outputs;
        int hStride = k.hStride;
        boolean byUnits = k.byUnits();
        boolean[][] mask = k.mask;
        int half = Math.min(batch, ((batch + 1) / 2 + 1) & ~1);
        int ra = byUnits || n == 1 || w == 0 ? 0 : half;
        int rb = byUnits || n == 1 || w == 1 ? batch : half;
        int pa = !byUnits || n == 1 || w == 0 ? 0 : k.blocks / 2;
        int pb = !byUnits || n == 1 || w == 1 ? k.blocks : k.blocks / 2;
        int ua = Math.min(units, pa * k.block);
        int ub = Math.min(units, pb * k.block);
        Object traceH = tr == null ? null : tr.hStore();
        Object traceC = tr == null ? null : tr.cStore();  // h or c is null where the trace leaves it out
        int par = 0;
        for (int s0 = 0; s0 < steps; s0 += k.chunk) {
            int len = Math.min(k.chunk, steps - s0);
            int first = goBackwards ? steps - s0 - len : s0;
            k.hoist(w, first, len, ra, rb, pa, pb);
            if (byUnits) {
                sync.await(); // blocks are handed out as the workers ask: every block's x.W + b must be there
            }
            for (int s = s0; s < s0 + len; s++) {
                sync.checkBroken();
                if (w == 0) {
                    progress.checkInterrupt(); // two field reads a step, outside the kernels: prompt even in cold code
                }
                int t = goBackwards ? steps - 1 - s : s;
                int zRow = (t - first) * batch;
                if (byUnits) {
                    for (int blk = sync.claim(w); blk >= 0; blk = sync.claim(w)) {
                        k.stepUnits(w, par, zRow, s, t, blk, blk + 1);
                    }
                } else if (rb > ra) {
                    k.stepRows(w, par, zRow, s, t, ra, rb);
                }
                par ^= 1;
                if (byUnits) {
                    sync.await(); // the next step reads every unit of h
                    int split = Math.min(units, sync.split() * k.block);
                    ua = w == 0 ? 0 : split;
                    ub = w == 0 && n == 2 ? split : units;
                }
                boolean keep = returnSequences || s == steps - 1;
                int outOff = returnSequences ? s * batch * hw : 0;
                Object hs = k.h[par];
                int ha = projected ? 0 : ua;
                int hn = projected ? hw : ub - ua;
                for (int b = ra; b < rb; b++) {
                    int from = b * hStride + ha;
                    int to = b * hw + ha;
                    if (traceH != null) {
                        System.arraycopy(hs, from, traceH, s * batch * hw + to, hn);
                    }
                    if (traceC != null) {
                        System.arraycopy(k.c[par], b * stride + ua, traceC, s * batch * units + b * units + ua,
                                ub - ua);
                    }
                    if (mask != null && mask[b][t]) {
                        System.arraycopy(hs, from, prevOut, to, hn);
                    }
                    if (keep) {
                        System.arraycopy(mask == null ? hs : prevOut, mask == null ? from : to, out, outOff + to, hn);
                    }
                }
            }
            if (w == 0) {
                progress.step(len);
            }
        }
        if (w == 0) {
            finalParity[0] = par;
        }
    }

    /** Values of x.W (doubles or floats) one hoisted product fills: 1 MB of doubles, an L2-sized block. */
    static final int CHUNK_VALUES = 1 << 17;

    /** How many timesteps one hoisted x.W product covers. */
    static int chunkSteps(int batch, int width, int steps) {
        return Math.max(1, Math.min(steps, CHUNK_VALUES / (batch * width)));
    }

    static void addBias(double[] z, int rows, double[] bias) {
        if (bias == null) {
            return;
        }
        int width = bias.length;
        for (int row = 0; row < rows; row++) {
            int off = row * width;
            for (int j = 0; j < width; j++) {
                z[off + j] += bias[j];
            }
        }
    }

    final void checkInput(SequenceBatch x, boolean[][] mask, RnnState initial) {
        if (x.features() != inputDim()) {
            throw new ShapeException("the input has " + x.features() + " feature" + (x.features() == 1 ? "" : "s")
                    + " per timestep but the kernel of layer \"" + name + "\" expects " + inputDim()
                    + " (kernel " + inputDim() + "x" + cell.zWidth() + ")");
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
        if (initial != null && (initial.batch() != x.batch() || initial.units() != outputSize())) {
            throw new ShapeException("initial state of layer \"" + name + "\": expected " + x.batch() + "x"
                    + outputSize() + (outputSize() == units() ? " (samples x units)" : " (samples x p, the projection"
                    + " size, for h)") + ", got " + initial.batch() + "x" + initial.units());
        }
        if (initial != null && initial.hasCellState() && initial.cellUnits() != units()) {
            throw new ShapeException("initial state of layer \"" + name + "\": expected c of " + x.batch() + "x"
                    + units() + " (samples x units), got " + initial.batch() + "x" + initial.cellUnits());
        }
        if (initial != null && initial.hasCellState() != cell.hasCellState()) {
            throw new ShapeException("initial state of layer \"" + name + "\" (" + cell.kind() + "): "
                    + (cell.hasCellState() ? "an LSTM needs h and c, got h only" : "a " + cell.kind()
                    + " keeps h only, got h and c"));
        }
    }

    @Override
    public String toString() {
        return cell.kind() + "[" + name + ", units=" + units() + ", inputDim=" + inputDim()
                + (returnSequences ? ", returnSequences" : "") + (goBackwards ? ", goBackwards" : "") + "]";
    }
}
