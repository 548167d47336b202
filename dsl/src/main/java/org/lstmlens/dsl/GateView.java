package org.lstmlens.dsl;

import org.lstmlens.core.Activation;
import org.lstmlens.core.Gate;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.core.LstmWeights;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.Html;
import org.lstmlens.render.MimeBundle;
import org.ejml.data.DMatrixRMaj;

/**
 * One gate of a layer: its block of the kernel ({@code W_f}, inputDim x u), of the recurrent kernel ({@code U_f},
 * u x u) and of the bias ({@code b_f}, u), and the activation that squashes it. Immutable.
 */
public final class GateView implements Displayable {
    private final LstmLayer layer;
    private final Gate gate;

    GateView(LstmLayer layer, Gate gate) {
        this.layer = layer;
        this.gate = gate;
    }

    /** Which gate this is: {@code layer.gate("forget").gate()} is {@code Gate.F}. */
    public Gate gate() {
        return gate;
    }

    /** The gate's block of the kernel, inputDim x units: {@code layer.gate("f").kernel()}. */
    public MatrixView kernel() {
        return new MatrixView(path() + " kernel", "W_" + gate.symbol(), rows(weights().kernelBlock(gate)), 0, "x",
                null);
    }

    /** The gate's block of the recurrent kernel, units x units: {@code layer.gate("f").recurrentKernel()}. */
    public MatrixView recurrentKernel() {
        return new MatrixView(path() + " recurrent kernel", "U_" + gate.symbol(),
                rows(weights().recurrentBlock(gate)), 0, "h", null);
    }

    /** The gate's block of the bias as one row of units values (zeros without a bias): {@code layer.gate("f").bias()}. */
    public MatrixView bias() {
        return new MatrixView(path() + " bias", "b_" + gate.symbol(), new double[][] {weights().biasBlock(gate)}, 0,
                "b", weights().hasBias() ? null : "the layer has no bias (use_bias=False): nothing is added");
    }

    /**
     * The activation that squashes this gate: the recurrent activation for i, f, o, the activation for c:
     * {@code layer.gate("c").activation()} is {@code TANH} by default.
     */
    public Activation activation() {
        return gate.usesRecurrentActivation() ? layer.cell().recurrentActivation() : layer.cell().activation();
    }

    /**
     * One unit of this gate: its column of W and U and its bias value: {@code layer.gate("f").unit(2)}.
     *
     * @throws org.lstmlens.error.ShapeException if {@code k} is not in 0..units-1
     */
    public UnitView unit(int k) {
        Check.index("unit", k, layer.units(), path());
        return new UnitView(layer, gate, k);
    }

    /** The columns of this gate in W, U and b: {@code layer.gate("f").columns()} is {@code "3..5"} for 3 units. */
    public String columns() {
        int u = layer.units();
        return gate.start(u) + ".." + (gate.start(u) + u - 1);
    }

    private LstmWeights weights() {
        return layer.weights();
    }

    private String path() {
        return Check.layerPath(layer.name()) + " gate " + gate.symbol();
    }

    /** {@code z_f = x.W_f + h_prev.U_f + b_f; f = sigmoid(z_f)}. */
    String equation() {
        String s = gate.symbol();
        String value = gate == Gate.C ? "g" : s;
        return "z_" + s + " = x.W_" + s + " + h_prev.U_" + s + " + b_" + s + ";  " + value + " = "
                + activation().kerasName() + "(z_" + s + ")" + (activation() != Activation.TANH
                && activation() != Activation.SIGMOID ? "   [" + activation().label() + "]" : "");
    }

    @Override
    public MimeBundle toMimeBundle() {
        MatrixView w = kernel();
        MatrixView u = recurrentKernel();
        MatrixView b = bias();
        String plain = toString() + "\n" + equation() + "\ncolumns " + columns() + " of W, U and b\n"
                + w.toMimeBundle().plain() + "\n" + u.toMimeBundle().plain() + "\n" + b.toMimeBundle().plain();
        String html = Html.view(toString(), Html.pre(equation() + "\ncolumns " + columns() + " of W, U and b")
                + w.htmlBody() + u.htmlBody() + b.htmlBody());
        return MimeBundle.builder(plain).html(html).build();
    }

    @Override
    public String toString() {
        return path() + " (" + gate.title() + "): W_" + gate.symbol() + " " + layer.inputDim() + "x" + layer.units()
                + ", U_" + gate.symbol() + " " + layer.units() + "x" + layer.units() + ", b_" + gate.symbol() + " "
                + layer.units() + ", " + activation().label();
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
