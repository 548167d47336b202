package org.lstmlens.influence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.lstmlens.error.ShapeException;
import org.lstmlens.render.BarChart;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.Html;
import org.lstmlens.render.HtmlTable;
import org.lstmlens.render.MimeBundle;
import org.lstmlens.render.Num;

/**
 * How much each input feature moved the target over the whole window: per sample, the sum over timesteps of
 * |attribution| as a share of the total, and the signed sum; mean and spread over several sequences. Immutable.
 */
public final class FeatureInfluence implements Displayable {
    private final Attribution attribution;
    private final double[] meanShare;
    private final double[] spreadShare;
    private final double[] meanValue;

    FeatureInfluence(Attribution a) {
        this.attribution = a;
        int batch = a.batch();
        int features = a.features();
        double[][] shares = new double[batch][features];
        double[][] sums = new double[batch][features];
        double[][][] v = a.raw();
        for (int b = 0; b < batch; b++) {
            double total = 0;
            for (double[] step : v[b]) {
                for (int j = 0; j < features; j++) {
                    shares[b][j] += Math.abs(step[j]);
                    sums[b][j] += step[j];
                    total += Math.abs(step[j]);
                }
            }
            for (int j = 0; j < features && total > 0; j++) {
                shares[b][j] /= total;
            }
        }
        this.meanShare = Stats.mean(shares);
        this.spreadShare = Stats.sd(shares, meanShare);
        this.meanValue = Stats.mean(sums);
    }

    /** Features per timestep. */
    public int features() {
        return meanShare.length;
    }

    /**
     * The mean share (0..1) of feature {@code feature}.
     *
     * @throws ShapeException if there is no such feature
     */
    public double share(int feature) {
        return meanShare[check(feature)];
    }

    /** The standard deviation of the feature's share over the sequences (0 for one sequence). */
    public double spread(int feature) {
        return spreadShare[check(feature)];
    }

    /** The mean signed attribution of the feature, summed over timesteps. */
    public double value(int feature) {
        return meanValue[check(feature)];
    }

    /** Features from the most to the least influential. */
    public int[] ranked() {
        return IntStream.range(0, meanShare.length).boxed()
                .sorted((p, q) -> Double.compare(meanShare[q], meanShare[p])).mapToInt(Integer::intValue).toArray();
    }

    private int check(int feature) {
        if (feature < 0 || feature >= meanShare.length) {
            throw new ShapeException("feature " + feature + " is out of range; valid: 0.." + (meanShare.length - 1));
        }
        return feature;
    }

    private String text() {
        return IntStream.range(0, features()).mapToObj(j -> "feature " + j + ": " + Text.percent(meanShare[j])
                + (attribution.batch() > 1 ? " ± " + Text.percent(spreadShare[j]) : ""))
                .collect(Collectors.joining(", "));
    }

    private String svg() {
        String[] labels = IntStream.range(0, features()).mapToObj(j -> "x" + j).toArray(String[]::new);
        // in percent, as the text and the table read
        double[] values = Arrays.stream(meanShare).map(v -> 100 * v).toArray();
        double[] errors = attribution.batch() > 1 ? Arrays.stream(spreadShare).map(v -> 100 * v).toArray() : null;
        return BarChart.of(values).title("share (%) of " + attribution.methodDetail() + " by feature")
                .labels(labels).errors(errors).x("feature").value("share (%)").svg();
    }

    @Override
    public MimeBundle toMimeBundle() {
        List<List<String>> rows = new ArrayList<>();
        for (int j = 0; j < features(); j++) {
            rows.add(List.of(String.valueOf(j), Text.percent(meanShare[j]), Text.percent(spreadShare[j]),
                    Num.format(meanValue[j])));
        }
        String table = HtmlTable.table(List.of("feature", "share", "± share", "mean value"), rows);
        return MimeBundle.builder(text()).html(Html.view(attribution.summary(), table + svg())).svg(svg()).build();
    }

    @Override
    public String toString() {
        int first = ranked()[0];
        return "FeatureInfluence[" + attribution.methodDetail() + ", " + features() + " features, most: feature "
                + first + " " + Text.percent(meanShare[first]) + "]";
    }
}
