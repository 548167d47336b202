package org.lstmlens.data;

import java.util.Locale;

/** The words dataset views share: lags ({@code t-3}) and shares ({@code 41.2 %}). */
final class Words {
    private Words() {
    }

    /** The label of a lag: {@code t-3}, {@code t} or {@code t+2}. */
    static String lag(int lag) {
        return lag > 0 ? "t-" + lag : lag == 0 ? "t" : "t+" + (-lag);
    }

    /** {@code 41.2 %}; {@code <0.1 %} for a share that is not zero but rounds to it. */
    static String percent(double share) {
        double p = share * 100;
        return p > 0 && p < 0.05 ? "<0.1 %" : String.format(Locale.ROOT, "%.1f %%", p);
    }
}
