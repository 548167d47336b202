package org.lstmlens.render;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The one number format of every view: 6 significant digits, trailing zeros trimmed ({@code 0.118}, {@code -1.5},
 * {@code 1}, {@code 98816}), scientific only for very large or very small magnitudes ({@code 1.23457e-05}).
 * Six digits keep float32 weights recognisable without printing float noise.
 */
public final class Num {
    /** Significant digits shown. */
    public static final int DIGITS = 6;
    private static final MathContext CONTEXT = new MathContext(DIGITS);

    private Num() {
    }

    /** {@code v} with 6 significant digits, e.g. {@code format(0.83467698)} is {@code "0.834677"}. */
    public static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        if (v == 0) {
            return "0"; // also for -0.0: a sign on zero only confuses a reader
        }
        BigDecimal d = new BigDecimal(v).round(CONTEXT).stripTrailingZeros();
        int exponent = d.precision() - d.scale() - 1; // position of the leading digit
        if (exponent >= -4 && exponent < 9) {
            return d.toPlainString();
        }
        BigDecimal mantissa = d.movePointLeft(exponent).stripTrailingZeros();
        String e = Math.abs(exponent) < 10 ? "0" + Math.abs(exponent) : String.valueOf(Math.abs(exponent));
        return mantissa.toPlainString() + "e" + (exponent < 0 ? "-" : "+") + e;
    }

    /** {@code v} as a factor of a written product: negative values in parentheses, {@code 0.5*(-0.25)}. */
    public static String factor(double v) {
        String s = format(v);
        return s.startsWith("-") ? "(" + s + ")" : s;
    }

    /** The values formatted and joined as {@code [a, b, c]}. */
    public static String format(double[] values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(format(values[i]));
        }
        return sb.append(']').toString();
    }

    /** An integer with thousands separators as Keras's summary prints them, e.g. {@code 98,816}. */
    public static String count(long n) {
        return String.format(java.util.Locale.ROOT, "%,d", n);
    }
}
