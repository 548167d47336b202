package org.lstmlens.render;

import java.util.List;
import java.util.Locale;
import org.lstmlens.core.Band;

/**
 * A matrix as an SVG heatmap: one coloured cell per value, a colour legend, and for weight matrices the blocks the
 * cell declares (LSTM i | f | c | o, GRU z | r | h, SimpleRNN's one h) marked by labelled bands and boundary lines.
 *
 * <p>Big matrices are downsampled so the SVG stays small: cells are averaged in blocks until at most
 * {@link #MAX_CELLS} remain, never across a gate boundary, and the picture says so. A builder; not shared.
 */
public final class Heatmap {
    /** At most this many cells are drawn (about 60 bytes each). */
    public static final int MAX_CELLS = 4096;
    private static final String[] BAND_FILL = {"#dbe9f6", "#fde8c8", "#dff2da", "#ebe6f3"};
    private static final double MAX_CELL = 28;
    private static final int TIP_CELLS = 600;
    private static final int MAX_COLS_DRAWN = 360;
    private static final int MAX_ROWS_DRAWN = 210;
    private static final int LEVELS = 48;

    private final double[][] values;
    private final int rows;
    private final int cols;
    private String title = "";
    private List<? extends Band> bands = List.of();
    private int gateUnits;
    private String rowName = "row";
    private String colName = "col";
    private String valueName = "v";
    private ColorScale scale;
    private String[] rowLabels; // null: rowName and the index
    private String[] colLabels; // null: the index (colName in tooltips)

    private Heatmap(double[][] values) {
        this.values = values;
        this.rows = values.length;
        this.cols = rows == 0 ? 0 : values[0].length;
    }

    /** A heatmap of {@code values[row][col]} (not copied; not modified). */
    public static Heatmap of(double[][] values) {
        return new Heatmap(values);
    }

    public Heatmap title(String value) {
        this.title = value;
        return this;
    }

    /**
     * Marks the columns as the cell's blocks, in the order it packs them, {@code units} columns each (ignored unless
     * the matrix has exactly {@code bands.size() * units} columns).
     *
     * @param bands the cell's {@link org.lstmlens.core.RecurrentCell#bands()} (not copied)
     */
    public Heatmap bands(List<? extends Band> bands, int units) {
        this.bands = bands == null ? List.of() : bands;
        this.gateUnits = units;
        return this;
    }

    /** How rows are labelled, e.g. {@code x} gives {@code x[0]}, {@code t} gives {@code t=0}. */
    public Heatmap rows(String name) {
        this.rowName = name;
        return this;
    }

    /** How columns are labelled in tooltips, e.g. {@code unit}. */
    public Heatmap cols(String name) {
        this.colName = name;
        return this;
    }

    /** The symbol of a value in tooltips, e.g. {@code W}. */
    public Heatmap value(String name) {
        this.valueName = name;
        return this;
    }

    /** Labels of the rows instead of {@code rowName[index]}, e.g. lags {@code t, t-1, ...} (not copied). */
    public Heatmap rowLabels(String[] value) {
        this.rowLabels = value;
        return this;
    }

    /** Labels of the columns instead of their indices, e.g. feature or unit names (not copied). */
    public Heatmap colLabels(String[] value) {
        this.colLabels = value;
        return this;
    }

    public Heatmap scale(ColorScale value) {
        this.scale = value;
        return this;
    }

    /** The SVG document. */
    public String svg() {
        boolean gated = gated();
        int block = gated ? gateUnits : Math.max(cols, 1);
        int blocks = gated ? bands.size() : 1;
        int rf = 1;
        int cf = 1;
        // pool until the cells fit the budget and the picture (720 x 420 px at 2 px a cell at least)
        while (true) {
            int r = ceil(rows, rf);
            int c = blocks * ceil(block, cf);
            if (r > MAX_ROWS_DRAWN) {
                rf++;
            } else if (c > MAX_COLS_DRAWN) {
                cf++;
            } else if (r * c > MAX_CELLS) {
                // shrink the dimension that still shows more cells, so pooled cells stay roughly square
                if (r > c) {
                    rf++;
                } else {
                    cf++;
                }
            } else {
                break;
            }
        }
        int nr = ceil(rows, rf);
        int perBlock = ceil(block, cf);
        int nc = perBlock * blocks;
        // cells as wide as fit 720 px and as tall as fit 420 px (at most 28), and either side at most 16 px or the
        // other side: a bias row stays visible as a 16 px strip, a small matrix keeps square cells
        double fitW = Math.min(MAX_CELL, 720.0 / Math.max(nc, 1));
        double fitH = Math.min(MAX_CELL, 420.0 / Math.max(nr, 1));
        double sw = Math.max(2, Math.floor(Math.min(fitW, Math.max(fitH, 16)) * 10) / 10); // tenths: cells tile
        double sh = Math.max(2, Math.floor(Math.min(fitH, Math.max(fitW, 16)) * 10) / 10);
        boolean pooled = rf > 1 || cf > 1;
        double[][] cells = new double[nr][nc];
        for (int r = 0; r < nr; r++) {
            for (int j = 0; j < nc; j++) {
                int b = j / perBlock;
                int c0 = b * block + (j % perBlock) * cf;
                cells[r][j] = mean(r * rf, Math.min(r * rf + rf, rows), c0, Math.min(c0 + cf, (b + 1) * block));
            }
        }
        // block means are smaller than single weights: a diverging scale is fitted to what is drawn
        ColorScale sc = scale == null || (pooled && scale.isDiverging()) ? ColorScale.divergingFor(cells) : scale;
        boolean rowLabels = sh >= 9;
        boolean colLabels = !pooled && sw >= 14;
        double left = Math.ceil(14 + Svg.textWidth(rowLabel(Math.max(rows - 1, 0), rf), 10));
        double top = 24 + (gated ? 20 : 0) + (colLabels ? 13 : 0);
        double heatW = nc * sw;
        double heatH = nr * sh;
        double legendY = top + heatH + 12;
        double width = Math.max(Math.max(left + heatW + 12, left + 320), Svg.textWidth(title, 12) * 0.95 + 12);
        double height = legendY + 30 + (pooled ? 16 : 0);

        StringBuilder sb = new StringBuilder(nr * nc * 64 + 2048);
        sb.append(Svg.open(width, height, title));
        sb.append(Svg.bold(4, 15, "start", 12, title));
        if (gated) {
            bands(sb, left, 24, perBlock * sw, cf);
        }
        if (colLabels) {
            for (int j = 0; j < nc; j++) {
                int col = gated ? (j % perBlock) : j;
                sb.append(Svg.text(left + (j + 0.5) * sw, top - 3, "middle", 9, this.colLabels != null && !gated
                        ? this.colLabels[col] : String.valueOf(col)));
            }
        }
        boolean tips = !pooled && nr * nc <= TIP_CELLS;
        // big maps: one path per (quantised) colour instead of one rect per cell, about a third of the bytes
        java.util.Map<String, StringBuilder> paths = tips ? null : new java.util.LinkedHashMap<>();
        // per colour: the lowest and highest value it stands for, and its cells, for the hover text of its path
        java.util.Map<String, double[]> ranges = tips ? null : new java.util.HashMap<>();
        for (int r = 0; r < nr; r++) {
            for (int j = 0; j < nc; j++) {
                int r0 = r * rf;
                int c0 = (j / perBlock) * block + (j % perBlock) * cf;
                double v = cells[r][j];
                if (tips) {
                    sb.append("<rect x=\"").append(n(left + j * sw)).append("\" y=\"").append(n(top + r * sh))
                            .append("\" width=\"").append(n(sw)).append("\" height=\"").append(n(sh))
                            .append("\" fill=\"").append(sc.color(v)).append("\"><title>")
                            .append(Html.escape(tip(r0, c0, v))).append("</title></rect>");
                } else {
                    double[] range = ranges.computeIfAbsent(sc.color(quantise(v, sc)),
                            k -> new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0});
                    range[0] = Math.min(range[0], v);
                    range[1] = Math.max(range[1], v);
                    range[2]++;
                    paths.computeIfAbsent(sc.color(quantise(v, sc)), k -> new StringBuilder())
                            .append('M').append(n(left + j * sw)).append(' ').append(n(top + r * sh))
                            .append('h').append(n(sw)).append('v').append(n(sh)).append('h').append(n(-sw)).append('z');
                }
            }
            if (rowLabels || r == 0 || r == nr - 1) {
                sb.append(Svg.text(left - 4, top + (r + 0.5) * sh + 3.5, "end", 10, rowLabel(r * rf, rf)));
            }
        }
        if (paths != null) {
            for (java.util.Map.Entry<String, StringBuilder> e : paths.entrySet()) {
                // a hair of stroke in the same colour closes the anti-aliasing seams between neighbouring cells
                sb.append("<path fill=\"").append(e.getKey()).append("\" stroke=\"").append(e.getKey())
                        .append("\" stroke-width=\"0.3\" d=\"").append(e.getValue()).append("\"><title>")
                        .append(Html.escape(rangeTip(ranges.get(e.getKey()), rf, cf))).append("</title></path>");
            }
        }
        sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
                + "stroke=\"#444444\" stroke-width=\"1\"/>", left, top, heatW, heatH));
        if (gated) {
            for (int b = 1; b < blocks; b++) {
                double x = left + b * perBlock * sw;
                sb.append(Svg.line(x, 24, x, top + heatH, "#000000", 2));
            }
        }
        sb.append(sc.legendSvg(left, legendY, 160, sc.isDiverging() ? "blue < 0 < red" : "dark = low, yellow = high"));
        if (pooled) {
            sb.append(Svg.text(4, height - 5, "start", 10, "downsampled from " + rows + "x" + cols + ": each cell is"
                    + " the mean of up to " + rf + "x" + cf + " values" + (gated && blocks > 1 ? ", never across a gate boundary"
                    : "")));
        }
        return sb.append(Svg.close()).toString();
    }

    private void bands(StringBuilder sb, double left, double y, double width, int cf) {
        for (Band g : bands) {
            double x = left + g.index() * width;
            sb.append("<g class=\"gate-band\">");
            sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"18\" fill=\"%s\">",
                    x, y, width, BAND_FILL[g.index() % BAND_FILL.length]));
            sb.append("<title>").append(Html.escape(g.title() + ": columns " + g.start(gateUnits) + ".."
                    + (g.start(gateUnits) + gateUnits - 1))).append("</title></rect>");
            sb.append(Svg.bold(x + width / 2, y + 13, "middle", 12, g.symbol()));
            sb.append("</g>");
        }
    }

    private String rowLabel(int r, int rf) {
        if (rowLabels != null) {
            int last = Math.min(r + rf, rows) - 1;
            return rf > 1 && last > r ? rowLabels[r] + ".." + rowLabels[last] : rowLabels[r];
        }
        String last = String.valueOf(Math.min(r + rf, rows) - 1);
        String idx = rf > 1 ? r + ".." + last : String.valueOf(r);
        return Labels.row(rowName, idx);
    }

    private String tip(int r, int c, double v) {
        if (gated()) {
            String band = bands.size() == 1 ? "" : "gate " + bands.get(c / gateUnits).symbol() + ", ";
            return valueName + "[" + r + ", " + c + "] = " + Num.format(v) + " (" + band + "unit " + (c % gateUnits)
                    + ")";
        }
        return valueName + " at " + rowLabel(r, 1) + ", " + (colLabels != null ? colLabels[c] : colName + " " + c)
                + " = " + Num.format(v);
    }

    /** The hover text of one colour of a big map: the values it stands for (too many cells for one title each). */
    private String rangeTip(double[] range, int rf, int cf) {
        String what = rf > 1 || cf > 1 ? "mean of up to " + rf + "x" + cf + " values" : valueName;
        String values = range[0] == range[1] ? "= " + Num.format(range[0])
                : "from " + Num.format(range[0]) + " to " + Num.format(range[1]);
        return what + " " + values + " in this colour (" + (long) range[2] + " cells)";
    }

    /** Whether the columns are the cell's blocks side by side. */
    private boolean gated() {
        return gateUnits > 0 && !bands.isEmpty() && cols == bands.size() * gateUnits;
    }

    private double mean(int r0, int r1, int c0, int c1) {
        double sum = 0;
        int n = 0;
        for (int r = r0; r < r1; r++) {
            for (int c = c0; c < c1; c++) {
                sum += values[r][c];
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** {@code v} moved to the middle of one of {@link #LEVELS} bins of the scale, so cells share few colours. */
    private static double quantise(double v, ColorScale sc) {
        if (!Double.isFinite(v)) {
            return v;
        }
        double t = (v - sc.min()) / (sc.max() - sc.min());
        t = t < 0 ? 0 : (t > 1 ? 1 : t);
        int bin = Math.min((int) (t * LEVELS), LEVELS - 1);
        return sc.min() + (bin + 0.5) / LEVELS * (sc.max() - sc.min());
    }

    /** A coordinate with at most one decimal and no trailing {@code .0}. */
    private static String n(double v) {
        long tenths = Math.round(v * 10);
        return tenths % 10 == 0 ? String.valueOf(tenths / 10) : (tenths < 0 && tenths > -10 ? "-0." + (-tenths)
                : tenths / 10 + "." + Math.abs(tenths % 10));
    }

    private static int ceil(int a, int b) {
        return (a + b - 1) / b;
    }
}
