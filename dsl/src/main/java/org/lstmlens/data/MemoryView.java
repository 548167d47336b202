package org.lstmlens.data;

import java.util.Locale;
import org.lstmlens.render.BarChart;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.Html;
import org.lstmlens.render.MimeBundle;

/**
 * The keeping gate's memory over a dataset (an LSTM's forget gate, a GRU's update gate): of what the step at each lag
 * (from the last step) wrote into the state, the mean fraction still there at the last step, over units and
 * sequences; the dataset's horizon (the largest lag whose mean survival is at least 0.1) and how the sequences' own
 * horizons spread. Immutable.
 */
public final class MemoryView implements Displayable {
    private final DatasetResult result;

    MemoryView(DatasetResult result) {
        this.result = result;
    }

    /** The mean survival at {@code lag}. */
    public double survival(int lag) {
        return result.summary().meanSurvival(lag);
    }

    /** The dataset's memory horizon. */
    public int horizon() {
        return result.summary().memoryHorizon();
    }

    /** The fraction of sequences whose own horizon is {@code lag}. */
    public double horizonShare(int lag) {
        return result.summary().horizonShare(lag);
    }

    private int steps() {
        return result.summary().stateStats().steps();
    }

    String text() {
        return String.format(Locale.ROOT, "gate memory over %d sequences: horizon %s (mean survival >= %.1f); "
                + "survival at t-1 %s, at %s %s", result.summary().sequences(), Words.lag(horizon()),
                StateSummary.THRESHOLD, Words.percent(steps() > 1 ? survival(1) : 1), Words.lag(horizon()),
                Words.percent(survival(horizon())));
    }

    String svg() {
        double[] s = new double[steps()];
        double[] h = new double[steps()];
        String[] labels = new String[steps()];
        for (int lag = 0; lag < s.length; lag++) {
            s[lag] = 100 * survival(lag);
            h[lag] = 100 * horizonShare(lag);
            labels[lag] = Words.lag(lag);
        }
        return BarChart.of(s).title(result.title("mean survival (%) of what each step wrote")).labels(labels)
                .x("lag").value("survival (%)").svg()
                + BarChart.of(h).title(result.title("sequences (%) by their own memory horizon")).labels(labels)
                .x("horizon").value("sequences (%)").svg();
    }

    @Override
    public MimeBundle toMimeBundle() {
        return MimeBundle.builder(result.title(text())).html(Html.view(result.title("gate memory"), Html.pre(text())
                + svg())).svg(svg()).build();
    }

    @Override
    public String toString() {
        return "MemoryView[horizon " + Words.lag(horizon()) + "]";
    }
}
