package org.lstmlens.core;

import org.lstmlens.error.LstmException;
import org.lstmlens.error.ShapeException;

/**
 * Exact backpropagation through time for one {@link LstmLayer} run: from the gradient of a scalar objective L with
 * respect to the layer's outputs (and optionally its final state) to dL/dx, dL/dh0, dL/dc0 and, if asked, dL/dW,
 * dL/dU, dL/db. It reads the forward {@link Trace}, so the forward pass must have been run with {@code trace=true}.
 *
 * <p>Per processing step s, backwards, for every sample whose mask is on (with {@code a} the activation and
 * {@code r} the recurrent activation):
 * <pre>
 *   dc  += dh * o * a'(c)
 *   dz_o = dh * a(c) * r'(z_o)     dz_i = dc * g * r'(z_i)
 *   dz_f = dc * cPrev * r'(z_f)    dz_c = dc * i * a'(z_c)
 *   dcPrev = dc * f                dhPrev = dz . U^T
 * </pre>
 * A masked step passes dh and dc through unchanged (the forward pass carried the state) and has no input gradient;
 * its repeated output sends its gradient to the last computed h (nowhere before the first unmasked step, where the
 * output is zeros). The input gradient of all steps is one product {@code dZ . W^T} after the loop, as the forward
 * pass hoists {@code X . W}; so a backward pass costs about one forward pass. A gradient may also enter at one
 * step's gate activation ({@link #gateGradient}) or cell state ({@link #cellGradient}), to ask what moved a gate or
 * what the memory holds. Immutable: every call that sets a gradient returns a new object.
 */
public final class LstmBackward {
    private final LayerOutput forward;
    private final Trace trace;
    // Set only on fresh copies (see copy()), so that every instance a caller holds stays unchanged.
    private double[] dOutput;      // time-major like LayerOutput: ((s * batch) + b) * u; null = zero
    private int dOutputRow = -1;   // -1: dOutput holds every output row; else it holds only this row (batch x u)
    private double[] dhFinal;      // batch x u, null = zero
    private double[] dcFinal;
    private boolean weights;
    private Gate gate;             // a gate's activation with a gradient of its own, or null
    private int gateStep;
    private double[] dGate;        // batch x u
    private int cellStep = -1;     // the cell state after this step has a gradient of its own
    private double[] dCell;        // batch x u

    private LstmBackward(LayerOutput forward) {
        this.forward = forward;
        this.trace = forward.trace().orElseThrow(() -> new LstmException("backward pass of layer \""
                + forward.layer().name() + "\": the forward run has no trace; run it with trace=true "
                + "(layer.run(x, mask, initial, true) or layer.trace(x))"));
    }

    private LstmBackward copy() {
        LstmBackward c = new LstmBackward(forward);
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
    public static LstmBackward from(LayerOutput traced) {
        return new LstmBackward(traced);
    }

    /**
     * dL/d(outputs), shaped as {@link LayerOutput#toArray()}: {@code [sample][step][unit]} in processing order with
     * returnSequences, {@code [sample][1][unit]} otherwise. Not modified.
     *
     * @throws ShapeException if the shape differs from the outputs'
     */
    public LstmBackward outputGradient(double[][][] d) {
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
        LstmBackward c = copy();
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
    public LstmBackward lastOutputGradient(double[][] d) {
        return stepOutputGradient(forward.steps() - 1, d);
    }

    /**
     * dL/d(output at processing step {@code step}), {@code [sample][unit]}, every other step's output gradient zero.
     * Without returnSequences only the last step has an output. Not modified.
     *
     * @throws ShapeException if it is not batch x units, or the step has no output
     */
    public LstmBackward stepOutputGradient(int step, double[][] d) {
        int batch = forward.batch();
        int u = forward.units();
        SequenceBatch.checkIndex("output step", step, forward.steps());
        if (!forward.isSequence() && step != forward.steps() - 1) {
            throw new ShapeException("layer \"" + forward.layer().name() + "\" returns only its last output "
                    + "(return_sequences=False): step " + step + " has none; valid: " + (forward.steps() - 1));
        }
        double[] rows = flatten("output gradient at step " + step, d, batch, u);
        LstmBackward c = copy();
        c.dOutput = rows;
        c.dOutputRow = forward.isSequence() ? step : 0;
        return c;
    }

    /**
     * dL/dh and dL/dc of the final state ({@code [sample][unit]}, either may be null for zero). Not modified.
     *
     * @throws ShapeException if a non-null one is not batch x units
     */
    public LstmBackward finalStateGradient(double[][] dh, double[][] dc) {
        int batch = forward.batch();
        int u = forward.units();
        LstmBackward c = copy();
        c.dhFinal = dh == null ? null : flatten("final h gradient", dh, batch, u);
        c.dcFinal = dc == null ? null : flatten("final c gradient", dc, batch, u);
        return c;
    }

    /** Also computes dL/dW, dL/dU and dL/db (summed over the batch). */
    public LstmBackward withWeightGradients() {
        LstmBackward c = copy();
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
    public LstmBackward gateGradient(Gate gate, int step, double[][] d) {
        SequenceBatch.checkIndex("gate step", step, forward.steps());
        LstmBackward c = copy();
        c.gate = java.util.Objects.requireNonNull(gate, "gate");
        c.gateStep = step;
        c.dGate = flatten("gradient of gate " + gate.symbol() + " at step " + step, d, forward.batch(),
                forward.units());
        return c;
    }

    /**
     * dL/d(cell state c after processing step {@code step}), {@code [sample][unit]}: for asking what is in the memory
     * at that step. Not modified.
     *
     * @throws ShapeException if it is not batch x units, or the step does not exist
     */
    public LstmBackward cellGradient(int step, double[][] d) {
        SequenceBatch.checkIndex("cell step", step, forward.steps());
        LstmBackward c = copy();
        c.cellStep = step;
        c.dCell = flatten("cell-state gradient at step " + step, d, forward.batch(), forward.units());
        return c;
    }

    /** Runs the backward pass. */
    public LstmGradients run() {
        LstmLayer layer = trace.layer();
        LstmCell cell = layer.cell();
        Activation act = cell.activation();
        Activation rec = cell.recurrentActivation();
        int batch = trace.batch();
        int steps = trace.steps();
        int u = trace.units();
        int g4 = 4 * u;
        Products products = Products.current();

        double[] dh = dhFinal == null ? new double[batch * u] : dhFinal.clone();
        double[] dc = dcFinal == null ? new double[batch * u] : dcFinal.clone();
        double[] dzAll = new double[steps * batch * g4];
        double[] dz = new double[batch * g4];
        int[] firstActive = firstActiveSteps(batch, steps);
        // U^T, made once per layer, so that each step's dhPrev = dz . U^T is a plain product
        double[] recurrentT = layer.weights().recurrentTransposed();
        double[] ac = new double[u]; // act(c) of one sample's step, a whole row at a time (GateMath vectorizes)

        for (int s = steps - 1; s >= 0; s--) {
            addOutputGradient(s, dh, firstActive, batch, steps, u);
            if (s == cellStep) {
                for (int j = 0; j < batch * u; j++) {
                    dc[j] += dCell[j];
                }
            }
            java.util.Arrays.fill(dz, 0);
            for (int b = 0; b < batch; b++) {
                if (!trace.active(b, s)) {
                    continue; // the state was carried: dh and dc flow to the previous step untouched
                }
                double[] c0 = s == 0 ? trace.cPrev(b, 0) : null;
                System.arraycopy(trace.cData(), (s * batch + b) * u, ac, 0, u);
                GateMath.apply(act, ac, 0, u);
                boolean gateHere = gate != null && s == gateStep;
                if (rec == Activation.SIGMOID && act == Activation.TANH && !gateHere) {
                    sigmoidTanhStep(b, s, c0, ac, dh, dc, dz);
                    continue;
                }
                for (int k = 0; k < u; k++) {
                    int sb = b * u + k;
                    double i = trace.gate(b, s, Gate.I, k);
                    double f = trace.gate(b, s, Gate.F, k);
                    double g = trace.gate(b, s, Gate.C, k);
                    double o = trace.gate(b, s, Gate.O, k);
                    double c = trace.c(b, s, k);
                    double cPrev = s == 0 ? c0[k] : trace.c(b, s - 1, k);
                    double dcTotal = dc[sb] + dh[sb] * o * slope(act, c, ac[k]);
                    int zb = b * g4;
                    dz[zb + Gate.I.column(u, k)] = dcTotal * g * slope(rec, trace.z(b, s, Gate.I, k), i);
                    dz[zb + Gate.F.column(u, k)] = dcTotal * cPrev * slope(rec, trace.z(b, s, Gate.F, k), f);
                    dz[zb + Gate.C.column(u, k)] = dcTotal * i * slope(act, trace.z(b, s, Gate.C, k), g);
                    dz[zb + Gate.O.column(u, k)] = dh[sb] * ac[k] * slope(rec, trace.z(b, s, Gate.O, k), o);
                    if (gate != null && s == gateStep) {
                        Activation squash = gate.usesRecurrentActivation() ? rec : act;
                        dz[zb + gate.column(u, k)] += dGate[sb] * slope(squash, trace.z(b, s, gate, k),
                                trace.gate(b, s, gate, k));
                    }
                    dc[sb] = dcTotal * f;
                    dh[sb] = 0; // replaced by dz . U^T below
                }
            }
            // rows of masked samples are zero in dz, so their carried dh is left as it is
            products.mult(dz, recurrentT, dh, batch, g4, u, true);
            System.arraycopy(dz, 0, dzAll, s * batch * g4, batch * g4);
        }

        int n = layer.inputDim();
        double[] dxProcessing = new double[steps * batch * n];
        products.multTransB(dzAll, layer.weights().kernelData(), dxProcessing, steps * batch, g4, n, false);
        SequenceBatch dx = SequenceBatch.timeMajor(batch, steps, n, dxProcessing);
        if (layer.goBackwards()) {
            dx = dx.reversed();
        }
        LstmWeights dWeights = weights ? weightGradients(dzAll, batch, steps, u, n) : null;
        return new LstmGradients(dx, new LstmState(batch, u, dh, dc), dWeights);
    }

    private void addOutputGradient(int s, double[] dh, int[] firstActive, int batch, int steps, int u) {
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
        for (int b = 0; b < batch; b++) {
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

    private LstmWeights weightGradients(double[] dzAll, int batch, int steps, int u, int n) {
        int g4 = 4 * u;
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
        double[] db = null;
        if (trace.layer().weights().hasBias()) {
            db = new double[g4];
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < g4; j++) {
                    db[j] += dzAll[r * g4 + j];
                }
            }
        }
        return LstmWeights.of(org.ejml.data.DMatrixRMaj.wrap(n, g4, dW), org.ejml.data.DMatrixRMaj.wrap(u, g4, dU), db);
    }

    /**
     * a'(z), given y = a(z): for sigmoid and tanh from y (y(1-y), 1-y^2), which spares recomputing the exponential;
     * for the others from z.
     */
    /**
     * The inner loop of {@link #run} for sample b at step s, written out for the usual sigmoid gates and tanh
     * (slopes {@code y (1 - y)} and {@code 1 - y^2} from the traced values) over the trace's arrays, so the JIT can
     * vectorize it: the same arithmetic as the general loop, in the same order.
     */
    private void sigmoidTanhStep(int b, int s, double[] c0, double[] ac, double[] dh, double[] dc, double[] dz) {
        int batch = trace.batch();
        int u = trace.units();
        double[] gates = trace.gatesData();
        double[] cs = trace.cData();
        int gb = (s * batch + b) * 4 * u;
        double[] prev = s == 0 ? c0 : cs;
        int pb = s == 0 ? 0 : ((s - 1) * batch + b) * u;
        int zb = b * 4 * u;
        int sb = b * u;
        for (int k = 0; k < u; k++) {
            double i = gates[gb + k];
            double f = gates[gb + u + k];
            double g = gates[gb + 2 * u + k];
            double o = gates[gb + 3 * u + k];
            double a = ac[k];
            double dcTotal = dc[sb + k] + dh[sb + k] * o * (1 - a * a);
            dz[zb + k] = dcTotal * g * (i * (1 - i));
            dz[zb + u + k] = dcTotal * prev[pb + k] * (f * (1 - f));
            dz[zb + 2 * u + k] = dcTotal * i * (1 - g * g);
            dz[zb + 3 * u + k] = dh[sb + k] * a * (o * (1 - o));
            dc[sb + k] = dcTotal * f;
            dh[sb + k] = 0; // replaced by dz . U^T
        }
    }

    private static double slope(Activation a, double z, double y) {
        switch (a) {
            case SIGMOID: return y * (1 - y);
            case TANH: return 1 - y * y;
            default: return a.derivative(z);
        }
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
        return "LstmBackward[" + trace.layer().name() + ", batch=" + trace.batch() + ", steps=" + trace.steps()
                + (weights ? ", with weights" : "") + "]";
    }
}
