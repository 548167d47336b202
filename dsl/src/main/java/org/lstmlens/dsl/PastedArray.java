package org.lstmlens.dsl;

import java.util.ArrayList;
import java.util.List;
import org.lstmlens.error.ShapeException;

/**
 * Reads an array as Python prints it, so weights can be pasted from a Keras session as they appear:
 * {@code [[0.1, -0.2]]}, numpy's {@code [[ 0.1 -0.2]]} or {@code array([[0.1, -0.2]], dtype=float32)}.
 */
final class PastedArray {
    private final String text;
    private final String what;
    private int pos;

    private PastedArray(String text, String what) {
        this.text = text;
        this.what = what;
    }

    /** A matrix {@code [[...], [...]]}. */
    static double[][] matrix(String text, String what) {
        Object parsed = new PastedArray(strip(text, what), what).parse();
        if (!(parsed instanceof List) || ((List<?>) parsed).isEmpty() || !(((List<?>) parsed).get(0) instanceof List)) {
            throw new ShapeException(what + ": expected a matrix like [[0.1, 0.2], [0.3, 0.4]], got a vector or a number");
        }
        List<?> rows = (List<?>) parsed;
        double[][] out = new double[rows.size()][];
        for (int r = 0; r < rows.size(); r++) {
            if (!(rows.get(r) instanceof List)) {
                throw new ShapeException(what + ": row " + r + " is a number, not a list of numbers");
            }
            out[r] = numbers((List<?>) rows.get(r), what + " row " + r);
        }
        return out;
    }

    /** A vector {@code [...]}. */
    static double[] vector(String text, String what) {
        Object parsed = new PastedArray(strip(text, what), what).parse();
        if (!(parsed instanceof List)) {
            throw new ShapeException(what + ": expected a vector like [0.1, 0.2], got a number");
        }
        return numbers((List<?>) parsed, what);
    }

    /** How many brackets open the printed array: 1 for a vector {@code [...]}, 2 for a matrix {@code [[...]]}. */
    static int rank(String text, String what) {
        String t = strip(text, what);
        int rank = 0;
        for (int i = 0; i < t.length(); i++) {
            char ch = t.charAt(i);
            if (ch == '[') {
                rank++;
            } else if (!Character.isWhitespace(ch) && ch != '\\') {
                break;
            }
        }
        return rank;
    }

    private static String strip(String text, String what) {
        if (text == null) {
            throw new ShapeException(what + ": expected the printed array, got null");
        }
        String t = text.trim();
        if (t.startsWith("array(")) {
            int end = t.lastIndexOf(']');
            if (end < 0) {
                throw new ShapeException(what + ": \"array(\" without a closing ]");
            }
            t = t.substring("array(".length(), end + 1); // drops ", dtype=float32)"
        }
        return t;
    }

    private static double[] numbers(List<?> items, String where) {
        double[] out = new double[items.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(items.get(i) instanceof Double)) {
                throw new ShapeException(where + ": item " + i + " is a list, expected a number");
            }
            out[i] = (Double) items.get(i);
        }
        return out;
    }

    private Object parse() {
        skipSpace();
        Object value = value();
        skipSpace();
        if (pos < text.length()) {
            throw error("unexpected \"" + text.charAt(pos) + "\"");
        }
        return value;
    }

    private Object value() {
        skipSpace();
        if (pos >= text.length()) {
            throw error("the text ends too early");
        }
        if (text.charAt(pos) == '[') {
            pos++;
            List<Object> items = new ArrayList<>();
            while (true) {
                skipSpace();
                if (pos < text.length() && text.charAt(pos) == ']') {
                    pos++;
                    return items;
                }
                items.add(value());
                skipSpace();
                if (pos < text.length() && text.charAt(pos) == ',') {
                    pos++;
                }
            }
        }
        int start = pos;
        while (pos < text.length() && "+-.0123456789eEinfaINFA".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        String token = text.substring(start, pos);
        try {
            return Double.parseDouble(token.replace("inf", "Infinity").replace("nan", "NaN"));
        } catch (NumberFormatException e) {
            pos = start;
            throw error("expected a number or [");
        }
    }

    private void skipSpace() {
        while (pos < text.length() && (Character.isWhitespace(text.charAt(pos)) || text.charAt(pos) == '\\')) {
            pos++;
        }
    }

    private ShapeException error(String problem) {
        int from = Math.max(0, pos - 15);
        int to = Math.min(text.length(), pos + 15);
        return new ShapeException(what + ": " + problem + " at character " + pos + " (near \"" + text.substring(from, to)
                + "\"); expected a printed array like [[0.1, -0.2], [0.3, 0.4]]");
    }
}
