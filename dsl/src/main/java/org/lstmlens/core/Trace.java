package org.lstmlens.core;

/**
 * Every intermediate of a traced run, by sample, processing step, gate and unit: the pre-activation z, the gate
 * values i, f, g, o, and the state c and h after the step. Steps are in processing order (for go_backwards, step 0
 * reads the last timestep; {@link #timestep(int)} maps back). Immutable once the run has finished.
 */
public final class Trace {
    private final LstmLayer layer;
    private final SequenceBatch input;
    private final boolean[][] mask;
    private final LstmState initial;
    private final int batch;
    private final int steps;
    private final int units;
    private final double[] z;     // ((s * batch) + b) * 4u
    private final double[] gates; // same layout
    private final double[] c;     // ((s * batch) + b) * u
    private final double[] h;

    Trace(LstmLayer layer, SequenceBatch input, boolean[][] mask, LstmState initial, int batch, int steps) {
        this.layer = layer;
        this.input = input;
        this.mask = mask == null ? null : deepCopy(mask);
        this.units = layer.units();
        this.initial = initial == null ? LstmState.zeros(batch, units) : initial;
        this.batch = batch;
        this.steps = steps;
        this.z = new double[steps * batch * 4 * units];
        this.gates = new double[z.length];
        this.c = new double[steps * batch * units];
        this.h = new double[c.length];
    }

    /** The gate values, steps x batch x 4u, for the backward pass's inner loop. Not to be modified. */
    double[] gatesData() {
        return gates;
    }

    /** The cell states, steps x batch x u, for the backward pass's inner loop. Not to be modified. */
    double[] cData() {
        return c;
    }

    /** Lets the fused pass fill this trace in place (see {@code Request.tracing}). */
    org.lstmlens.core.vector.Request fillBy(org.lstmlens.core.vector.Request request) {
        return request.tracing(z, gates, c, h);
    }

    void record(int step, double[] zStep, double[] gatesStep, double[] cStep, double[] hStep) {
        System.arraycopy(zStep, 0, z, step * batch * 4 * units, batch * 4 * units);
        System.arraycopy(gatesStep, 0, gates, step * batch * 4 * units, batch * 4 * units);
        System.arraycopy(cStep, 0, c, step * batch * units, batch * units);
        System.arraycopy(hStep, 0, h, step * batch * units, batch * units);
    }

    public LstmLayer layer() {
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

    /** The input timestep read at processing step {@code step}. */
    public int timestep(int step) {
        return layer.goBackwards() ? steps - 1 - step : step;
    }

    /** Whether the sample's step was computed (false where the mask skipped it and the state was carried). */
    public boolean active(int sample, int step) {
        return mask == null || mask[sample][timestep(step)];
    }

    public double z(int sample, int step, Gate gate, int unit) {
        return z[zIndex(sample, step, gate, unit)];
    }

    /** The gate's activated value (g for the candidate). */
    public double gate(int sample, int step, Gate gate, int unit) {
        return gates[zIndex(sample, step, gate, unit)];
    }

    /** The cell state after the step. */
    public double c(int sample, int step, int unit) {
        return c[sIndex(sample, step, unit)];
    }

    /** The hidden state h after the step. */
    public double h(int sample, int step, int unit) {
        return h[sIndex(sample, step, unit)];
    }

    /** The state h before the step: the initial state for step 0. */
    public double[] hPrev(int sample, int step) {
        return step == 0 ? initial.h(sample) : row(h, sample, step - 1);
    }

    public double[] cPrev(int sample, int step) {
        return step == 0 ? initial.c(sample) : row(c, sample, step - 1);
    }

    /** The input read at processing step {@code step}. */
    public double[] x(int sample, int step) {
        return input.vector(sample, timestep(step));
    }

    /**
     * The step spelled out term by term ({@code x.W}, {@code hPrev.U}, {@code b}, gates, c, h), recomputed from the
     * recorded input and previous state. For a masked step it is what the cell computed and then discarded.
     */
    public CellStep cellStep(int sample, int step) {
        SequenceBatch.checkIndex("sample", sample, batch);
        SequenceBatch.checkIndex("step", step, steps);
        return layer.cell().step(x(sample, step), hPrev(sample, step), cPrev(sample, step));
    }

    private double[] row(double[] a, int sample, int step) {
        double[] r = new double[units];
        System.arraycopy(a, ((step * batch) + sample) * units, r, 0, units);
        return r;
    }

    private int zIndex(int sample, int step, Gate gate, int unit) {
        check(sample, step, unit);
        return ((step * batch) + sample) * 4 * units + gate.column(units, unit);
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
