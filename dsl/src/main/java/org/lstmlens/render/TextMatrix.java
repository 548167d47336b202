package org.lstmlens.render;

import java.util.List;
import org.lstmlens.core.Band;

/**
 * A matrix as aligned plain text, a cell's blocks separated by {@code |}, cut like {@link HtmlTable} for big matrices.
 */
public final class TextMatrix {
    /** Columns of plain text shown (for gate blocks, split evenly over the gates): a line a console still shows. */
    private static final int MAX_COLS = 48;

    private TextMatrix() {
    }

    /** A matrix without blocks; see {@link #of(double[][], List, int, String)}. */
    public static String of(double[][] m, String rowName) {
        return of(m, List.of(), 0, rowName);
    }

    /**
     * @param m the values, {@code m[row][col]}. Not modified.
     * @param bands the cell's blocks when the columns are those blocks side by side, {@code units} columns each;
     *     empty otherwise (a single block gets no header, as in {@link HtmlTable})
     * @param rowName row labels: {@code x} gives {@code x[0]}, {@code t} gives {@code t=0}
     */
    public static String of(double[][] m, List<? extends Band> bands, int units, String rowName) {
        int rows = m.length;
        int cols = rows == 0 ? 0 : m[0].length;
        int blocks = HtmlTable.blocks(bands, units, cols);
        boolean gated = blocks > 0;
        List<Integer> shown = HtmlTable.shownColumns(cols, blocks, gated ? units : 0, MAX_COLS);
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
            int per = shown.size() / blocks;
            sb.append(" ".repeat(labelWidth));
            for (Band g : bands) {
                String head = g.symbol() + " (" + g.title() + ")";
                int span = per * (width + 1);
                sb.append(" | ").append(pad(head, span - 1, false));
            }
            sb.append('\n');
        }
        for (int r = 0; r < rowsShown; r++) {
            sb.append(pad(label(rowName, r), labelWidth, false));
            for (int j = 0; j < shown.size(); j++) {
                boolean edge = gated && j % (shown.size() / blocks) == 0;
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
