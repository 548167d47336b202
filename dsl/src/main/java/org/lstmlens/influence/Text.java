package org.lstmlens.influence;

import org.lstmlens.render.ColorScale;

/**
 * The words influence views share, lags ({@code t-3}) and shares ({@code 41 %}), and the colour scale of their
 * heatmaps; everything else is drawn by the shared renderer ({@code org.lstmlens.render}).
 */
final class Text {
    private Text() {
    }

    /** A sequential scale from 0 to the largest value (shares, survival), or a diverging one around 0. */
    static ColorScale scale(double[][] values, boolean signed) {
        if (signed) {
            return ColorScale.divergingFor(values);
        }
        double max = 0;
        for (double[] row : values) {
            for (double v : row) {
                max = Math.max(max, v);
            }
        }
        return ColorScale.sequential(0, max > 0 ? max : 1);
    }

    /** {@code 41 %}; {@code <1 %} for a share that is not zero but rounds to it. */
    static String percent(double share) {
        double p = share * 100;
        if (p > 0 && p < 0.5) {
            return "<1 %";
        }
        return Math.round(p) + " %";
    }

    /** The label of a lag: {@code t-3}, {@code t} or {@code t+2}. */
    static String lag(int lag) {
        return lag > 0 ? "t-" + lag : lag == 0 ? "t" : "t+" + (-lag);
    }
}
