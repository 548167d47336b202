package org.lstmlens.data;

import org.lstmlens.render.BarChart;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.Html;
import org.lstmlens.render.MimeBundle;
import org.lstmlens.render.Num;

/**
 * How complete the attributions are over a dataset: the distribution of the relative completeness gap
 * |sum(attribution) - (f(x) - f(baseline))| / |f(x) - f(baseline)| (integrated gradients: the path integral's
 * discretisation error), as quantiles (within a factor 1.26) and a histogram over tenth-decades. Immutable.
 */
public final class GapView implements Displayable {
    private final DatasetResult result;

    GapView(DatasetResult result) {
        this.result = result;
    }

    /** The q-quantile of the relative gap. */
    public double quantile(double q) {
        return result.summary().relativeGapQuantile(q);
    }

    /** The largest relative gap. */
    public double max() {
        return result.summary().maxRelativeGap();
    }

    String text() {
        DatasetSummary s = result.summary();
        return "completeness gap of " + s.gapCount() + " sequences, relative to f(x) - f(baseline): median "
                + Words.percent(quantile(0.5)) + ", 90th percentile " + Words.percent(quantile(0.9)) + ", max "
                + Words.percent(max()) + "; mean gap " + Num.format(s.meanGap()) + ", mean |gap| "
                + Num.format(s.meanAbsGap());
    }

    String svg() {
        Histogram h = result.summary().gapStats().histogram();
        long[] c = h.counts();
        int first = 0;
        int last = c.length - 1;
        while (first < last && c[first] == 0) {
            first++;
        }
        while (last > first && c[last] == 0) {
            last--;
        }
        double[] v = new double[last - first + 1];
        String[] labels = new String[v.length];
        for (int i = first; i <= last; i++) {
            v[i - first] = c[i];
            labels[i - first] = "1e" + Num.format(Math.round((h.lo() + i * h.width()) * 10) / 10.0);
        }
        return BarChart.of(v).title(result.title("sequences by relative completeness gap (tenth-decade bins)"))
                .labels(labels).x("relative gap, from").value("sequences").svg();
    }

    @Override
    public MimeBundle toMimeBundle() {
        return MimeBundle.builder(result.title(text())).html(Html.view(result.title("completeness gap"), Html.pre(
                text()) + svg())).svg(svg()).build();
    }

    @Override
    public String toString() {
        return "GapView[median " + Words.percent(quantile(0.5)) + ", max " + Words.percent(max()) + "]";
    }
}
