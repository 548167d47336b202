package org.lstmlens.core;

/**
 * Everything one step computed for one sample, kept apart so it can be read term by term: {@code x.W},
 * {@code hPrev.U}, the bias, the pre-activations z, the activated bands (LSTM i, f, g, o; GRU z, r, hh; SimpleRNN h)
 * and the new state. Arrays are bands*u long (blocks in the cell's band order) or u long. For a GRU, z of the
 * candidate is what the cell squashed, r applied; {@link #recurrentCandidate(int)} is the term r multiplies
 * (reset_after=True) or {@code (r * hPrev).U_h} (reset_after=False). Immutable: accessors return copies or single
 * values.
 */
public final class CellStep {
    private final RecurrentCell cell;
    private final double[] x;
    private final double[] hPrev;
    private final double[] cPrev; // null without a cell state
    private final double[] xW;
    private final double[] hU;
    private final double[] b;
    private final double[] z;
    private final double[] gates;
    private final double[] aux;   // null but for a GRU
    private final double[] c;     // null without a cell state
    private final double[] h;

    CellStep(RecurrentCell cell, double[] x, double[] hPrev, double[] cPrev, double[] xW, double[] hU, double[] b,
             double[] z, double[] gates, double[] aux, double[] c, double[] h) {
        this.cell = cell;
        this.x = x;
        this.hPrev = hPrev;
        this.cPrev = cPrev;
        this.xW = xW;
        this.hU = hU;
        this.b = b;
        this.z = z;
        this.gates = gates;
        this.aux = aux;
        this.c = c;
        this.h = h;
    }

    public RecurrentCell cell() {
        return cell;
    }

    /** A GRU's recurrent candidate term of a unit (see the class comment). */
    public double recurrentCandidate(int unit) {
        if (aux == null) {
            throw new org.lstmlens.error.LstmException(cell.kind() + " has no recurrent candidate term: only a GRU"
                    + " keeps one");
        }
        return aux[unit];
    }

    /** {@code b'[col]}: the recurrent bias where it is kept apart (GRU reset_after=True; PyTorch, ONNX), else 0. */
    public double recurrentBiasPart(Band band, int unit) {
        return cell.weights().recurrentBias(band, unit);
    }

    /**
     * An LSTM's peephole term of the gate's unit (ONNX's P), which z holds: {@code P_i * c_prev}, {@code P_f * c_prev}
     * or {@code P_o * c} (the new c); 0 for the candidate, without peepholes, and for other cells. So
     * {@code z = inputPart + recurrentPart + biasPart + recurrentBiasPart + peepholePart}, and an ONNX clip applies to
     * z before the activation.
     */
    public double peepholePart(Band gate, int unit) {
        SequenceBatch.checkIndex("unit", unit, units());
        if (!(cell instanceof LstmCell)) {
            return 0;
        }
        Peepholes p = ((LstmCell) cell).options().peepholes().orElse(null);
        if (p == null || gate == Gate.C) {
            return 0;
        }
        return p.value(gate, unit) * (gate == Gate.O ? c[unit] : cPrev[unit]);
    }

    public int units() {
        return cell.units();
    }

    /** {@code x . W[:, col]} for the gate's unit. */
    public double inputPart(Band gate, int unit) {
        return xW[col(gate, unit)];
    }

    /** {@code hPrev . U[:, col]} for the gate's unit. */
    public double recurrentPart(Band gate, int unit) {
        return hU[col(gate, unit)];
    }

    /** {@code b[col]}, the input bias, 0 without bias; z also holds {@link #recurrentBiasPart} where there is one. */
    public double biasPart(Band gate, int unit) {
        return b[col(gate, unit)];
    }

    /** The pre-activation {@code z = x.W + hPrev.U + b} of the gate's unit. */
    public double z(Band gate, int unit) {
        return z[col(gate, unit)];
    }

    /** The gate's value after its activation: i, f, o in [0, 1] for sigmoids; g for the candidate. */
    public double gate(Band gate, int unit) {
        return gates[col(gate, unit)];
    }

    /** The activation applied to this gate's z. */
    public Activation activationOf(Band gate) {
        return cell.activationOf(gate);
    }

    public double cPrev(int unit) {
        return cOrFail(cPrev)[unit];
    }

    public double hPrev(int unit) {
        return hPrev[unit];
    }

    public double c(int unit) {
        return cOrFail(c)[unit];
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
        return cOrFail(cPrev).clone();
    }

    /** z in Keras's packed order, bands*u values. */
    public double[] z() {
        return z.clone();
    }

    /** The input transform {@code x.W}, bands*u values. */
    public double[] inputTransform() {
        return xW.clone();
    }

    /** The recurrent transform {@code hPrev.U}, bands*u values. */
    public double[] recurrentTransform() {
        return hU.clone();
    }

    /** The input bias b, bands*u values (zeros without bias); a recurrent bias b' is the weights' (see recurrentBiasPart). */
    public double[] bias() {
        return b.clone();
    }

    /** The activated bands in packed order, bands*u values. */
    public double[] gates() {
        return gates.clone();
    }

    public double[] c() {
        return cOrFail(c).clone();
    }

    private double[] cOrFail(double[] v) {
        if (v == null) {
            throw new org.lstmlens.error.LstmException(cell.kind() + " has no cell state c: only an LSTM keeps one");
        }
        return v;
    }

    public double[] h() {
        return h.clone();
    }

    private int col(Band gate, int unit) {
        SequenceBatch.checkIndex("unit", unit, units());
        return gate.column(units(), unit);
    }

    @Override
    public String toString() {
        return "CellStep[units=" + units() + ", h=" + java.util.Arrays.toString(h) + "]";
    }
}
