package org.lstmlens.core;

import org.lstmlens.core.products.Products;
import java.util.Objects;
import org.lstmlens.error.ShapeException;

/**
 * A recurrent layer: one {@link RecurrentCell} applied along the time axis, as Keras's {@code RNN} layer (and so
 * {@code LSTM}, {@code GRU}, {@code SimpleRNN}) runs it. The one time loop of the library: every cell runs through it.
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
     * Runs the layer.
     *
     * @param x the input, batch x steps x inputDim. Not modified.
     * @param mask null, or {@code mask[sample][timestep]} in input time order (false = skip that step)
     * @param initial null for zeros, or the state to start from (h, and c for an LSTM), one row per sample
     * @param trace whether to keep every step's intermediates
     * @throws ShapeException if the input's features, the mask or the state do not fit the layer
     */
    public LayerOutput run(SequenceBatch x, boolean[][] mask, RnnState initial, boolean trace) {
        return loop(x, mask, initial, trace);
    }

    /** The time loop itself, whatever the JVM offers: the reference any faster pass is tested against. */
    final LayerOutput loop(SequenceBatch x, boolean[][] mask, RnnState initial, boolean trace) {
        checkInput(x, mask, initial);
        int batch = x.batch();
        int steps = x.steps();
        int u = units();
        int width = cell.zWidth();

        // x.W + b is hoisted out of the step loop: one product for a chunk of timesteps at a time (all of them for
        // short sequences), sized to stay in cache rather than one matrix of every step's z
        int chunk = chunkSteps(batch, width, steps);
        double[] xw = new double[chunk * batch * width];
        int chunkFirst = 0;
        Products products = Products.current();

        double[] h = initial == null ? new double[batch * u] : initial.hData().clone();
        double[] c = !cell.hasCellState() ? null : initial == null ? new double[batch * u] : initial.cData().clone();
        double[] out = new double[(returnSequences ? steps : 1) * batch * u];
        double[] prevOut = mask == null ? null : new double[batch * u];
        Trace tr = trace ? new Trace(this, x, mask, initial, batch, steps) : null;
        double[] z = trace ? new double[batch * width] : null;
        double[] gates = trace ? new double[batch * width] : null;
        double[] aux = trace && cell.auxWidth() > 0 ? new double[batch * cell.auxWidth()] : null;
        double[][] work = cell.workspace(batch);

        for (int s = 0; s < steps; s++) {
            int t = goBackwards ? steps - 1 - s : s;
            if (s % chunk == 0) {
                chunkFirst = hoistInput(x, s, chunk, xw, products);
            }
            cell.forward(xw, (t - chunkFirst) * batch * width, batch, h, c, mask, t, work, z, gates, aux);
            int outOff = returnSequences ? s * batch * u : 0;
            copyOutput(h, prevOut, out, outOff, mask, t, batch, u, returnSequences || s == steps - 1);
            if (tr != null) {
                tr.record(s, z, gates, aux, c, h);
            }
        }
        return new LayerOutput(this, batch, steps, out, new RnnState(batch, u, h, c), tr);
    }

    /** Values of x.W (doubles or floats) one hoisted product fills: 1 MB of doubles, an L2-sized block. */
    static final int CHUNK_VALUES = 1 << 17;

    /** How many timesteps one hoisted x.W product covers. */
    static int chunkSteps(int batch, int width, int steps) {
        return Math.max(1, Math.min(steps, CHUNK_VALUES / (batch * width)));
    }

    /** The first timestep, in input order, of the chunk that processing step {@code s} starts. */
    final int chunkStart(int s, int chunk, int steps) {
        int n = Math.min(chunk, steps - s);
        return goBackwards ? steps - s - n : s;
    }

    /** Fills xw with x.W + b for the chunk starting at processing step s; returns its first timestep. */
    private int hoistInput(SequenceBatch x, int s, int chunk, double[] xw, Products products) {
        int steps = x.steps();
        int rows = Math.min(chunk, steps - s) * x.batch();
        int first = chunkStart(s, chunk, steps);
        int width = cell.zWidth();
        products.mult(x.data(), first * x.batch() * inputDim(), weights().kernelData(), 0, xw, 0, rows, inputDim(),
                width, false);
        addBias(xw, rows, weights().biasData());
        return first;
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
        if (initial != null && (initial.batch() != x.batch() || initial.units() != units())) {
            throw new ShapeException("initial state of layer \"" + name + "\": expected " + x.batch() + "x" + units()
                    + " (samples x units), got " + initial.batch() + "x" + initial.units());
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
