package org.lstmlens.render;

import java.util.List;

/**
 * A matrix as aligned plain text, gate blocks separated by {@code |}, cut like {@link HtmlTable} for big matrices.
 */
public final class TextMatrix {
    private TextMatrix() {
    }

    /**
     * @param m the values, {@code m[row][col]}. Not modified.
     * @param gateUnits > 0 when the columns are the gate blocks i, f, c, o of that many units each
     * @param rowName row labels: {@code x} gives {@code x[0]}, {@code t} gives {@code t=0}
     */
    public static String of(double[][] m, int gateUnits, String rowName) {
        int rows = m.length;
        int cols = rows == 0 ? 0 : m[0].length;
        boolean gated = gateUnits > 0 && cols == 4 * gateUnits;
        List<Integer> shown = HtmlTable.shownColumns(cols, gated ? gateUnits : 0);
        int rowsShown = Math.min(rows, HtmlTable.MAX_ROWS);
        String[][] cells = new String[rowsShown][shown.size()];
        int width = 1;
        for (int r = 0; r < rowsShown; r++) {
            for (int j = 0; j < shown.size(); j++) {
                int c = shown.get(j);
                cells[r][j] = c < 0 ? "..." : Num.format(m[r][c]);
                width = Math.max(width, cells[r][j].length());
            }
        }
        int labelWidth = label(rowName, Math.max(rows - 1, 0)).length();
        StringBuilder sb = new StringBuilder();
        if (gated) {
            int per = shown.size() / 4;
            sb.append(" ".repeat(labelWidth));
            for (org.lstmlens.core.Gate g : org.lstmlens.core.Gate.values()) {
                String head = g.symbol() + " (" + g.title() + ")";
                int span = per * (width + 1);
                sb.append(" | ").append(pad(head, span - 1, false));
            }
            sb.append('\n');
        }
        for (int r = 0; r < rowsShown; r++) {
            sb.append(pad(label(rowName, r), labelWidth, false));
            for (int j = 0; j < shown.size(); j++) {
                boolean edge = gated && j % (shown.size() / 4) == 0;
                sb.append(edge ? " | " : (j == 0 ? "  " : " ")).append(pad(cells[r][j], width, true));
            }
            sb.append('\n');
        }
        if (rowsShown < rows) {
            sb.append("... (").append(rows - rowsShown).append(" more rows)\n");
        }
        return sb.toString().stripTrailing();
    }

    private static String label(String rowName, int r) {
        return Labels.row(rowName, String.valueOf(r));
    }

    private static String pad(String s, int width, boolean right) {
        if (s.length() >= width) {
            return s;
        }
        String fill = " ".repeat(width - s.length());
        return right ? fill + s : s + fill;
    }
}
