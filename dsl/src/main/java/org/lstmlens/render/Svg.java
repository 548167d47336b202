package org.lstmlens.render;

import java.util.Locale;

/** The frame and text primitives every chart uses: a self-contained SVG with a viewBox, no external references. */
final class Svg {
    static final String FONT = "font-family=\"sans-serif\"";

    private Svg() {
    }

    /**
     * Opens an SVG of the given size (also its viewBox, so it scales down to a narrower cell instead of scrolling)
     * with a white background.
     */
    static String open(double width, double height, String title) {
        return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                + "viewBox=\"0 0 %.0f %.0f\" style=\"max-width:100%%;height:auto\" " + FONT + " font-size=\"11\">",
                width, height, width, height)
                + "<title>" + Html.escape(title) + "</title>"
                + String.format(Locale.ROOT, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\"/>", width, height);
    }

    static String close() {
        return "</svg>";
    }

    /** A text element; {@code anchor} is start, middle or end. */
    static String text(double x, double y, String anchor, int size, String text) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">",
                x, y, anchor, size) + Html.escape(text) + "</text>";
    }

    static String bold(double x, double y, String anchor, int size, String text) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\" "
                + "font-weight=\"bold\">", x, y, anchor, size) + Html.escape(text) + "</text>";
    }

    static String line(double x1, double y1, double x2, double y2, String stroke, double width) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                + "stroke-width=\"%.1f\"/>", x1, y1, x2, y2, stroke, width);
    }

    /** A rough width of {@code text} at {@code size}px, for laying labels out without font metrics. */
    static double textWidth(String text, int size) {
        return text.length() * size * 0.6;
    }
}
