package org.lstmlens.core;

import org.lstmlens.error.LstmException;

/**
 * Every intermediate of a traced run, by sample, processing step, band and unit: the pre-activation z, the activated
 * bands (LSTM i, f, g, o; GRU z, r, hh; SimpleRNN h), and the state after the step (h, and c for an LSTM); for a GRU
 * also its recurrent candidate term (see {@link #recurrentCandidate}). Steps are in processing order (for go_backwards, step 0
 * reads the last timestep; {@link #timestep(int)} maps back). h has {@link #outputSize()} values per sample and step
 * (an LSTM's projection size p where it projects), c and the bands {@link #units()}. A trace kept for gradients in
 * {@link Precision#FLOAT32} holds the bands and c as the float32 pass computed them (read here widened to double).
 * Immutable once the run has finished.
 */
public final class Trace {
    private final Rnn layer;
    private final SequenceBatch input;
    private final boolean[][] mask;
    private final RnnState initial;
    private final int batch;
    private final int steps;
    private final int units;
    private final int outputs;    // values of h: units, or an LSTM's projection size
    private final int width;      // bands * units
    private final double[] z;     // ((s * batch) + b) * width; null in a trace kept for gradients only
    private final double[] gates; // same layout; null in a float32 trace
    private final double[] aux;   // ((s * batch) + b) * auxWidth, or null
    private final double[] c;     // ((s * batch) + b) * u, or null (and in a float32 trace)
    private final double[] h;     // null in a trace kept for gradients only
    private final float[] floatGates; // a float32 trace's bands, c, aux and h (where it keeps them), else null
    private final float[] floatC;
    private final float[] floatAux;
    private final float[] floatH;

    /** A trace; {@code keepZH} false leaves out z and h, which the backward step of some cells never reads. */
    Trace(Rnn layer, SequenceBatch input, boolean[][] mask, RnnState initial, int batch, int steps, boolean keepZH) {
        this(layer, input, mask, initial, batch, steps, keepZH, Precision.DOUBLE);
    }

    /**
     * A trace in the given precision; a float32 one keeps what the attribution pass reads (the bands, c, a GRU's aux
     * and h: {@link Rnn#traceForGradients(SequenceBatch, boolean[][], RnnState, Precision)}).
     */
    Trace(Rnn layer, SequenceBatch input, boolean[][] mask, RnnState initial, int batch, int steps, boolean keepZH,
          Precision precision) {
        RecurrentCell cell = layer.cell();
        this.layer = layer;
        this.input = input;
        this.mask = mask == null ? null : deepCopy(mask);
        this.units = layer.units();
        this.outputs = layer.outputSize();
        this.initial = initial == null ? RnnState.zeros(batch, cell) : initial;
        this.batch = batch;
        this.steps = steps;
        this.width = cell.zWidth();
        boolean single = precision == Precision.FLOAT32;
        if (single && keepZH) {
            throw new IllegalArgumentException("a float32 trace keeps no z");
        }
        this.z = keepZH ? new double[steps * batch * width] : null;
        this.gates = single ? null : new double[steps * batch * width];
        this.aux = cell.auxWidth() == 0 || single ? null : new double[steps * batch * cell.auxWidth()];
        this.c = cell.hasCellState() && !single ? new double[steps * batch * units] : null;
        this.h = keepZH ? new double[steps * batch * outputs] : null;
        this.floatGates = single ? new float[steps * batch * width] : null;
        this.floatC = single && cell.hasCellState() ? new float[steps * batch * units] : null;
        this.floatAux = single && cell.auxWidth() != 0 ? new float[steps * batch * cell.auxWidth()] : null;
        this.floatH = single && cell.attributionReadsH() ? new float[steps * batch * outputs] : null;
    }

    /** The precision the traced pass ran in. */
    public Precision precision() {
        return floatGates == null ? Precision.DOUBLE : Precision.FLOAT32;
    }

    /** The pre-activations, steps x batch x width, for the backward pass, or null. Not to be modified. */
    double[] zData() {
        return z;
    }

    /** The array holding sample b's h before processing step s (the initial state for step 0); see hPrevOffset. */
    double[] hPrevRow(int b, int s) {
        return s == 0 ? initial.hData() : h;
    }

    /** Where sample b's h before step s starts in {@link #hPrevRow}. */
    int hPrevOffset(int b, int s) {
        return s == 0 ? b * outputs : ((s - 1) * batch + b) * outputs;
    }

    /** The activated bands, steps x batch x bands*u, of a double trace (else null). Not to be modified. */
    double[] doubleGates() {
        return gates;
    }

    /** The cell states, steps x batch x u, of a double trace (else null). Not to be modified. */
    double[] doubleC() {
        return c;
    }

    /** The activated bands of a float32 trace (else null). Not to be modified. */
    float[] floatGates() {
        return floatGates;
    }

    /** The cell states of a float32 trace (else null). Not to be modified. */
    float[] floatC() {
        return floatC;
    }

    /** The initial c, batch x u, as the double pass started from it. */
    double[] doubleC0() {
        return initial.cData();
    }

    /** The initial c rounded to float32, batch x u, as the float32 pass started from it. */
    float[] floatC0() {
        return FloatWeights.toFloat(initial.cData());
    }

    /** Where a step kernel writes the bands: the double[] or float[] of this trace's precision. */
    Object gatesStore() {
        return gates != null ? gates : floatGates;
    }

    /** Where the time loop writes c: the double[] or float[] of this trace's precision, or null. */
    Object cStore() {
        return c != null ? c : floatC;
    }

    /** Where a step kernel writes aux (a GRU's): the double[] or float[] of this trace's precision, or null. */
    Object auxStore() {
        return aux != null ? aux : floatAux;
    }

    /** Where the time loop writes h: the double[] or float[] of this trace's precision, or null. */
    Object hStore() {
        return h != null ? h : floatH;
    }

    /** A double trace's aux (a GRU's recurrent candidate term), or null. Not to be modified. */
    double[] doubleAux() {
        return aux;
    }

    /** A float32 trace's aux, or null. Not to be modified. */
    float[] floatAux() {
        return floatAux;
    }

    /** A double trace's states h, or null. Not to be modified. */
    double[] doubleH() {
        return h;
    }

    /** A float32 trace's states h, or null. Not to be modified. */
    float[] floatH() {
        return floatH;
    }

    /** The initial h, batch x outputSize, as the double pass started from it. */
    double[] doubleH0() {
        return initial.hData();
    }

    /** The initial h rounded to float32, as the float32 pass started from it. */
    float[] floatH0() {
        return FloatWeights.toFloat(initial.hData());
    }


    /** Where the cell writes step s's pre-activations: at {@link #stepOffset}(s) of {@link #zData()}. */
    int stepOffset(int step) {
        return step * batch * width;
    }

    /** Records step s's z, bands and aux (batch x width, batch x auxWidth) as a cell's own step produced them. */
    void recordCell(int step, double[] zStep, double[] gatesStep, double[] auxStep) {
        if (z != null) {
            System.arraycopy(zStep, 0, z, step * batch * width, batch * width);
        }
        System.arraycopy(gatesStep, 0, gates, step * batch * width, batch * width);
        if (aux != null) {
            System.arraycopy(auxStep, 0, aux, step * auxStep.length, auxStep.length);
        }
    }

    public Rnn layer() {
        return layer;
    }

    public int batch() {
        return batch;
    }

    public int steps() {
        return steps;
    }

    public int units() {
        return units;
    }

    /** Values of h per sample and step: units, or an LSTM's projection size p. */
    public int outputSize() {
        return outputs;
    }

    /** The input timestep read at processing step {@code step}. */
    public int timestep(int step) {
        return layer.goBackwards() ? steps - 1 - step : step;
    }

    /** Whether the sample's step was computed (false where the mask skipped it and the state was carried). */
    public boolean active(int sample, int step) {
        return mask == null || mask[sample][timestep(step)];
    }

    /**
     * The pre-activation of a band's unit (for a GRU's candidate: with r already applied).
     *
     * @throws LstmException for a trace kept for gradients only ({@link Rnn#traceForGradients}), which holds no z
     */
    public double z(int sample, int step, Band band, int unit) {
        if (z == null) {
            throw gradientsOnly("pre-activations z");
        }
        return z[zIndex(sample, step, band, unit)];
    }

    /** The band's activated value (g for an LSTM's candidate, hh for a GRU's). */
    public double gate(int sample, int step, Band band, int unit) {
        int i = zIndex(sample, step, band, unit);
        return gates != null ? gates[i] : floatGates[i];
    }

    /**
     * A GRU's recurrent candidate term of a unit: {@code h_prev.U_h + b'_h}, which r multiplies (reset_after=True), or
     * {@code (r * h_prev).U_h} (reset_after=False).
     *
     * @throws LstmException for cells that keep no such term
     */
    public double recurrentCandidate(int sample, int step, int unit) {
        if (aux == null && floatAux == null) {
            throw new LstmException("layer \"" + layer.name() + "\" (" + layer.cell().kind()
                    + ") has no recurrent candidate term: only a GRU keeps one");
        }
        int i = sIndex(sample, step, unit);
        return aux != null ? aux[i] : floatAux[i];
    }

    /** The cell state after the step (an LSTM's). */
    public double c(int sample, int step, int unit) {
        if (c == null && floatC == null) {
            throw new LstmException("layer \"" + layer.name() + "\" (" + layer.cell().kind()
                    + ") has no cell state c: only an LSTM keeps one");
        }
        int i = sIndex(sample, step, unit);
        return c != null ? c[i] : floatC[i];
    }

    /**
     * The hidden state h after the step.
     *
     * @throws LstmException for a trace kept for gradients only ({@link Rnn#traceForGradients}) of a cell whose
     *     backward step never reads h
     */
    public double h(int sample, int step, int unit) {
        if (h == null && floatH == null) {
            throw gradientsOnly("states h");
        }
        SequenceBatch.checkIndex("sample", sample, batch);
        SequenceBatch.checkIndex("step", step, steps);
        SequenceBatch.checkIndex("unit", unit, outputs);
        int i = ((step * batch) + sample) * outputs + unit;
        return h != null ? h[i] : floatH[i];
    }

    /** The state h before the step: the initial state for step 0. Throws where {@link #h} does. */
    public double[] hPrev(int sample, int step) {
        if (h == null && floatH == null && step > 0) {
            throw gradientsOnly("states h");
        }
        if (step == 0 || h != null) {
            return step == 0 ? initial.h(sample) : row(h, outputs, sample, step - 1);
        }
        double[] r = new double[outputs];
        StepKernel.copy(floatH, ((step - 1) * batch + sample) * outputs, r, 0, outputs);
        return r;
    }

    /** The cell state before the step (an LSTM's): the initial state for step 0; null for other cells. */
    public double[] cPrev(int sample, int step) {
        if (c == null && floatC == null) {
            return null;
        }
        if (step == 0) {
            return initial.c(sample);
        }
        if (c != null) {
            return row(c, units, sample, step - 1);
        }
        double[] r = new double[units];
        StepKernel.copy(floatC, ((step - 1) * batch + sample) * units, r, 0, units);
        return r;
    }

    /** The input read at processing step {@code step}. */
    public double[] x(int sample, int step) {
        return input.vector(sample, timestep(step));
    }

    /**
     * The step spelled out term by term ({@code x.W}, {@code hPrev.U}, {@code b}, gates, state), recomputed from the
     * recorded input and previous state. For a masked step it is what the cell computed and then discarded.
     */
    public CellStep cellStep(int sample, int step) {
        SequenceBatch.checkIndex("sample", sample, batch);
        SequenceBatch.checkIndex("step", step, steps);
        return layer.cell().step(x(sample, step), hPrev(sample, step), cPrev(sample, step));
    }

    private double[] row(double[] a, int width, int sample, int step) {
        double[] r = new double[width];
        System.arraycopy(a, ((step * batch) + sample) * width, r, 0, width);
        return r;
    }

    private int zIndex(int sample, int step, Band band, int unit) {
        check(sample, step, unit);
        return ((step * batch) + sample) * width + band.column(units, unit);
    }

    private int sIndex(int sample, int step, int unit) {
        check(sample, step, unit);
        return ((step * batch) + sample) * units + unit;
    }

    private void check(int sample, int step, int unit) {
        SequenceBatch.checkIndex("sample", sample, batch);
        SequenceBatch.checkIndex("step", step, steps);
        SequenceBatch.checkIndex("unit", unit, units);
    }

    private LstmException gradientsOnly(String what) {
        return new LstmException("layer \"" + layer.name() + "\": this trace was kept for "
                + "gradients only and holds no " + what + "; trace the layer (layer.trace(x)) to read them");
    }

    private static boolean[][] deepCopy(boolean[][] m) {
        boolean[][] r = new boolean[m.length][];
        for (int i = 0; i < m.length; i++) {
            r[i] = m[i].clone();
        }
        return r;
    }

    @Override
    public String toString() {
        return "Trace[" + layer.name() + ", batch=" + batch + ", steps=" + steps + ", units=" + units + "]";
    }
}
