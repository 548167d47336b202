package org.lstmlens.dsl;

import org.lstmlens.core.Gate;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.Html;
import org.lstmlens.render.HtmlTable;
import org.lstmlens.render.MimeBundle;
import org.lstmlens.render.Num;

/**
 * One unit k of one gate: the column {@code W_f[:,k]} (one weight per input feature), the column {@code U_f[:,k]}
 * (one weight per previous h unit) and the bias {@code b_f[k]}; together they make {@code z_f[k]}. Immutable.
 */
public final class UnitView implements Displayable {
    /** Rows per weight vector in the HTML table; {@link #kernel()} and {@link #recurrentKernel()} give all. */
    private static final int MAX_ROWS = 64;
    private final LstmLayer layer;
    private final Gate gate;
    private final int unit;

    UnitView(LstmLayer layer, Gate gate, int unit) {
        this.layer = layer;
        this.gate = gate;
        this.unit = unit;
    }

    /** The unit's index within its gate: {@code layer.gate("f").unit(2).unit()} is 2. */
    public int unit() {
        return unit;
    }

    /** Which gate the unit belongs to: {@code layer.gate("f").unit(2).gate()} is {@code Gate.F}. */
    public Gate gate() {
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
            w[j] = layer.weights().kernel(j, gate, unit);
        }
        return w;
    }

    /** {@code U_f[:,k]}, one weight per previous h unit: {@code layer.gate("f").unit(2).recurrentKernel()}. */
    public double[] recurrentKernel() {
        double[] u = new double[layer.units()];
        for (int j = 0; j < u.length; j++) {
            u[j] = layer.weights().recurrent(j, gate, unit);
        }
        return u;
    }

    /** {@code b_f[k]}, 0 without a bias: {@code layer.gate("f").unit(2).bias()}. */
    public double bias() {
        return layer.weights().bias(gate, unit);
    }

    private String s() {
        return gate.symbol();
    }

    private String equation() {
        return "z_" + s() + "[" + unit + "] = x.W_" + s() + "[:," + unit + "] + h_prev.U_" + s() + "[:," + unit
                + "] + b_" + s() + "[" + unit + "]   (column " + column() + " of W, U and b)";
    }

    @Override
    public MimeBundle toMimeBundle() {
        String plain = toString() + "\n" + equation() + "\nW_" + s() + "[:," + unit + "] = " + Num.format(kernel())
                + "\nU_" + s() + "[:," + unit + "] = " + Num.format(recurrentKernel()) + "\nb_" + s() + "[" + unit
                + "] = " + Num.format(bias()) + (layer.weights().hasBias() ? "" : " (no bias)");
        java.util.List<java.util.List<String>> rows = new java.util.ArrayList<>();
        double[] w = kernel();
        for (int j = 0; j < Math.min(w.length, MAX_ROWS); j++) {
            rows.add(java.util.List.of("W_" + s() + "[" + j + "," + unit + "]", "x[" + j + "]", Num.format(w[j])));
        }
        double[] u = recurrentKernel();
        for (int j = 0; j < Math.min(u.length, MAX_ROWS); j++) {
            rows.add(java.util.List.of("U_" + s() + "[" + j + "," + unit + "]", "h_prev[" + j + "]",
                    Num.format(u[j])));
        }
        rows.add(java.util.List.of("b_" + s() + "[" + unit + "]", "1", Num.format(bias())));
        String html = Html.view(toString(), Html.pre(equation())
                + HtmlTable.table(java.util.List.of("weight", "multiplies", "value"), rows));
        return MimeBundle.builder(plain).html(html).build();
    }

    @Override
    public String toString() {
        return Check.layerPath(layer.name()) + " gate " + s() + " unit " + unit + ": W_" + s() + "[:," + unit + "] "
                + layer.inputDim() + " values, U_" + s() + "[:," + unit + "] " + layer.units() + " values, b_" + s()
                + "[" + unit + "] = " + Num.format(bias());
    }
}
