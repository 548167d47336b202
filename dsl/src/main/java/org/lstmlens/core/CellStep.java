package org.lstmlens.core;

/**
 * Everything one step computed for one sample, kept apart so it can be read term by term:
 * {@code z = xW + hU + b}, the gate activations i, f, g, o, and the new c and h. Arrays are 4u long (gate blocks
 * i, f, c, o) or u long. Immutable: accessors return copies or single values.
 */
public final class CellStep {
    private final LstmCell cell;
    private final double[] x;
    private final double[] hPrev;
    private final double[] cPrev;
    private final double[] xW;
    private final double[] hU;
    private final double[] b;
    private final double[] z;
    private final double[] gates;
    private final double[] c;
    private final double[] h;

    CellStep(LstmCell cell, double[] x, double[] hPrev, double[] cPrev, double[] xW, double[] hU, double[] b,
             double[] z, double[] gates, double[] c, double[] h) {
        this.cell = cell;
        this.x = x;
        this.hPrev = hPrev;
        this.cPrev = cPrev;
        this.xW = xW;
        this.hU = hU;
        this.b = b;
        this.z = z;
        this.gates = gates;
        this.c = c;
        this.h = h;
    }

    public LstmCell cell() {
        return cell;
    }

    public int units() {
        return cell.units();
    }

    /** {@code x . W[:, col]} for the gate's unit. */
    public double inputPart(Gate gate, int unit) {
        return xW[col(gate, unit)];
    }

    /** {@code hPrev . U[:, col]} for the gate's unit. */
    public double recurrentPart(Gate gate, int unit) {
        return hU[col(gate, unit)];
    }

    /** {@code b[col]}, 0 without bias. */
    public double biasPart(Gate gate, int unit) {
        return b[col(gate, unit)];
    }

    /** The pre-activation {@code z = x.W + hPrev.U + b} of the gate's unit. */
    public double z(Gate gate, int unit) {
        return z[col(gate, unit)];
    }

    /** The gate's value after its activation: i, f, o in [0, 1] for sigmoids; g for the candidate. */
    public double gate(Gate gate, int unit) {
        return gates[col(gate, unit)];
    }

    /** The activation applied to this gate's z. */
    public Activation activationOf(Gate gate) {
        return gate.usesRecurrentActivation() ? cell.recurrentActivation() : cell.activation();
    }

    public double cPrev(int unit) {
        return cPrev[unit];
    }

    public double hPrev(int unit) {
        return hPrev[unit];
    }

    public double c(int unit) {
        return c[unit];
    }

    public double h(int unit) {
        return h[unit];
    }

    public double[] x() {
        return x.clone();
    }

    public double[] hPrev() {
        return hPrev.clone();
    }

    public double[] cPrev() {
        return cPrev.clone();
    }

    /** z in Keras's packed order, 4u values. */
    public double[] z() {
        return z.clone();
    }

    /** The input transform {@code x.W}, 4u values. */
    public double[] inputTransform() {
        return xW.clone();
    }

    /** The recurrent transform {@code hPrev.U}, 4u values. */
    public double[] recurrentTransform() {
        return hU.clone();
    }

    /** The bias as added, 4u values (zeros without bias). */
    public double[] bias() {
        return b.clone();
    }

    /** The activated gates i, f, g, o in packed order, 4u values. */
    public double[] gates() {
        return gates.clone();
    }

    public double[] c() {
        return c.clone();
    }

    public double[] h() {
        return h.clone();
    }

    private int col(Gate gate, int unit) {
        SequenceBatch.checkIndex("unit", unit, units());
        return gate.column(units(), unit);
    }

    @Override
    public String toString() {
        return "CellStep[units=" + units() + ", h=" + java.util.Arrays.toString(h) + "]";
    }
}
