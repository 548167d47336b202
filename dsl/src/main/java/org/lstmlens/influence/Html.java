package org.lstmlens.influence;

import java.util.List;
import java.util.Locale;

/** The little HTML this package writes: escaping, a table, percentages. Kept local so a shared renderer can replace it. */
final class Html {
    private Html() {
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<': b.append("&lt;"); break;
                case '>': b.append("&gt;"); break;
                case '&': b.append("&amp;"); break;
                case '"': b.append("&quot;"); break;
                default: b.append(ch);
            }
        }
        return b.toString();
    }

    /** A table with a caption; cells are text (escaped here). */
    static String table(String caption, List<String> header, List<List<String>> rows) {
        StringBuilder b = new StringBuilder("<table class=\"lstmlens\">");
        // One line, left-aligned: a caption is as wide as its table, and a long one squeezed into a narrow table
        // reads as a column of fragments.
        b.append("<caption style=\"text-align:left;white-space:nowrap\">").append(escape(caption))
                .append("</caption><thead><tr>");
        for (String h : header) {
            b.append("<th>").append(escape(h)).append("</th>");
        }
        b.append("</tr></thead><tbody>");
        for (List<String> row : rows) {
            b.append("<tr>");
            for (String cell : row) {
                b.append("<td style=\"text-align:right\">").append(escape(cell)).append("</td>");
            }
            b.append("</tr>");
        }
        return b.append("</tbody></table>").toString();
    }

    /** {@code 41 %}; {@code <1 %} for a share that is not zero but rounds to it. */
    static String percent(double share) {
        double p = share * 100;
        if (p > 0 && p < 0.5) {
            return "<1 %";
        }
        return Math.round(p) + " %";
    }

    static String number(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** The label of a lag: {@code t-3}, {@code t} or {@code t+2}. */
    static String lag(int lag) {
        return lag > 0 ? "t-" + lag : lag == 0 ? "t" : "t+" + (-lag);
    }
}
