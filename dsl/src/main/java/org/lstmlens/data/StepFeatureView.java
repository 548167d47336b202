package org.lstmlens.data;

import java.util.Arrays;
import org.lstmlens.render.BarChart;
import org.lstmlens.render.ColorScale;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.Heatmap;
import org.lstmlens.render.Html;
import org.lstmlens.render.MimeBundle;
import org.lstmlens.render.Num;

/**
 * Mean |attribution| (or the signed mean) over a dataset per timestep (as lags) and feature: a heatmap, and the
 * feature totals as bars. Immutable.
 */
public final class StepFeatureView implements Displayable {
    private final DatasetResult result;
    private final boolean signed;

    StepFeatureView(DatasetResult result, boolean signed) {
        this.result = result;
        this.signed = signed;
    }

    /** {@code [timestep][feature]}: the mean |attribution|, or the signed mean. */
    public double[][] values() {
        return signed ? result.summary().mean() : result.summary().meanAbs();
    }

    /** Per feature, summed over timesteps. */
    public double[] byFeature() {
        return signed ? result.summary().meanByFeature() : result.summary().meanAbsByFeature();
    }

    /** The same map with signed means (attributions of opposite sign cancel). */
    public StepFeatureView signed() {
        return new StepFeatureView(result, true);
    }

    private String what() {
        return (signed ? "mean attribution" : "mean |attribution|") + " over " + result.summary().sequences()
                + " sequences";
    }

    String svg() {
        DatasetSummary s = result.summary();
        double[][] v = values();
        String[] rows = new String[v.length];
        for (int t = 0; t < v.length; t++) {
            rows[t] = Words.lag(s.lag(t));
        }
        String[] features = new String[s.features()];
        Arrays.setAll(features, j -> "x" + j);
        ColorScale scale = signed ? ColorScale.divergingFor(v) : ColorScale.sequential(0, Math.max(1e-300,
                Arrays.stream(v).flatMapToDouble(Arrays::stream).max().orElse(1)));
        return Heatmap.of(v).title(result.title(what() + ", by lag and feature")).rows("lag").cols("feature")
                .rowLabels(rows).colLabels(features).value(signed ? "mean" : "mean |a|").scale(scale).svg()
                + BarChart.of(byFeature()).title(result.title(what() + ", by feature")).labels(features)
                .x("feature").value(signed ? "mean" : "mean |a|").svg();
    }

    String text() {
        return what() + ", by feature: " + Num.format(byFeature());
    }

    @Override
    public MimeBundle toMimeBundle() {
        return MimeBundle.builder(result.title(text())).html(Html.view(result.title(what()), svg())).svg(svg())
                .build();
    }

    @Override
    public String toString() {
        return "StepFeatureView[" + result.summary().steps() + " x " + result.summary().features() + ", "
                + (signed ? "signed" : "|a|") + "]";
    }
}
