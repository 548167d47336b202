package org.lstmlens.render;

import java.util.ArrayList;
import java.util.List;
import org.lstmlens.core.Band;

/**
 * HTML tables that fit a notebook cell: plain ones of text cells, and matrices with coloured cells and, for a cell's
 * weights with several blocks, a header naming them (LSTM i | f | c | o, GRU z | r | h). A matrix wider than
 * {@link #FOLD} columns is folded: its columns are shown {@value #FOLD} at a time in tables stacked one under the
 * other, each with the row labels, so nothing scrolls sideways (every column of up to {@link #MAX_COLS} units; of
 * gate blocks, the first {@value #FOLD} units of each gate, one table per gate). More rows than {@link #MAX_ROWS},
 * or columns left out, are said under the table. Numbers never wrap: each sits in a cell (or, in a vector, a span)
 * that does not break, and vectors break between their numbers.
 */
public final class HtmlTable {
    public static final int MAX_ROWS = 24;
    /** Columns of a plain matrix shown (all units of a layer of up to 64). */
    public static final int MAX_COLS = 64;
    /** Columns per folded table: about 750 px of 6-digit numbers, narrower than a notebook cell. */
    public static final int FOLD = 10;
    private static final String TABLE = "<table style=\"border-collapse:collapse;font-size:12px;margin:4px 0\">";
    private static final String CELL = "border:1px solid #dddddd;padding:1px 5px;";
    private static final String TD = "<td style=\"" + CELL + "text-align:right;white-space:nowrap";
    private static final String TD_TEXT = "<td style=\"" + CELL + "text-align:right";
    private static final String TH = "<th style=\"" + CELL + "background:#f4f4f4;white-space:nowrap";
    private static final String GATE_EDGE = ";border-left:2px solid #000000";
    private static final String NUMBER_IN_TEXT = "<span style=\"white-space:nowrap\">";

    private HtmlTable() {
    }

    /**
     * A table with a header row; every cell is text (escaped). A cell that is one word (a number) never wraps; a
     * vector {@code [a, b, c]} wraps between its numbers only.
     */
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
                String text = row.get(i);
                sb.append(i == 0 ? TH + ";text-align:left\">" + Html.escape(text) + "</th>" : cell(text));
            }
            sb.append("</tr>");
        }
        return sb.append("</table>").toString();
    }

    private static String cell(String text) {
        if (text.startsWith("[") && text.endsWith("]") && text.contains(", ")) {
            // a vector: each number on one line, the breaks between them (so 64 units fold into a few lines)
            StringBuilder sb = new StringBuilder(TD_TEXT).append(";text-align:left\">");
            String[] items = text.substring(1, text.length() - 1).split(", ");
            for (int i = 0; i < items.length; i++) {
                sb.append(i == 0 ? "" : " ").append(NUMBER_IN_TEXT).append(i == 0 ? "[" : "")
                        .append(Html.escape(items[i])).append(i == items.length - 1 ? "]" : ",").append("</span>");
            }
            return sb.append("</td>").toString();
        }
        return (text.contains(" ") ? TD_TEXT : TD) + "\">" + Html.escape(text) + "</td>";
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
        List<Integer> shown = shownColumns(cols, blocks, gateUnits, gated ? FOLD * blocks : MAX_COLS);
        int rowsShown = Math.min(rows, MAX_ROWS);
        StringBuilder sb = new StringBuilder("<div class=\"lstmlens-table\">");
        // gated: one table per gate; plain: FOLD columns a table
        int per = gated ? shown.size() / blocks : FOLD;
        for (int from = 0; from < shown.size(); from += per) {
            List<Integer> part = shown.subList(from, Math.min(shown.size(), from + per));
            sb.append(TABLE);
            if (gated) {
                Band g = bands.get(from / per);
                sb.append("<tr>").append(TH).append("\"></th>").append(TH).append(";text-align:center")
                        .append(GATE_EDGE).append("\" colspan=\"").append(part.size()).append("\" title=\"")
                        .append(Html.escape(g.title())).append("\">").append(g.symbol()).append(" (")
                        .append(Html.escape(g.title())).append(")</th></tr>");
            }
            sb.append("<tr>").append(TH).append("\"></th>");
            for (int c : part) {
                String edge = gated && c >= 0 && c % gateUnits == 0 ? GATE_EDGE : "";
                String label = c < 0 ? "\u2026" : gated ? String.valueOf(c % gateUnits) : colName + " " + c;
                sb.append(TH).append(edge).append("\">").append(Html.escape(label)).append("</th>");
            }
            sb.append("</tr>");
            for (int r = 0; r < rowsShown; r++) {
                String label = Labels.row(rowName, String.valueOf(r));
                sb.append("<tr>").append(TH).append(";text-align:left\">").append(Html.escape(label)).append("</th>");
                for (int c : part) {
                    if (c < 0) {
                        sb.append(TD).append("\">\u2026</td>");
                        continue;
                    }
                    double v = m[r][c];
                    String edge = gated && c % gateUnits == 0 ? GATE_EDGE : "";
                    sb.append(TD).append(edge).append(";background:").append(scale.color(v)).append(";color:")
                            .append(scale.textColor(v)).append("\" title=\"").append(Html.escape(label + ", "
                            + (gated ? bands.get(c / gateUnits).symbol() + " unit " + (c % gateUnits) : colName + " "
                            + c))).append("\">").append(Num.format(v)).append("</td>");
                }
                sb.append("</tr>");
            }
            sb.append("</table>");
        }
        int colsShown = (int) shown.stream().filter(c -> c >= 0).count();
        if (rowsShown < rows || colsShown < cols) {
            sb.append("<div style=\"color:#666666;font-size:11px\">showing ").append(rowsShown).append(" of ")
                    .append(rows).append(" rows and ").append(colsShown).append(" of ").append(cols)
                    .append(" columns").append(gated ? " (the first units of each gate)" : "").append("</div>");
        }
        return sb.append("</div>").toString();
    }

    /** How many blocks to mark: the bands' count when the columns are them side by side and there are two or more. */
    static int blocks(List<? extends Band> bands, int units, int cols) {
        return bands != null && bands.size() > 1 && units > 0 && cols == bands.size() * units ? bands.size() : 0;
    }

    /** The columns to show, at most {@code max} (split evenly over the blocks), -1 where an ellipsis stands for the rest. */
    static List<Integer> shownColumns(int cols, int blocks, int gateUnits, int max) {
        List<Integer> out = new ArrayList<>();
        if (blocks > 0) {
            int per = Math.min(gateUnits, max / blocks);
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
        int per = Math.min(cols, max);
        for (int c = 0; c < per; c++) {
            out.add(c);
        }
        if (per < cols) {
            out.set(out.size() - 1, -1);
        }
        return out;
    }
}
