package org.lstmlens.dsl;

import java.util.ArrayList;
import java.util.List;
import org.lstmlens.core.Band;
import org.lstmlens.core.CellWeights;
import org.lstmlens.core.Rnn;
import org.lstmlens.model.Framework;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.Html;
import org.lstmlens.render.HtmlTable;
import org.lstmlens.render.MimeBundle;
import org.lstmlens.render.Num;

/**
 * One unit k of one gate: the column {@code W_f[:,k]} (one weight per input feature), the column {@code U_f[:,k]}
 * (one weight per previous h unit) and the bias {@code b_f[k]} (for a GRU with reset_after=True also the recurrent
 * bias {@code b'_f[k]}); together they make {@code z_f[k]}. Immutable.
 */
public final class UnitView implements Displayable {
    /** Rows per weight vector in the HTML table; {@link #kernel()} and {@link #recurrentKernel()} give all. */
    private static final int MAX_ROWS = 64;
    private final Rnn layer;
    private final Band gate;
    private final int unit;
    private final CellText text;

    UnitView(Rnn layer, Band gate, int unit, Framework names) {
        this.layer = layer;
        this.gate = gate;
        this.unit = unit;
        this.text = CellText.of(layer.cell(), names);
    }

    /** The unit's index within its gate: {@code layer.gate("f").unit(2).unit()} is 2. */
    public int unit() {
        return unit;
    }

    /** Which gate the unit belongs to: {@code layer.gate("f").unit(2).gate()} is {@code Gate.F}. */
    public Band gate() {
        return gate;
    }

    /** The column of this unit in the packed W, U and b: {@code gate * units + unit}. */
    public int column() {
        return gate.column(layer.units(), unit);
    }

    /** {@code W_f[:,k]}, one weight per input feature: {@code layer.gate("f").unit(2).kernel()}. */
    public double[] kernel() {
        double[] w = new double[layer.inputDim()];
        for (int j = 0; j < w.length; j++) {
            w[j] = weights().kernel(j, gate, unit);
        }
        return w;
    }

    /** {@code U_f[:,k]}, one weight per previous h unit: {@code layer.gate("f").unit(2).recurrentKernel()}. */
    public double[] recurrentKernel() {
        double[] u = new double[layer.outputSize()]; // h_prev has p values where an LSTM projects
        for (int j = 0; j < u.length; j++) {
            u[j] = weights().recurrent(j, gate, unit);
        }
        return u;
    }

    /** {@code b_f[k]}, the input bias, 0 without a bias: {@code layer.gate("f").unit(2).bias()}. */
    public double bias() {
        return weights().bias(gate, unit);
    }

    /**
     * {@code b'_z[k]}, a GRU's recurrent bias (reset_after=True), 0 for layers that keep none apart:
     * {@code gru.gate("z").unit(2).recurrentBias()}.
     */
    public double recurrentBias() {
        return weights().recurrentBias(gate, unit);
    }

    private CellWeights weights() {
        return layer.weights();
    }

    private String s() {
        return text.sub(gate);
    }

    private String equation() {
        return text.unitEquation(gate, unit) + "   (column " + column() + " of W, U and b"
                + (weights().hasRecurrentBias() ? " and b'" : "") + ")";
    }

    /** The biases as values, e.g. {@code b_z[2] = 0.1\nb'_z[2] = 0.2\nb_z[2] + b'_z[2] = 0.3 (what z sees)}. */
    private String biasLines() {
        String i = "[" + unit + "]";
        String b = "b" + s() + i + " = " + Num.format(bias()) + (weights().hasBias() ? "" : " (no bias)");
        if (!weights().hasRecurrentBias()) {
            return b;
        }
        String rb = "b'" + s() + i;
        String sum = gate.usesRecurrentActivation()
                ? "b" + s() + i + " + " + rb + " = " + Num.format(bias() + recurrentBias()) + " (both are added to z"
                    + s() + i + ")"
                : "b" + s() + i + " is added to x.W" + s() + ", " + rb + " to h_prev.U" + s() + " inside r" + i + " * (...):"
                    + " they do not add up";
        return b + "\n" + rb + " = " + Num.format(recurrentBias()) + "\n" + sum;
    }

    @Override
    public MimeBundle toMimeBundle() {
        String plain = toString() + "\n" + equation() + "\nW" + s() + "[:," + unit + "] = " + Num.format(kernel())
                + "\nU" + s() + "[:," + unit + "] = " + Num.format(recurrentKernel()) + "\n" + biasLines();
        List<List<String>> rows = new ArrayList<>();
        double[] w = kernel();
        for (int j = 0; j < Math.min(w.length, MAX_ROWS); j++) {
            rows.add(List.of("W" + s() + "[" + j + "," + unit + "]", "x[" + j + "]", Num.format(w[j])));
        }
        double[] u = recurrentKernel();
        for (int j = 0; j < Math.min(u.length, MAX_ROWS); j++) {
            rows.add(List.of("U" + s() + "[" + j + "," + unit + "]", text.recurrentInput(gate, j),
                    Num.format(u[j])));
        }
        rows.add(List.of("b" + s() + "[" + unit + "]", "1", Num.format(bias())));
        if (weights().hasRecurrentBias()) {
            rows.add(List.of("b'" + s() + "[" + unit + "]", gate.usesRecurrentActivation() ? "1"
                    : "1, inside r[" + unit + "] * (...)", Num.format(recurrentBias())));
        }
        String html = Html.view(toString(), Html.pre(equation() + (weights().hasRecurrentBias() ? "\n" + biasLines()
                : "")) + HtmlTable.table(List.of("weight", "multiplies", "value"), rows));
        return MimeBundle.builder(plain).html(html).build();
    }

    @Override
    public String toString() {
        return Check.layerPath(layer.name()) + " " + text.bandNoun() + " " + gate.symbol() + " unit " + unit + ": W"
                + s() + "[:," + unit + "] " + layer.inputDim() + " values, U" + s() + "[:," + unit + "] "
                + layer.outputSize() + " values, b" + s() + "[" + unit + "] = " + Num.format(bias())
                + (weights().hasRecurrentBias() ? ", b'" + s() + "[" + unit + "] = " + Num.format(recurrentBias()) : "");
    }
}
