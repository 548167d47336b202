package org.lstmlens.render;

import java.util.Locale;

/**
 * Bars over timesteps: one bar per value, up from 0 for positive values and down for negative ones, each labelled
 * with its timestep. A builder; not shared.
 */
public final class BarChart {
    private final double[] values;
    private String title = "";
    private String xName = "t";
    private String valueName = "value";
    private String[] labels;  // null: bars labelled by their index
    private double[] errors;  // null: no error bars
    private double[] rangeLo; // null: no range whiskers
    private double[] rangeHi;

    private BarChart(double[] values) {
        this.values = values;
    }

    /** Bars for {@code values[t]} (not copied; not modified). */
    public static BarChart of(double[] values) {
        return new BarChart(values);
    }

    public BarChart title(String value) {
        this.title = value;
        return this;
    }

    public BarChart x(String value) {
        this.xName = value;
        return this;
    }

    public BarChart value(String name) {
        this.valueName = name;
        return this;
    }

    /** Labels under the bars instead of their indices, e.g. lags {@code t, t-1, ...} (not copied). */
    public BarChart labels(String[] value) {
        this.labels = value;
        return this;
    }

    /** A spread drawn as a whisker of plus and minus {@code value[i]} on each bar, e.g. a standard deviation. */
    public BarChart errors(double[] value) {
        this.errors = value;
        return this;
    }

    /**
     * A spread drawn as a whisker from {@code lo[i]} to {@code hi[i]} on each bar, e.g. the 10th and 90th percentiles
     * (not copied; NaN: none on that bar).
     */
    public BarChart range(double[] lo, double[] hi) {
        this.rangeLo = lo;
        this.rangeHi = hi;
        return this;
    }

    private boolean hasRange(int i) {
        return rangeLo != null && Double.isFinite(rangeLo[i]) && Double.isFinite(rangeHi[i]);
    }

    private String label(int i) {
        return labels != null ? labels[i] : String.valueOf(i);
    }

    private double err(int i) {
        return errors != null && Double.isFinite(errors[i]) ? Math.abs(errors[i]) : 0;
    }

    public String svg() {
        int n = values.length;
        double lo = 0;
        double hi = 0;
        for (int i = 0; i < n; i++) {
            double v = values[i];
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v - (v < 0 ? err(i) : 0));
                hi = Math.max(hi, v + (v >= 0 ? err(i) : 0));
            }
            if (hasRange(i)) {
                lo = Math.min(lo, rangeLo[i]);
                hi = Math.max(hi, rangeHi[i]);
            }
        }
        if (hi - lo < 1e-12) {
            hi = lo + 1;
        }
        double left = 58;
        double top = 26;
        double slot = Math.max(3, Math.min(36, 720.0 / Math.max(n, 1)));
        double plotW = Math.max(200, n * slot);
        slot = plotW / Math.max(n, 1);
        double plotH = 180;
        double width = left + plotW + 16;
        width = Math.max(width, Svg.textWidth(title, 12) * 0.95 + 12);
        double height = top + plotH + 42;
        double yLo = lo;
        double yHi = hi;
        java.util.function.DoubleUnaryOperator y = v -> top + plotH - (v - yLo) / (yHi - yLo) * plotH;
        StringBuilder sb = new StringBuilder(2048 + n * 160);
        sb.append(Svg.open(width, height, title));
        sb.append(Svg.bold(4, 16, "start", 12, title));
        double zero = y.applyAsDouble(0);
        int every = Math.max(1, (int) Math.ceil(n / 24.0));
        for (int t = 0; t < n; t++) {
            double v = Double.isFinite(values[t]) ? values[t] : 0;
            double yv = y.applyAsDouble(v);
            sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                    + "fill=\"%s\"><title>%s</title></rect>", left + t * slot + slot * 0.1, Math.min(yv, zero),
                    slot * 0.8, Math.abs(zero - yv), v >= 0 ? "#b2182b" : "#2166ac",
                    Html.escape(valueName + " at " + (labels != null ? label(t) : xName + " " + t) + " = "
                            + Num.format(values[t]) + (err(t) > 0 ? " \u00b1 " + Num.format(err(t)) : "")
                            + (hasRange(t) ? " (" + Num.format(rangeLo[t]) + " to " + Num.format(rangeHi[t]) + ")"
                            : ""))));
            if (err(t) > 0) {
                double cx = left + (t + 0.5) * slot;
                sb.append(Svg.line(cx, y.applyAsDouble(v + err(t)), cx, y.applyAsDouble(v - err(t)), "#222222", 1));
            }
            if (hasRange(t)) {
                double cx = left + (t + 0.5) * slot;
                sb.append(Svg.line(cx, y.applyAsDouble(rangeHi[t]), cx, y.applyAsDouble(rangeLo[t]), "#222222", 1));
            }
            if (t % every == 0) {
                sb.append(Svg.text(left + (t + 0.5) * slot, top + plotH + 13, "middle", 9, label(t)));
            }
        }
        sb.append(Svg.line(left, zero, left + plotW, zero, "#444444", 1));
        sb.append(Svg.line(left, top, left, top + plotH, "#888888", 0.5));
        if (hi > 0) {
            sb.append(Svg.text(left - 4, top + 4, "end", 10, Num.format(hi)));
        }
        sb.append(Svg.text(left - 4, zero + 3, "end", 10, "0"));
        if (lo < 0) {
            sb.append(Svg.text(left - 4, top + plotH, "end", 10, Num.format(lo)));
        }
        sb.append(Svg.text(left + plotW / 2, top + plotH + 30, "middle", 10, xName));
        return sb.append(Svg.close()).toString();
    }
}
