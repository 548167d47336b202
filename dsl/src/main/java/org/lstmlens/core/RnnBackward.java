package org.lstmlens.core;

import org.lstmlens.core.products.Products;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.ShapeException;
import org.lstmlens.progress.Progress;

/**
 * Exact backpropagation through time for one {@link Rnn} run, any cell: from the gradient of a scalar objective L with
 * respect to the layer's outputs (and optionally its final state) to dL/dx, dL/dh0 (dL/dc0 for an LSTM) and, if asked,
 * dL/dW, dL/dU, dL/db. It reads the forward {@link Trace}, so the forward pass must have been run with
 * {@code trace=true}. The loop is here; each step's math is the cell's ({@code RecurrentCell.backward}). A recurrent
 * bias b' adds to z as b does, so its gradient equals b's.
 *
 * <p>Per processing step s, backwards, for every sample whose mask is on, an LSTM computes (with {@code a} the
 * activation and {@code r} the recurrent activation):
 * <pre>
 *   dc  += dh * o * a'(c)
 *   dz_o = dh * a(c) * r'(z_o)     dz_i = dc * g * r'(z_i)
 *   dz_f = dc * cPrev * r'(z_f)    dz_c = dc * i * a'(z_c)
 *   dcPrev = dc * f                dhPrev = dz . U^T
 * </pre>
 * A masked step passes dh and dc through unchanged (the forward pass carried the state) and has no input gradient;
 * its repeated output sends its gradient to the last computed h (nowhere before the first unmasked step, where the
 * output is zeros). Each step's input gradient {@code dz . W^T} is added as the step ends (one product after the loop
 * where every dz is kept: for weight gradients, or one big sample's on BLAS's threads); so a backward pass costs
 * about one forward pass. Gradients from the outputs alone, of the cells {@link DoubleAttributionBackward} steps, run
 * there, in the trace's precision (a float32 trace's only pass). A gradient may also enter at one
 * step's gate activation ({@link #gateGradient}) or cell state ({@link #cellGradient}), to ask what moved a gate or
 * what the memory holds. Immutable: every call that sets a gradient returns a new object.
 */
public final class RnnBackward {
    private final LayerOutput forward;
    private final Trace trace;
    // Set only on fresh copies (see copy()), so that every instance a caller holds stays unchanged.
    private double[] dOutput;      // time-major like LayerOutput: ((s * batch) + b) * u; null = zero
    private int dOutputRow = -1;   // -1: dOutput holds every output row; else it holds only this row (batch x u)
    private double[] dhFinal;      // batch x u, null = zero
    private double[] dcFinal;
    private boolean weights;
    private Band gate;             // a band's activation with a gradient of its own, or null
    private int gateStep;
    private double[] dGate;        // batch x u
    private int cellStep = -1;     // the cell state after this step has a gradient of its own
    private double[] dCell;        // batch x u

    private RnnBackward(LayerOutput forward) {
        this.forward = forward;
        this.trace = forward.trace().orElseThrow(() -> new LstmException("backward pass of layer \""
                + forward.layer().name() + "\": the forward run has no trace; run it with trace=true "
                + "(layer.run(x, mask, initial, true) or layer.trace(x))"));
    }

    private RnnBackward copy() {
        RnnBackward c = new RnnBackward(forward);
        c.dOutput = dOutput;
        c.dOutputRow = dOutputRow;
        c.dhFinal = dhFinal;
        c.dcFinal = dcFinal;
        c.weights = weights;
        c.gate = gate;
        c.gateStep = gateStep;
        c.dGate = dGate;
        c.cellStep = cellStep;
        c.dCell = dCell;
        return c;
    }

    /**
     * A backward pass through {@code traced}, with every upstream gradient zero until one is given.
     *
     * @throws LstmException if the run kept no trace
     */
    public static RnnBackward from(LayerOutput traced) {
        return new RnnBackward(traced);
    }

    /**
     * dL/d(outputs), shaped as {@link LayerOutput#toArray()}: {@code [sample][step][unit]} in processing order with
     * returnSequences, {@code [sample][1][unit]} otherwise. Not modified.
     *
     * @throws ShapeException if the shape differs from the outputs'
     */
    public RnnBackward outputGradient(double[][][] d) {
        int steps = forward.isSequence() ? forward.steps() : 1;
        int batch = forward.batch();
        int u = forward.units();
        if (d == null || d.length != batch) {
            throw shape("output gradient", batch + " x " + steps + " x " + u + " (samples x steps x units)", d == null ? "null" : d.length + " samples");
        }
        double[] flat = new double[steps * batch * u];
        for (int b = 0; b < batch; b++) {
            if (d[b] == null || d[b].length != steps) {
                throw shape("output gradient", batch + " x " + steps + " x " + u + " (samples x steps x units)", "sample "
                        + b + " with "
                        + (d[b] == null ? "null" : d[b].length + " steps"));
            }
            for (int s = 0; s < steps; s++) {
                if (d[b][s] == null || d[b][s].length != u) {
                    throw shape("output gradient", batch + " x " + steps + " x " + u + " (samples x steps x units)", "sample "
                            + b + ", step " + s
                            + " with " + (d[b][s] == null ? "null" : d[b][s].length + " units"));
                }
                System.arraycopy(d[b][s], 0, flat, ((s * batch) + b) * u, u);
            }
        }
        RnnBackward c = copy();
        c.dOutput = flat;
        c.dOutputRow = -1;
        return c;
    }

    /**
     * dL/d(last output), {@code [sample][unit]}: the output a Keras model sees (for returnSequences, the output at the
     * last step). Not modified.
     *
     * @throws ShapeException if it is not batch x units
     */
    public RnnBackward lastOutputGradient(double[][] d) {
        return stepOutputGradient(forward.steps() - 1, d);
    }

    /**
     * dL/d(output at processing step {@code step}), {@code [sample][unit]}, every other step's output gradient zero.
     * Without returnSequences only the last step has an output. Not modified.
     *
     * @throws ShapeException if it is not batch x units, or the step has no output
     */
    public RnnBackward stepOutputGradient(int step, double[][] d) {
        int batch = forward.batch();
        int u = forward.units();
        SequenceBatch.checkIndex("output step", step, forward.steps());
        if (!forward.isSequence() && step != forward.steps() - 1) {
            throw new ShapeException("layer \"" + forward.layer().name() + "\" returns only its last output "
                    + "(return_sequences=False): step " + step + " has none; valid: " + (forward.steps() - 1));
        }
        double[] rows = flatten("output gradient at step " + step, d, batch, u);
        RnnBackward c = copy();
        c.dOutput = rows;
        c.dOutputRow = forward.isSequence() ? step : 0;
        return c;
    }

    /**
     * dL/dh and dL/dc of the final state ({@code [sample][unit]}, either may be null for zero). Not modified.
     *
     * @throws ShapeException if a non-null one is not batch x units (h: batch x p with an LSTM's projection)
     */
    public RnnBackward finalStateGradient(double[][] dh, double[][] dc) {
        int batch = forward.batch();
        RnnBackward c = copy();
        c.dhFinal = dh == null ? null : flatten("final h gradient", dh, batch, forward.units());
        c.dcFinal = dc == null ? null : flatten("final c gradient", dc, batch, trace.units());
        return c;
    }

    /** Also computes dL/dW, dL/dU and dL/db (summed over the batch). */
    public RnnBackward withWeightGradients() {
        RnnBackward c = copy();
        c.weights = true;
        return c;
    }

    /**
     * dL/d(activated gate {@code gate} at processing step {@code step}), {@code [sample][unit]}: for asking what moved
     * one gate (e.g. the forget gate of unit 2 at the last step). A sample whose mask skips that step computed no
     * gate there, so its gradient is dropped. Not modified.
     *
     * @throws ShapeException if it is not batch x units, or the step does not exist
     */
    public RnnBackward gateGradient(Band gate, int step, double[][] d) {
        SequenceBatch.checkIndex("gate step", step, forward.steps());
        RnnBackward c = copy();
        c.gate = java.util.Objects.requireNonNull(gate, "gate");
        c.gateStep = step;
        c.dGate = flatten("gradient of gate " + gate.symbol() + " at step " + step, d, forward.batch(),
                trace.units());
        return c;
    }

    /**
     * dL/d(cell state c after processing step {@code step}), {@code [sample][unit]}: for asking what is in the memory
     * at that step. Not modified.
     *
     * @throws ShapeException if it is not batch x units, or the step does not exist
     */
    public RnnBackward cellGradient(int step, double[][] d) {
        if (!trace.layer().cell().hasCellState()) {
            throw new LstmException("layer \"" + forward.layer().name() + "\" (" + trace.layer().cell().kind()
                    + ") has no cell state c: only an LSTM keeps one; ask for the gradient of h instead");
        }
        SequenceBatch.checkIndex("cell step", step, forward.steps());
        RnnBackward c = copy();
        c.cellStep = step;
        c.dCell = flatten("cell-state gradient at step " + step, d, forward.batch(), trace.units());
        return c;
    }

    /** Timesteps between two progress reports of the backward loop (an interrupt is noticed at every step). */
    static final int REPORT_EVERY = 256;

    /** Runs the backward pass. */
    public RnnGradients run() {
        Rnn layer = trace.layer();
        RecurrentCell cell = layer.cell();
        int batch = trace.batch();
        int steps = trace.steps();
        int u = trace.units();
        int hw = trace.outputSize(); // h's values: u, or an LSTM's projection size
        int width = cell.zWidth();
        boolean cellState = cell.hasCellState();

        double[] dh = dhFinal == null ? new double[batch * hw] : dhFinal.clone();
        double[] dc = !cellState ? null : dcFinal == null ? new double[batch * u] : dcFinal.clone();
        int[] firstActive = firstActiveSteps(batch, steps);
        if (trace.precision() == Precision.FLOAT32 || attributionOnly(cell, batch)) {
            return runAttribution(dh, dc, firstActive);
        }
        int n = layer.inputDim();
        double[] dxProcessing = new double[steps * batch * n];
        // dz of every step is kept only for the weight gradients or one dx product after the loop (the product
        // kernel's, or BLAS's threads for one sample big enough to split, as its dz . U^T); else each step's
        // dx = dz . W^T is added as the step ends, the same sums row by row (DoubleTransposedPanels), and the
        // steps x batch x bands*u array (13 MB for 64 x 100 x LSTM(64)) is never made
        boolean bigRow = oneBigRow(cell, batch);
        boolean streamDx = !weights && VectorPass.available() && !bigRow;
        double[] dzAll = streamDx ? null : new double[steps * batch * width];
        double[] dz = new double[batch * width];
        double[] dxStream = streamDx ? dxProcessing : null; // else dx is one product after the loop

        try (Progress progress = Progress.start("layer \"" + layer.name() + "\" backward pass", steps)) {
            if (!splitsRows(cell, batch)) {
                stepsBack(0, null, 0, batch, false, dh, dc, dz, dzAll, dxStream, firstActive, progress);
            } else {
                // the samples are independent: each worker runs every step for its half of them (as the forward
                // pass's workers do), the same arithmetic per sample as one worker over the whole batch
                Team.run(2, 1, (w, sync) -> {
                    int half = sync.parties() == 1 ? batch : Math.min(batch, ((batch + 1) / 2 + 1) & ~1);
                    stepsBack(w, sync, w == 0 ? 0 : half, w == 0 ? half : batch, true, dh, dc, dz, dzAll,
                            dxStream, firstActive, progress);
                });
            }
        }

        if (dzAll != null && VectorPass.available() && !bigRow) {
            // as the steps' dh = dz . U^T: no JNI call (and no BLAS threads under the dataset run's own workers)
            layer.weights().fused().doubleKernelTransposed().addProduct(dzAll, 0, steps * batch, dxProcessing,
                    DoubleTransposedPanels.scratch());
        } else if (dzAll != null) {
            Products.current().multTransB(dzAll, layer.weights().kernelData(), dxProcessing, steps * batch, width, n,
                    false);
        }
        SequenceBatch dx = SequenceBatch.timeMajor(batch, steps, n, dxProcessing);
        if (layer.goBackwards()) {
            dx = dx.reversed();
        }
        CellWeights dWeights = weights ? weightGradients(dzAll, batch, steps, u, n) : null;
        return new RnnGradients(dx, new RnnState(batch, hw, u, dh, dc), dWeights);
    }

    /**
     * Gradients from the outputs only, of a cell {@link DoubleAttributionBackward} steps
     * ({@link RecurrentCell#attributionBackward}), on the Vector API: attribution's case. One sample big enough to
     * split stays here, where its products go to BLAS's threads ({@link LstmCell#workspace}).
     */
    private boolean attributionOnly(RecurrentCell cell, int batch) {
        return cell.attributionBackward() && VectorPass.available() && !weights && gate == null && cellStep < 0
                && !oneBigRow(cell, batch);
    }

    /** One sample whose step the forward pass splits over two workers: its products go to BLAS's threads. */
    static boolean oneBigRow(RecurrentCell cell, int batch) {
        return batch == 1 && Team.helperPays((long) cell.zWidth() * cell.outputSize());
    }

    /**
     * The accumulators of a cell's own backward step's {@code dz . U^T} on the Vector API's panels, or null for BLAS:
     * where the Vector API is missing, and for one sample big enough to split, since the backward step splits
     * samples, not columns (on one thread the panels ran case (c)'s input gradient 20 to 35 % slower: GradientBench,
     * 2 forks, alternating A/B, 2026-12-07).
     */
    static double[] panelScratch(RecurrentCell cell, int batch) {
        return VectorPass.available() && !oneBigRow(cell, batch) ? DoubleTransposedPanels.scratch() : null;
    }

    /** {@link #attributionOnly}'s pass, in the trace's precision (the only pass a float32 trace has). */
    private RnnGradients runAttribution(double[] dh, double[] dc, int[] firstActive) {
        if (weights || gate != null || cellStep >= 0) {
            throw new LstmException("layer \"" + forward.layer().name() + "\": a float32 trace gives gradients from"
                    + " the outputs and final state only; trace in double (layer.trace(x)) for gate, cell-state or"
                    + " weight gradients");
        }
        Rnn layer = trace.layer();
        int batch = trace.batch();
        RecurrentCell cell = layer.cell();
        int workers = twoWorkersPay(cell, batch) ? 2 : 1;
        double[] dxProcessing;
        try (Progress progress = Progress.start("layer \"" + layer.name() + "\" backward pass", trace.steps())) {
            if (trace.precision() == Precision.DOUBLE) {
                DoubleAttributionBackward back = new DoubleAttributionBackward(trace, dOutput, dOutputRow, dh, dc,
                        firstActive);
                back.run(workers, progress);
                dxProcessing = back.dx;
            } else {
                FloatAttributionBackward back = new FloatAttributionBackward(trace, FloatWeights.toFloat(dOutput),
                        dOutputRow, FloatWeights.toFloat(dh), FloatWeights.toFloat(dc), firstActive);
                back.run(workers, progress);
                dxProcessing = StepKernel.widen(back.dx);
                StepKernel.copy(back.dh, 0, dh, 0, dh.length);
                if (dc != null) {
                    StepKernel.copy(back.dc, 0, dc, 0, dc.length);
                }
            }
        }
        SequenceBatch dx = SequenceBatch.timeMajor(batch, trace.steps(), layer.inputDim(), dxProcessing);
        return new RnnGradients(layer.goBackwards() ? dx.reversed() : dx, new RnnState(batch, trace.outputSize(),
                trace.units(), dh, dc), null);
    }

    private static boolean splitsRows(RecurrentCell cell, int batch) {
        return cell.backsRows() && twoWorkersPay(cell, batch);
    }

    /** Whether a batch's backward steps pay for a second worker (each taking half of the samples). */
    private static boolean twoWorkersPay(RecurrentCell cell, int batch) {
        return batch >= 2 && Team.helperPays((long) batch * cell.zWidth() * cell.outputSize());
    }

    /**
     * Every step, backwards, for samples [r0, r1): through the cell's whole-batch step ({@code byRows} false, one
     * worker) or its step over a range of samples; each step's dz is kept in {@code dzAll} or, when that is null,
     * its dx added to {@code dx} (time-major) at once. Worker 0 reports progress and notices an interrupt; the other
     * stops when it breaks the pass.
     */
    private void stepsBack(int w, Team.Sync sync, int r0, int r1, boolean byRows, double[] dh, double[] dc,
                           double[] dz, double[] dzAll, double[] dx, int[] firstActive, Progress progress) {
        RecurrentCell cell = trace.layer().cell();
        int batch = trace.batch();
        int steps = trace.steps();
        int u = trace.units();
        int width = cell.zWidth();
        double[][] work = cell.workspace(batch);
        DoubleTransposedPanels kernelT = dx == null ? null : trace.layer().weights().fused().doubleKernelTransposed();
        double[] acc = dx == null ? null : DoubleTransposedPanels.scratch();
        int reported = steps;
        for (int s = steps - 1; s >= 0; s--) {
            addOutputGradient(s, dh, firstActive, batch, steps, trace.outputSize(), r0, r1);
            if (s == cellStep) {
                for (int j = r0 * u; j < r1 * u; j++) {
                    dc[j] += dCell[j];
                }
            }
            java.util.Arrays.fill(dz, r0 * width, r1 * width, 0);
            boolean gateHere = gate != null && s == gateStep;
            if (byRows) {
                cell.backwardRows(trace, s, dh, dc, dz, gateHere ? gate : null, gateHere ? dGate : null, work, r0,
                        r1);
            } else {
                cell.backward(trace, s, dh, dc, dz, gateHere ? gate : null, gateHere ? dGate : null, work);
            }
            if (dzAll != null) {
                System.arraycopy(dz, r0 * width, dzAll, (s * batch + r0) * width, (r1 - r0) * width);
            } else {
                kernelT.addProduct(dz, r0, r1, dx, s * batch, acc);
            }
            if (sync != null) {
                sync.checkBroken();
            }
            if (w != 0) {
                continue;
            }
            if ((s & (REPORT_EVERY - 1)) == 0) {
                progress.step(reported - s);
                reported = s;
            } else {
                progress.checkInterrupt();
            }
        }
    }

    private void addOutputGradient(int s, double[] dh, int[] firstActive, int batch, int steps, int u, int r0,
                                   int r1) {
        if (dOutput == null) {
            return;
        }
        int row;
        if (forward.isSequence()) {
            row = s;
        } else if (s == steps - 1) {
            row = 0;
        } else {
            return;
        }
        int offset;
        if (dOutputRow < 0) {
            offset = row * batch * u;
        } else if (row == dOutputRow) {
            offset = 0;
        } else {
            return;
        }
        for (int b = r0; b < r1; b++) {
            if (s < firstActive[b]) {
                continue; // the output here is the zeros a masked run emits before its first computed step
            }
            int from = offset + b * u;
            for (int k = 0; k < u; k++) {
                dh[b * u + k] += dOutput[from + k];
            }
        }
    }

    private int[] firstActiveSteps(int batch, int steps) {
        int[] first = new int[batch];
        for (int b = 0; b < batch; b++) {
            int s = 0;
            while (s < steps && !trace.active(b, s)) {
                s++;
            }
            first[b] = s;
        }
        return first;
    }

    private CellWeights weightGradients(double[] dzAll, int batch, int steps, int u, int n) {
        RecurrentCell cell = trace.layer().cell();
        if (cell instanceof GruCell) {
            throw new LstmException("weight gradients of layer \"" + forward.layer().name() + "\": computed for LSTM"
                    + " and SimpleRNN layers; a GRU's are not yet (its input, state and gate gradients are)");
        }
        if (cell instanceof LstmCell && (((LstmCell) cell).options().peepholes().isPresent()
                || ((LstmCell) cell).weights().hasProjection())) {
            throw new LstmException("weight gradients of layer \"" + forward.layer().name() + "\": an LSTM with"
                    + " peepholes or a projection has none yet (its input, state and gate gradients are computed)");
        }
        int g4 = cell.zWidth();
        int rows = steps * batch;
        double[] xProcessing = new double[rows * n];
        double[] hPrev = new double[rows * u];
        for (int s = 0; s < steps; s++) {
            for (int b = 0; b < batch; b++) {
                int r = s * batch + b;
                System.arraycopy(trace.x(b, s), 0, xProcessing, r * n, n);
                System.arraycopy(trace.hPrev(b, s), 0, hPrev, r * u, u);
            }
        }
        double[] dW = new double[n * g4];
        double[] dU = new double[u * g4];
        Products products = Products.current();
        products.multTransA(xProcessing, dzAll, dW, n, rows, g4, false);
        products.multTransA(hPrev, dzAll, dU, u, rows, g4, false);
        // dL/db = dL/db' = the sum of dz over steps and samples: both biases add to z (LSTM, SimpleRNN)
        double[] dzSum = new double[g4];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < g4; j++) {
                dzSum[j] += dzAll[r * g4 + j];
            }
        }
        CellWeights w = trace.layer().weights();
        double[] db = w.hasBias() ? dzSum : null;
        double[] dbRec = w.hasRecurrentBias() ? dzSum : null;
        org.ejml.data.DMatrixRMaj kernel = org.ejml.data.DMatrixRMaj.wrap(n, g4, dW);
        org.ejml.data.DMatrixRMaj recurrent = org.ejml.data.DMatrixRMaj.wrap(u, g4, dU);
        return cell instanceof LstmCell ? LstmWeights.of(kernel, recurrent, db, dbRec)
                : CellWeights.of(cell.kind(), cell.bands().size(), kernel, recurrent, db, dbRec);
    }

    private double[] flatten(String what, double[][] d, int batch, int u) {
        boolean fits = d != null && d.length == batch;
        for (int b = 0; fits && b < batch; b++) {
            fits = d[b] != null && d[b].length == u;
        }
        if (!fits) {
            String got = d == null ? "null" : d.length == 0 ? "no rows" : d.length + " x "
                    + (d[0] == null ? "null" : String.valueOf(d[0].length)) + (isRagged(d) ? " (ragged)" : "");
            throw shape(what, batch + " x " + u + " (samples x units)", got);
        }
        double[] flat = new double[batch * u];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(d[b], 0, flat, b * u, u);
        }
        return flat;
    }

    private static boolean isRagged(double[][] d) {
        for (double[] row : d) {
            if (row == null || d[0] == null || row.length != d[0].length) {
                return true;
            }
        }
        return false;
    }

    private ShapeException shape(String what, String expected, String got) {
        return new ShapeException(what + " of layer \"" + forward.layer().name() + "\": expected " + expected
                + ", got " + got);
    }

    @Override
    public String toString() {
        return "RnnBackward[" + trace.layer().name() + ", batch=" + trace.batch() + ", steps=" + trace.steps()
                + (weights ? ", with weights" : "") + "]";
    }
}
