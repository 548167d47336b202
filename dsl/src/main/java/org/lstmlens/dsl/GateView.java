package org.lstmlens.dsl;

import org.ejml.data.DMatrixRMaj;
import org.lstmlens.core.Activation;
import org.lstmlens.core.Band;
import org.lstmlens.core.CellWeights;
import org.lstmlens.core.Rnn;
import org.lstmlens.model.Framework;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.Html;
import org.lstmlens.render.MimeBundle;

/**
 * One gate of a layer (an LSTM's i, f, c, o; a GRU's z, r, h; a SimpleRNN's one block h): its block of the kernel
 * ({@code W_f}, inputDim x u), of the recurrent kernel ({@code U_f}, u x u) and of the bias ({@code b_f}, u; a GRU with
 * reset_after=True also its recurrent bias {@code b'_f}), and the activation that squashes it. Immutable.
 */
public final class GateView implements Displayable {
    private final Rnn layer;
    private final Band gate;
    private final Framework names;
    private final CellText text;

    GateView(Rnn layer, Band gate, Framework names) {
        this.layer = layer;
        this.gate = gate;
        this.names = names;
        this.text = CellText.of(layer.cell(), names);
    }

    /** Which gate this is: {@code layer.gate("forget").gate()} is {@code Gate.F}, {@code gru.gate("reset").gate()} {@code GruGate.R}. */
    public Band gate() {
        return gate;
    }

    /** The gate's block of the kernel, inputDim x units: {@code layer.gate("f").kernel()}. */
    public MatrixView kernel() {
        return MatrixView.plain(path() + " kernel", "W" + sub(), rows(weights().kernelBlock(gate)), "x", null);
    }

    /** The gate's block of the recurrent kernel, units x units: {@code layer.gate("f").recurrentKernel()}. */
    public MatrixView recurrentKernel() {
        return MatrixView.plain(path() + " recurrent kernel", "U" + sub(), rows(weights().recurrentBlock(gate)), "h",
                null);
    }

    /**
     * The gate's block of the input bias b as one row of units values (zeros without a bias):
     * {@code layer.gate("f").bias()}.
     */
    public MatrixView bias() {
        return MatrixView.plain(path() + " bias", "b" + sub(), new double[][] {weights().biasBlock(gate)}, "b",
                weights().hasBias() ? null : "the layer has no bias (use_bias=False): nothing is added");
    }

    /**
     * The gate's block of a GRU's recurrent bias b' (reset_after=True), one row of units values:
     * {@code gru.gate("h").recurrentBias()}.
     *
     * @throws org.lstmlens.error.LstmException for a layer that keeps no recurrent bias apart
     */
    public MatrixView recurrentBias() {
        if (!weights().hasRecurrentBias()) {
            throw new org.lstmlens.error.LstmException(path() + ": " + layer.cell().kind() + " layer \"" + layer.name()
                    + "\" keeps no recurrent bias apart (only a GRU with reset_after=True does); its bias is bias()");
        }
        return MatrixView.plain(path() + " recurrent bias", "b'" + sub(),
                new double[][] {weights().recurrentBiasBlock(gate)}, "b'", null);
    }

    /**
     * The activation that squashes this gate: the recurrent activation for the gates, the activation for the
     * candidate: {@code layer.gate("c").activation()} is {@code TANH} by default.
     */
    public Activation activation() {
        return layer.cell().activationOf(gate);
    }

    /**
     * One unit of this gate: its column of W and U and its bias value: {@code layer.gate("f").unit(2)}.
     *
     * @throws org.lstmlens.error.ShapeException if {@code k} is not in 0..units-1
     */
    public UnitView unit(int k) {
        Check.index("unit", k, layer.units(), path());
        return new UnitView(layer, gate, k, names);
    }

    /** The columns of this gate in W, U and b: {@code layer.gate("f").columns()} is {@code "3..5"} for 3 units. */
    public String columns() {
        int u = layer.units();
        return gate.start(u) + ".." + (gate.start(u) + u - 1);
    }

    private CellWeights weights() {
        return layer.weights();
    }

    private String sub() {
        return text.sub(gate);
    }

    private String path() {
        return Check.layerPath(layer.name()) + " " + text.bandNoun() + " " + gate.symbol() + text.writerBeside(gate);
    }

    private String columnsLine() {
        return "columns " + columns() + " of W, U and b" + (weights().hasRecurrentBias() ? " (and b')" : "");
    }

    @Override
    public MimeBundle toMimeBundle() {
        MatrixView w = kernel();
        MatrixView u = recurrentKernel();
        MatrixView b = bias();
        MatrixView rb = weights().hasRecurrentBias() ? recurrentBias() : null;
        String head = text.gateEquation(gate) + "\n" + columnsLine();
        String plain = toString() + "\n" + head + "\n" + w.toMimeBundle().plain() + "\n" + u.toMimeBundle().plain()
                + "\n" + b.toMimeBundle().plain() + (rb == null ? "" : "\n" + rb.toMimeBundle().plain());
        String html = Html.view(toString(), Html.pre(head) + w.htmlBody() + u.htmlBody() + b.htmlBody()
                + (rb == null ? "" : rb.htmlBody()));
        return MimeBundle.builder(plain).html(html).build();
    }

    @Override
    public String toString() {
        String u = String.valueOf(layer.units());
        return path() + " (" + gate.title() + "): W" + sub() + " " + layer.inputDim() + "x" + u + ", U" + sub() + " "
                + u + "x" + u + ", b" + sub() + " " + u + (weights().hasRecurrentBias() ? ", b'" + sub() + " " + u : "")
                + ", " + activation().label();
    }

    static double[][] rows(DMatrixRMaj m) {
        double[][] out = new double[m.numRows][m.numCols];
        for (int r = 0; r < m.numRows; r++) {
            for (int c = 0; c < m.numCols; c++) {
                out[r][c] = m.get(r, c);
            }
        }
        return out;
    }
}
