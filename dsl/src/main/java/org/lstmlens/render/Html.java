package org.lstmlens.render;

/**
 * Escaping and small pieces of markup. Everything a view writes is well-formed XML (closed tags, escaped text,
 * numeric entities only), so an HTML bundle can also be embedded in XHTML and checked by an XML parser.
 */
public final class Html {
    private Html() {
    }

    /** Text or attribute value with {@code & < > " '} escaped; null becomes the empty string. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '&': sb.append("&amp;"); break;
                case '<': sb.append("&lt;"); break;
                case '>': sb.append("&gt;"); break;
                case '"': sb.append("&quot;"); break;
                case '\'': sb.append("&#39;"); break;
                default:
                    // control characters are not allowed in XML 1.0 and mean nothing in a label
                    if (ch < 0x20 && ch != '\n' && ch != '\t' && ch != '\r') {
                        sb.append('?');
                    } else {
                        sb.append(ch);
                    }
            }
        }
        return sb.toString();
    }

    /** {@code <tag>escaped text</tag>}. */
    public static String element(String tag, String text) {
        return "<" + tag + ">" + escape(text) + "</" + tag + ">";
    }

    /**
     * A preformatted block of plain text, escaped; long lines wrap at spaces only, never inside a number (notebook
     * front ends' own styles may break words anywhere: overridden).
     */
    public static String pre(String text) {
        return "<pre style=\"margin:4px 0;white-space:pre-wrap;word-break:normal;overflow-wrap:normal\">"
                + escape(text) + "</pre>";
    }

    /** The frame of every view: a title line, then the body (already markup). */
    public static String view(String title, String body) {
        return "<div class=\"lstmlens\" style=\"font-family:sans-serif;font-size:13px\">"
                + "<div style=\"font-weight:bold;margin-bottom:4px\">" + escape(title) + "</div>" + body + "</div>";
    }
}
