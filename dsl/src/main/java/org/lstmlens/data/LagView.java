package org.lstmlens.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.lstmlens.render.BarChart;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.Html;
import org.lstmlens.render.HtmlTable;
import org.lstmlens.render.MimeBundle;
import org.lstmlens.render.Num;

/**
 * Which lags matter across a dataset: per lag, the share of sequences whose top lag it is, and each sequence's share
 * of |attribution| at that lag (mean, and 10th to 90th percentile over the sequences, within 0.005); the mean signed
 * attribution. Lags from the most often top one down. Immutable.
 */
public final class LagView implements Displayable {
    private static final int TEXT_LAGS = 6;
    private final DatasetResult result;
    private final DatasetSummary s;

    LagView(DatasetResult result) {
        this.result = result;
        this.s = result.summary();
    }

    /** The lags, t first. */
    public int[] lags() {
        return s.lags();
    }

    /** The fraction of sequences whose top lag is {@code lag}. */
    public double topShare(int lag) {
        return s.topLagShare(lag);
    }

    /** The mean share of |attribution| at {@code lag}. */
    public double share(int lag) {
        return s.meanShare(lag);
    }

    /** The lag most often on top. */
    public int top() {
        return ranked()[0];
    }

    /** Lags by how often they are the top one (then by mean share), most often first. */
    public int[] ranked() {
        return Arrays.stream(s.lags()).boxed().sorted((p, q) -> {
            int c = Long.compare(s.topLagCount(q), s.topLagCount(p));
            return c != 0 ? c : Double.compare(s.meanShare(q), s.meanShare(p));
        }).mapToInt(Integer::intValue).toArray();
    }

    String text() {
        String lags = Arrays.stream(ranked()).filter(l -> s.topLagCount(l) > 0).limit(TEXT_LAGS).mapToObj(l -> Words.lag(l) + " " + Words.percent(
                topShare(l))).collect(Collectors.joining(", "));
        int t = top();
        return "top lag across " + s.sequences() + " sequences: " + lags + "\nmean share of |attribution| at "
                + Words.lag(t) + ": " + Words.percent(share(t)) + " (10th-90th percentile " + Words.percent(
                s.shareQuantile(t, 0.1)) + " to " + Words.percent(s.shareQuantile(t, 0.9)) + ")";
    }

    String svg() {
        int[] lags = lags();
        String[] labels = Arrays.stream(lags).mapToObj(Words::lag).toArray(String[]::new);
        double[] top = Arrays.stream(lags).mapToDouble(l -> 100 * topShare(l)).toArray();
        double[] share = Arrays.stream(lags).mapToDouble(l -> 100 * share(l)).toArray();
        double[] lo = Arrays.stream(lags).mapToDouble(l -> 100 * s.shareQuantile(l, 0.1)).toArray();
        double[] hi = Arrays.stream(lags).mapToDouble(l -> 100 * s.shareQuantile(l, 0.9)).toArray();
        return BarChart.of(top).title(result.title("sequences (%) whose top lag is each lag")).labels(labels)
                .x("lag").value("sequences (%)").svg()
                + BarChart.of(share).title(result.title("share (%) of |attribution| by lag, 10th-90th percentile"))
                .labels(labels).range(lo, hi).x("lag").value("share (%)").svg();
    }

    String html() {
        List<List<String>> rows = new ArrayList<>();
        for (int lag : lags()) {
            rows.add(List.of(Words.lag(lag), Words.percent(topShare(lag)), Words.percent(share(lag)),
                    Words.percent(s.shareQuantile(lag, 0.1)) + " to " + Words.percent(s.shareQuantile(lag, 0.9)),
                    Num.format(s.meanByStep()[s.reference() - lag])));
        }
        return Html.view(result.title(result.job().describe() + " by lag"), Html.pre(text()) + HtmlTable.table(
                List.of("lag", "top lag in", "mean share", "10th-90th pct", "mean value"), rows) + svg());
    }

    @Override
    public MimeBundle toMimeBundle() {
        return MimeBundle.builder(result.title(text())).html(html()).svg(svg()).build();
    }

    @Override
    public String toString() {
        return "LagView[" + s.sequences() + " sequences, top " + Words.lag(top()) + " in " + Words.percent(topShare(
                top())) + (result.partial() ? ", partial" : "") + "]";
    }
}
