package org.lstmlens.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Lines over time: one polyline per series (e.g. h of each unit over the timesteps), a y axis with its range and 0,
 * and a legend. At most {@link #MAX_SERIES} series are drawn; the picture says how many were left out.
 * A builder; not shared.
 */
public final class LineChart {
    public static final int MAX_SERIES = 12;
    private static final int MAX_STRIPS = 120;
    private static final String[] PALETTE = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
        "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939"};

    private final List<String> names = new ArrayList<>();
    private final List<double[]> series = new ArrayList<>();
    private String title = "";
    private String xName = "t";

    private LineChart() {
    }

    public static LineChart create() {
        return new LineChart();
    }

    public LineChart title(String value) {
        this.title = value;
        return this;
    }

    /** The x axis caption, e.g. {@code t} or {@code step}. */
    public LineChart x(String value) {
        this.xName = value;
        return this;
    }

    /** Adds one line; {@code values[t]} (not copied; not modified). */
    public LineChart series(String name, double[] values) {
        names.add(name);
        series.add(values);
        return this;
    }

    public String svg() {
        int shown = Math.min(series.size(), MAX_SERIES);
        int n = 0;
        double lo = 0;
        double hi = 0;
        for (int k = 0; k < shown; k++) {
            n = Math.max(n, series.get(k).length);
            for (double v : series.get(k)) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (hi - lo < 1e-12) {
            hi = lo + 1;
        }
        double left = 58;
        double top = 26;
        final double plotW = Math.max(240, Math.min(720, n * 24.0));
        double plotH = 200;
        double legendX = left + plotW + 14;
        double width = legendX + 110;
        width = Math.max(width, Svg.textWidth(title, 12) * 0.95 + 12);
        double height = Math.max(top + plotH + 40, top + shown * 15 + 30);
        StringBuilder sb = new StringBuilder(4096);
        sb.append(Svg.open(width, height, title));
        sb.append(Svg.bold(4, 16, "start", 12, title));
        double yLo = lo;
        double yHi = hi;
        java.util.function.DoubleUnaryOperator y = v -> top + plotH - (v - yLo) / (yHi - yLo) * plotH;
        int count = n;
        java.util.function.IntToDoubleFunction x = t -> left + (count <= 1 ? plotW / 2 : t * plotW / (count - 1));
        sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
                + "stroke=\"#888888\" stroke-width=\"0.5\"/>", left, top, plotW, plotH));
        sb.append(Svg.line(left, y.applyAsDouble(0), left + plotW, y.applyAsDouble(0), "#888888", 1));
        if (hi > 0) {
            sb.append(Svg.text(left - 4, top + 4, "end", 10, Num.format(hi)));
        }
        sb.append(Svg.text(left - 4, y.applyAsDouble(0) + 3, "end", 10, "0"));
        if (lo < 0) {
            sb.append(Svg.text(left - 4, top + plotH, "end", 10, Num.format(lo)));
        }
        int every = Math.max(1, (int) Math.ceil(n / 20.0));
        for (int t = 0; t < n; t += every) {
            sb.append(Svg.text(x.applyAsDouble(t), top + plotH + 13, "middle", 9, String.valueOf(t)));
        }
        sb.append(Svg.text(left + plotW / 2, top + plotH + 28, "middle", 10, xName));
        for (int k = 0; k < shown; k++) {
            double[] v = series.get(k);
            String color = PALETTE[k % PALETTE.length];
            StringBuilder pts = new StringBuilder();
            for (int t = 0; t < v.length; t++) {
                pts.append(String.format(Locale.ROOT, "%s%.1f,%.1f", t == 0 ? "" : " ", x.applyAsDouble(t),
                        y.applyAsDouble(Double.isFinite(v[t]) ? v[t] : 0)));
            }
            sb.append("<polyline fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"1.5\" points=\"")
                    .append(pts).append("\"><title>").append(Html.escape(names.get(k))).append("</title></polyline>");
            if (v.length <= 40) {
                for (int t = 0; t < v.length; t++) {
                    sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.2\" fill=\"%s\">"
                            + "<title>%s</title></circle>", x.applyAsDouble(t), y.applyAsDouble(v[t]), color,
                            Html.escape(names.get(k) + " at " + xName + " " + t + " = " + Num.format(v[t]))));
                }
            }
            double ly = top + 8 + k * 15;
            sb.append(Svg.line(legendX, ly - 4, legendX + 14, ly - 4, color, 2));
            sb.append(Svg.text(legendX + 18, ly, "start", 10, names.get(k)));
        }
        hoverStrips(sb, shown, n, top, plotH, plotW, x); // on top: the pointer anywhere on the plot reads the values
        if (series.size() > shown) {
            sb.append(Svg.text(legendX, top + 8 + shown * 15, "start", 10, "(+" + (series.size() - shown)
                    + " not drawn)"));
        }
        return sb.append(Svg.close()).toString();
    }

    /**
     * Invisible columns over the plot, one per timestep (per few timesteps past {@value #MAX_STRIPS}), whose hover
     * text gives every drawn series' value there: hover values anywhere on the chart, on a line too (a line's own
     * title would only name it).
     */
    private void hoverStrips(StringBuilder sb, int shown, int n, double top, double plotH, double plotW,
            java.util.function.IntToDoubleFunction x) {
        if (n == 0) {
            return;
        }
        int every = Math.max(1, (int) Math.ceil(n / (double) MAX_STRIPS));
        double step = n <= 1 ? plotW : plotW / (n - 1);
        for (int t = 0; t < n; t += every) {
            double from = Math.max(x.applyAsDouble(0), x.applyAsDouble(t) - step / 2);
            double to = Math.min(x.applyAsDouble(n - 1), x.applyAsDouble(Math.min(n - 1, t + every - 1)) + step / 2);
            StringBuilder tip = new StringBuilder(xName).append(' ').append(t).append(':');
            for (int k = 0; k < shown; k++) {
                double[] v = series.get(k);
                if (t < v.length) {
                    tip.append(k == 0 ? " " : ", ").append(names.get(k)).append(" = ").append(Num.format(v[t]));
                }
            }
            sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                    + "fill=\"#ffffff\" fill-opacity=\"0\"><title>", from, top, Math.max(to - from, 1), plotH))
                    .append(Html.escape(tip.toString())).append("</title></rect>");
        }
    }
}
