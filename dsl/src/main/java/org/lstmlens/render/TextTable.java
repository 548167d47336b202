package org.lstmlens.render;

import java.util.ArrayList;
import java.util.List;

/**
 * A table of text cells as aligned plain text: the first column left-aligned (labels), the others right-aligned
 * (numbers), two spaces between columns; the text twin of {@link HtmlTable#table}.
 */
public final class TextTable {
    private TextTable() {
    }

    /**
     * @param header the column titles (may be empty for none)
     * @param rows the cells, row by row; rows shorter than the widest leave their last columns empty
     * @param indent spaces before every line
     */
    public static String of(List<String> header, List<List<String>> rows, int indent) {
        List<List<String>> all = new ArrayList<>();
        if (!header.isEmpty()) {
            all.add(header);
        }
        all.addAll(rows);
        int cols = all.stream().mapToInt(List::size).max().orElse(0);
        int[] width = new int[cols];
        for (List<String> r : all) {
            for (int c = 0; c < r.size(); c++) {
                width[c] = Math.max(width[c], r.get(c).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (List<String> r : all) {
            sb.append(" ".repeat(indent));
            for (int c = 0; c < cols; c++) {
                String cell = c < r.size() ? r.get(c) : "";
                String fill = " ".repeat(width[c] - cell.length());
                sb.append(c == 0 ? "" : "  ").append(c == 0 ? cell + fill : fill + cell);
            }
            sb.append('\n');
        }
        return sb.toString().replaceAll(" +\n", "\n");
    }
}
