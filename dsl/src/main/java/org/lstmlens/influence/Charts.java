package org.lstmlens.influence;

import java.util.Locale;

/**
 * Minimal self-contained SVG: a bar chart (with optional error bars) and a heatmap. Kept local to this package so that
 * the shared renderer can replace it later.
 */
final class Charts {
    private static final int BAR_W = 28;
    /** Beyond this many bars they narrow to fit about 1200 px; beyond this many heatmap rows or columns, bins. */
    private static final int MANY = 40;
    private static final int MAX_CELLS = 100;
    private static final int HEIGHT = 160;
    private static final int MARGIN = 40;

    private Charts() {
    }

    /** Bars of non-negative values (e.g. shares), labels under them, error bars when {@code errors} is non-null. */
    static String bars(String title, String[] labels, double[] values, double[] errors) {
        double max = 0;
        for (int i = 0; i < values.length; i++) {
            max = Math.max(max, values[i] + (errors == null ? 0 : errors[i]));
        }
        max = max <= 0 ? 1 : max;
        int barW = labels.length <= MANY ? BAR_W : Math.max(2, 1200 / labels.length);
        int labelEvery = barW == BAR_W ? 1 : (int) Math.ceil(44 / (double) barW); // narrow bars: a label per 44 px
        int plotRight = 2 * MARGIN + labels.length * barW - MARGIN;
        int width = fit(plotRight + MARGIN, title);
        int height = HEIGHT + 2 * MARGIN;
        StringBuilder b = svgOpen(width, height, title);
        int base = MARGIN + HEIGHT;
        // the scale: the top of the plot is the largest bar (with its spread)
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"end\">%s</text>"
                + "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"end\">0 %%</text>"
                + "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#ccc\"/>", MARGIN - 4, MARGIN + 4,
                Html.percent(max), MARGIN - 4, base + 4, MARGIN, plotRight, MARGIN, MARGIN));
        for (int i = 0; i < values.length; i++) {
            double h = HEIGHT * Math.max(0, values[i]) / max;
            int x = MARGIN + i * barW;
            b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"#4878a8\">"
                    + "<title>%s: %s</title></rect>", x + Math.min(3, barW / 8), base - h, barW - 2 * Math.min(3, barW / 8), h,
                    Html.escape(labels[i]),
                    Html.percent(values[i])));
            if (errors != null && errors[i] > 0) {
                double top = base - HEIGHT * (values[i] + errors[i]) / max;
                double bottom = base - HEIGHT * Math.max(0, values[i] - errors[i]) / max;
                b.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#222\"/>",
                        x + barW / 2, x + barW / 2, top, bottom));
            }
            if (i % labelEvery == 0) {
                b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">"
                        + "%s</text>", x + barW / 2, base + 14, Html.escape(labels[i])));
            }
            if (barW == BAR_W) {
                b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"9\" text-anchor=\"middle\" "
                        + "fill=\"#444\">%s</text>", x + barW / 2, base - h - 3, Html.percent(values[i])));
            }
        }
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#222\"/>", MARGIN,
                plotRight, base, base));
        return b.append("</svg>").toString();
    }

    /** A grid of cells, rows x columns; colour by value (blue negative, red positive when signed, else white to blue). */
    static String heatmap(String title, String[] rowLabels, String[] colLabels, double[][] values, boolean signed) {
        if (rowLabels.length > MAX_CELLS || colLabels.length > MAX_CELLS) {
            // a cell per value would be hundreds of thousands of rectangles: show means over bins instead
            int rowBin = (int) Math.ceil(rowLabels.length / (double) MAX_CELLS);
            int colBin = (int) Math.ceil(colLabels.length / (double) MAX_CELLS);
            return heatmap(title + " (means over bins of " + rowBin + " x " + colBin + ")", binLabels(rowLabels, rowBin),
                    binLabels(colLabels, colBin), binned(values, rowBin, colBin), signed);
        }
        double max = 0;
        for (double[] row : values) {
            for (double v : row) {
                max = Math.max(max, Math.abs(v));
            }
        }
        max = max <= 0 ? 1 : max;
        int cellH = 18;
        int longest = 1;
        for (String c : colLabels) {
            longest = Math.max(longest, c.length());
        }
        int cell = Math.max(18, 6 * longest + 4);
        int left = 60;
        int width = fit(left + colLabels.length * cell + MARGIN, title);
        int height = MARGIN + rowLabels.length * cellH + MARGIN;
        StringBuilder b = svgOpen(width, height, title);
        for (int r = 0; r < rowLabels.length; r++) {
            int y = MARGIN + r * cellH;
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"end\">%s</text>",
                    left - 4, y + cellH - 5, Html.escape(rowLabels[r])));
            for (int c = 0; c < colLabels.length; c++) {
                double v = values[r][c] / max;
                b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\">"
                        + "<title>%s, %s: %s</title></rect>", left + c * cell, y, cell, cellH, colour(v, signed),
                        Html.escape(rowLabels[r]), Html.escape(colLabels[c]), Html.number(values[r][c])));
            }
        }
        for (int c = 0; c < colLabels.length; c++) {
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s</text>",
                    left + c * cell + cell / 2, MARGIN - 6, Html.escape(colLabels[c])));
        }
        // the scale: full colour is the largest magnitude
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"#444\">%s</text>", left,
                MARGIN + rowLabels.length * cellH + 14, Html.escape((signed ? "blue < 0 < red, " : "")
                        + "full colour = " + Html.number(max))));
        return b.append("</svg>").toString();
    }

    /** Wide enough for the title too (about 7 px a character at 12 px). */
    private static int fit(int width, String title) {
        return Math.max(width, MARGIN / 2 + 7 * title.length() + MARGIN / 2);
    }

    private static String[] binLabels(String[] labels, int bin) {
        String[] out = new String[(labels.length + bin - 1) / bin];
        for (int i = 0; i < out.length; i++) {
            int last = Math.min(labels.length, (i + 1) * bin) - 1;
            out[i] = bin == 1 ? labels[i] : labels[i * bin] + ".." + labels[last];
        }
        return out;
    }

    private static double[][] binned(double[][] v, int rowBin, int colBin) {
        int rows = (v.length + rowBin - 1) / rowBin;
        int cols = (v[0].length + colBin - 1) / colBin;
        double[][] out = new double[rows][cols];
        int[][] count = new int[rows][cols];
        for (int r = 0; r < v.length; r++) {
            for (int c = 0; c < v[r].length; c++) {
                out[r / rowBin][c / colBin] += v[r][c];
                count[r / rowBin][c / colBin]++;
            }
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[r][c] /= count[r][c];
            }
        }
        return out;
    }

    private static StringBuilder svgOpen(int width, int height, String title) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">", width, height, width, height));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\" font-size=\"12\">%s</text>", MARGIN / 2,
                Html.escape(title)));
        return b;
    }

    /** v in [-1, 1] (or [0, 1] unsigned) to an RGB colour. */
    private static String colour(double v, boolean signed) {
        double a = Math.min(1, Math.abs(v));
        int fade = (int) Math.round(255 * (1 - a));
        if (signed && v > 0) {
            return String.format(Locale.ROOT, "rgb(255,%d,%d)", fade, fade);
        }
        return String.format(Locale.ROOT, "rgb(%d,%d,255)", fade, fade);
    }
}
