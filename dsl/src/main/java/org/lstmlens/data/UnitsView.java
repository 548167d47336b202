package org.lstmlens.data;

import java.util.ArrayList;
import java.util.List;
import org.lstmlens.render.BarChart;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.Html;
import org.lstmlens.render.HtmlTable;
import org.lstmlens.render.MimeBundle;
import org.lstmlens.render.Num;

/**
 * Per-unit activation distributions over a dataset: h of each unit at every step of every sequence, its mean and its
 * 10th, 50th and 90th percentiles (within 0.01: 200 bins over [-1, 1]). Immutable.
 */
public final class UnitsView implements Displayable {
    private final DatasetResult result;

    UnitsView(DatasetResult result) {
        this.result = result;
    }

    /** Units of the layer. */
    public int units() {
        return result.summary().units();
    }

    /** Mean h of {@code unit}. */
    public double mean(int unit) {
        return result.summary().meanActivation(unit);
    }

    /** The q-quantile of h of {@code unit}. */
    public double quantile(int unit, double q) {
        return result.summary().activationQuantile(unit, q);
    }

    private double[] each(java.util.function.IntToDoubleFunction f) {
        double[] v = new double[units()];
        for (int k = 0; k < v.length; k++) {
            v[k] = f.applyAsDouble(k);
        }
        return v;
    }

    String svg() {
        return BarChart.of(each(this::mean)).title(result.title("h per unit: mean, 10th-90th percentile"))
                .range(each(k -> quantile(k, 0.1)), each(k -> quantile(k, 0.9))).x("unit").value("h").svg();
    }

    String text() {
        StringBuilder b = new StringBuilder("h per unit over " + result.summary().sequences() + " sequences (mean, "
                + "10th / 50th / 90th percentile):");
        for (int k = 0; k < units(); k++) {
            b.append("\n  unit ").append(k).append(": ").append(Num.format(mean(k))).append(", ")
                    .append(Num.format(quantile(k, 0.1))).append(" / ").append(Num.format(quantile(k, 0.5)))
                    .append(" / ").append(Num.format(quantile(k, 0.9)));
        }
        return b.toString();
    }

    @Override
    public MimeBundle toMimeBundle() {
        List<List<String>> rows = new ArrayList<>();
        for (int k = 0; k < units(); k++) {
            rows.add(List.of(String.valueOf(k), Num.format(mean(k)), Num.format(quantile(k, 0.1)),
                    Num.format(quantile(k, 0.5)), Num.format(quantile(k, 0.9))));
        }
        return MimeBundle.builder(result.title(text())).html(Html.view(result.title("activations per unit"),
                HtmlTable.table(List.of("unit", "mean h", "10th pct", "median", "90th pct"), rows) + svg())).svg(svg())
                .build();
    }

    @Override
    public String toString() {
        return "UnitsView[" + units() + " units]";
    }
}
