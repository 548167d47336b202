package org.lstmlens.render;

import java.util.Locale;

/**
 * Maps numbers to colours. Signed values (weights, z, g, h) use a diverging blue-white-red scale centred on 0 and
 * symmetric, so the same colour means the same magnitude on both sides; values in [0, 1] (gate activations) use the
 * sequential viridis scale. Immutable.
 */
public final class ColorScale {
    // ColorBrewer RdBu (7 classes), negative (blue) to positive (red)
    private static final int[] DIVERGING = {0x2166ac, 0x67a9cf, 0xd1e5f0, 0xf7f7f7, 0xfddbc7, 0xef8a62, 0xb2182b};
    // viridis at 0, .25, .5, .75, 1
    private static final int[] SEQUENTIAL = {0x440154, 0x3b528b, 0x21918c, 0x5ec962, 0xfde725};

    private final double min;
    private final double max;
    private final int[] stops;
    private final boolean diverging;

    private ColorScale(double min, double max, int[] stops, boolean diverging) {
        this.min = min;
        this.max = max;
        this.stops = stops;
        this.diverging = diverging;
    }

    /** Blue (negative) - white (0) - red (positive), from {@code -maxAbs} to {@code maxAbs}. */
    public static ColorScale diverging(double maxAbs) {
        double m = maxAbs > 0 && Double.isFinite(maxAbs) ? maxAbs : 1;
        return new ColorScale(-m, m, DIVERGING, true);
    }

    /** A diverging scale wide enough for every finite value of {@code values}. */
    public static ColorScale divergingFor(double[][] values) {
        double m = 0;
        for (double[] row : values) {
            for (double v : row) {
                if (Double.isFinite(v)) {
                    m = Math.max(m, Math.abs(v));
                }
            }
        }
        return diverging(m);
    }

    /** Viridis from {@code min} (dark purple) to {@code max} (yellow). */
    public static ColorScale sequential(double min, double max) {
        return new ColorScale(min, max > min ? max : min + 1, SEQUENTIAL, false);
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }

    public boolean isDiverging() {
        return diverging;
    }

    /** The colour of {@code v} as {@code #rrggbb}; values outside the range take the end colour, NaN grey. */
    public String color(double v) {
        if (Double.isNaN(v)) {
            return "#999999";
        }
        double t = (v - min) / (max - min);
        t = t < 0 ? 0 : (t > 1 ? 1 : t);
        double pos = t * (stops.length - 1);
        int k = Math.min((int) pos, stops.length - 2);
        double f = pos - k;
        int a = stops[k];
        int b = stops[k + 1];
        int r = mix(a >> 16, b >> 16, f);
        int g = mix((a >> 8) & 0xff, (b >> 8) & 0xff, f);
        int bl = mix(a & 0xff, b & 0xff, f);
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, bl);
    }

    /** A dark or light text colour that reads on top of {@code v}'s colour. */
    public String textColor(double v) {
        String c = color(v);
        int r = Integer.parseInt(c.substring(1, 3), 16);
        int g = Integer.parseInt(c.substring(3, 5), 16);
        int b = Integer.parseInt(c.substring(5, 7), 16);
        return 0.299 * r + 0.587 * g + 0.114 * b > 140 ? "#000000" : "#ffffff";
    }

    /**
     * The legend as SVG elements: a bar of {@code steps} swatches from min to max with the end values (and 0 for a
     * diverging scale) written under it. Plain rects, no gradient ids, so several SVGs on one page never collide.
     */
    public String legendSvg(double x, double y, double width, String caption) {
        int steps = 24;
        double w = width / steps;
        StringBuilder sb = new StringBuilder("<g class=\"legend\">");
        for (int k = 0; k < steps; k++) {
            double v = min + (max - min) * (k + 0.5) / steps;
            sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.2f\" height=\"10\" fill=\"%s\"/>",
                    x + k * w, y, w + 0.3, color(v)));
        }
        sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"10\" fill=\"none\" "
                + "stroke=\"#888888\" stroke-width=\"0.5\"/>", x, y, width));
        sb.append(Svg.text(x, y + 22, "start", 10, Num.format(min)));
        if (diverging) {
            sb.append(Svg.text(x + width / 2, y + 22, "middle", 10, "0"));
        }
        sb.append(Svg.text(x + width, y + 22, "end", 10, Num.format(max)));
        if (caption != null && !caption.isEmpty()) {
            sb.append(Svg.text(x + width + 8, y + 9, "start", 10, caption));
        }
        return sb.append("</g>").toString();
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }

    @Override
    public String toString() {
        return (diverging ? "diverging" : "sequential") + " colour scale " + Num.format(min) + ".." + Num.format(max);
    }
}
