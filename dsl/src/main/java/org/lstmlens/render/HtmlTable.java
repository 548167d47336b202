package org.lstmlens.render;

import java.util.ArrayList;
import java.util.List;
import org.lstmlens.core.Band;

/**
 * HTML tables: plain ones of text cells, and matrices with coloured cells and, for a cell's weights with several
 * blocks, a header row naming them (LSTM i | f | c | o, GRU z | r | h). Big matrices are cut to {@link #MAX_ROWS} x
 * {@link #MAX_COLS} with an ellipsis (for gate blocks: the first units of every gate), and the table says so.
 */
public final class HtmlTable {
    public static final int MAX_ROWS = 24;
    public static final int MAX_COLS = 48;
    private static final String TABLE = "<table style=\"border-collapse:collapse;font-size:12px;margin:4px 0\">";
    private static final String TD = "<td style=\"border:1px solid #dddddd;padding:1px 5px;text-align:right";
    private static final String TH = "<th style=\"border:1px solid #dddddd;padding:1px 5px;background:#f4f4f4";
    private static final String GATE_EDGE = ";border-left:2px solid #000000";

    private HtmlTable() {
    }

    /** A table with a header row; every cell is text (escaped). */
    public static String table(List<String> header, List<List<String>> rows) {
        StringBuilder sb = new StringBuilder(TABLE);
        if (header != null && !header.isEmpty()) {
            sb.append("<tr>");
            for (String h : header) {
                sb.append(TH).append("\">").append(Html.escape(h)).append("</th>");
            }
            sb.append("</tr>");
        }
        for (List<String> row : rows) {
            sb.append("<tr>");
            for (int i = 0; i < row.size(); i++) {
                sb.append(i == 0 ? TH + ";text-align:left\">" + Html.escape(row.get(i)) + "</th>"
                        : TD + "\">" + Html.escape(row.get(i)) + "</td>");
            }
            sb.append("</tr>");
        }
        return sb.append("</table>").toString();
    }

    /** A matrix with one coloured cell per value and no blocks; see {@link #matrix(double[][], List, int, String, String, ColorScale)}. */
    public static String matrix(double[][] m, String rowName, String colName, ColorScale scale) {
        return matrix(m, List.of(), 0, rowName, colName, scale);
    }

    /**
     * A matrix with one coloured cell per value.
     *
     * @param m the values, {@code m[row][col]}. Not modified.
     * @param bands the cell's blocks when the columns are those blocks side by side, {@code units} columns each;
     *     empty otherwise. A single block (SimpleRNN) gets no header: there is no boundary to mark.
     * @param rowName how rows are labelled: {@code x} gives {@code x[0]}, {@code t} gives {@code t=0}
     * @param colName the header of plain columns, e.g. {@code unit}
     * @param scale the colours
     */
    public static String matrix(double[][] m, List<? extends Band> bands, int units, String rowName, String colName,
                                ColorScale scale) {
        int rows = m.length;
        int cols = rows == 0 ? 0 : m[0].length;
        int blocks = blocks(bands, units, cols);
        boolean gated = blocks > 0;
        int gateUnits = gated ? units : 0;
        List<Integer> shown = shownColumns(cols, blocks, gateUnits);
        StringBuilder sb = new StringBuilder(TABLE);
        if (gated) {
            sb.append("<tr>").append(TH).append("\"></th>");
            int perGate = shown.size() / blocks;
            for (Band g : bands) {
                sb.append(TH).append(";text-align:center").append(GATE_EDGE).append("\" colspan=\"").append(perGate)
                        .append("\" title=\"").append(Html.escape(g.title())).append("\">").append(g.symbol())
                        .append(" (").append(Html.escape(g.title())).append(")</th>");
            }
            sb.append("</tr>");
        }
        sb.append("<tr>").append(TH).append("\"></th>");
        for (int j = 0; j < shown.size(); j++) {
            int c = shown.get(j);
            String edge = gated && c >= 0 && c % gateUnits == 0 ? GATE_EDGE : "";
            String label = c < 0 ? "\u2026" : gated ? String.valueOf(c % gateUnits) : colName + " " + c;
            sb.append(TH).append(edge).append("\">").append(Html.escape(label)).append("</th>");
        }
        sb.append("</tr>");
        int rowsShown = Math.min(rows, MAX_ROWS);
        for (int r = 0; r < rowsShown; r++) {
            String label = Labels.row(rowName, String.valueOf(r));
            sb.append("<tr>").append(TH).append(";text-align:left\">").append(Html.escape(label)).append("</th>");
            for (int c : shown) {
                if (c < 0) {
                    sb.append(TD).append("\">\u2026</td>");
                    continue;
                }
                double v = m[r][c];
                String edge = gated && c % gateUnits == 0 ? GATE_EDGE : "";
                sb.append(TD).append(edge).append(";background:").append(scale.color(v)).append(";color:")
                        .append(scale.textColor(v)).append("\">").append(Num.format(v)).append("</td>");
            }
            sb.append("</tr>");
        }
        sb.append("</table>");
        int colsShown = (int) shown.stream().filter(c -> c >= 0).count();
        if (rowsShown < rows || colsShown < cols) {
            sb.append("<div style=\"color:#666666;font-size:11px\">showing ").append(rowsShown).append(" of ")
                    .append(rows).append(" rows and ").append(colsShown).append(" of ").append(cols)
                    .append(" columns").append(gated ? " (the first units of each gate)" : "").append("</div>");
        }
        return sb.toString();
    }

    /** How many blocks to mark: the bands' count when the columns are them side by side and there are two or more. */
    static int blocks(List<? extends Band> bands, int units, int cols) {
        return bands != null && bands.size() > 1 && units > 0 && cols == bands.size() * units ? bands.size() : 0;
    }

    /** The columns to show, -1 where an ellipsis stands for the rest. */
    static List<Integer> shownColumns(int cols, int blocks, int gateUnits) {
        List<Integer> out = new ArrayList<>();
        if (blocks > 0) {
            int per = Math.min(gateUnits, MAX_COLS / blocks);
            for (int g = 0; g < blocks; g++) {
                for (int k = 0; k < per; k++) {
                    out.add(g * gateUnits + k);
                }
                if (per < gateUnits) {
                    out.set(out.size() - 1, -1);
                }
            }
            return out;
        }
        int per = Math.min(cols, MAX_COLS);
        for (int c = 0; c < per; c++) {
            out.add(c);
        }
        if (per < cols) {
            out.set(out.size() - 1, -1);
        }
        return out;
    }
}
