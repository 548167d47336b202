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
 * How much each input timestep moved the target, read as lags (t is the output's own step, t-1 the one before). Per
 * sample, a timestep's share is the sum over features of |attribution| divided by the sum over all timesteps and
 * features (so opposite signs of two features do not hide influence); its value is the signed sum over features.
 * Several sequences give the mean and the standard deviation (spread) of both. Immutable.
 */
public final class TimestepInfluence implements Displayable {
    /** Lags spelled out in text; longer windows end with the largest ones. */
    private static final int TEXT_LAGS = 24;

    private final Attribution attribution;
    private final double[] meanShare;  // by timestep
    private final double[] spreadShare;
    private final double[] meanValue;
    private final double[] spreadValue;

    TimestepInfluence(Attribution a) {
        this.attribution = a;
        int batch = a.batch();
        int steps = a.steps();
        double[][] shares = new double[batch][steps];
        double[][] sums = new double[batch][steps];
        double[][][] v = a.raw();
        for (int b = 0; b < batch; b++) {
            double total = 0;
            for (int t = 0; t < steps; t++) {
                for (double x : v[b][t]) {
                    shares[b][t] += Math.abs(x);
                    sums[b][t] += x;
                }
                total += shares[b][t];
            }
            for (int t = 0; t < steps && total > 0; t++) {
                shares[b][t] /= total;
            }
        }
        this.meanShare = Stats.mean(shares);
        this.spreadShare = Stats.sd(shares, meanShare);
        this.meanValue = Stats.mean(sums);
        this.spreadValue = Stats.sd(sums, meanValue);
    }

    /** The lags in display order: t, t-1, ... (timesteps from the last to the first). */
    public int[] lags() {
        return IntStream.range(0, meanShare.length).map(i -> attribution.lag(meanShare.length - 1 - i)).toArray();
    }

    /**
     * The mean share (0..1) of the timestep at {@code lag}.
     *
     * @throws ShapeException if no timestep has that lag
     */
    public double share(int lag) {
        return meanShare[timestep(lag)];
    }

    /** The standard deviation of the share over the sequences (0 for one sequence). */
    public double spread(int lag) {
        return spreadShare[timestep(lag)];
    }

    /** The mean signed attribution of the timestep at {@code lag} (summed over features). */
    public double value(int lag) {
        return meanValue[timestep(lag)];
    }

    /** The standard deviation of the signed value over the sequences. */
    public double valueSpread(int lag) {
        return spreadValue[timestep(lag)];
    }

    /** Lags from the most to the least influential (by mean share). */
    public int[] ranked() {
        Integer[] idx = new Integer[meanShare.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (p, q) -> Double.compare(meanShare[q], meanShare[p]));
        return Arrays.stream(idx).mapToInt(attribution::lag).toArray();
    }

    /** The {@code n} most influential lags. */
    public int[] top(int n) {
        return Arrays.copyOf(ranked(), Math.min(Math.max(n, 0), meanShare.length));
    }

    /** The attributions this view summarises. */
    public Attribution attribution() {
        return attribution;
    }

    private int timestep(int lag) {
        int t = attribution.lag(0) - lag;
        if (t < 0 || t >= meanShare.length) {
            throw new ShapeException("lag " + lag + " is outside the input; valid lags: "
                    + Text.lag(attribution.lag(meanShare.length - 1)) + " to " + Text.lag(attribution.lag(0)));
        }
        return t;
    }

    /** {@code t: 41 %, t-1: 12 %, ...} (with the spread as {@code ± 3 %} for several sequences). */
    String text() {
        int[] lags = lags();
        String shown = Arrays.stream(lags).limit(TEXT_LAGS).mapToObj(this::entry).collect(Collectors.joining(", "));
        if (lags.length <= TEXT_LAGS) {
            return shown;
        }
        return shown + ", ... (" + (lags.length - TEXT_LAGS) + " more; largest: " + Arrays.stream(top(3))
                .mapToObj(this::entry).collect(Collectors.joining(", ")) + ")";
    }

    private String entry(int lag) {
        return Text.lag(lag) + ": " + Text.percent(share(lag))
                + (attribution.batch() > 1 ? " ± " + Text.percent(spread(lag)) : "");
    }

    String html() {
        List<List<String>> rows = new ArrayList<>();
        boolean many = attribution.batch() > 1;
        for (int lag : lags()) {
            List<String> row = new ArrayList<>(List.of(Text.lag(lag), String.valueOf(timestep(lag)),
                    Text.percent(share(lag))));
            if (many) {
                row.add(Text.percent(spread(lag)));
            }
            row.add(Num.format(value(lag)));
            if (many) {
                row.add(Num.format(valueSpread(lag)));
            }
            rows.add(row);
        }
        List<String> header = many ? List.of("lag", "timestep", "share", "± share", "mean value", "± value")
                : List.of("lag", "timestep", "share", "value");
        return Html.view(attribution.summary(), HtmlTable.table(header, rows) + svg());
    }

    String svg() {
        int[] lags = lags();
        String[] labels = Arrays.stream(lags).mapToObj(Text::lag).toArray(String[]::new);
        // in percent, as the text and the table read
        double[] values = Arrays.stream(lags).mapToDouble(l -> 100 * share(l)).toArray();
        double[] errors = attribution.batch() > 1 ? Arrays.stream(lags).mapToDouble(l -> 100 * spread(l)).toArray()
                : null;
        return BarChart.of(values).title("share (%) of " + attribution.methodDetail() + " by lag").labels(labels)
                .errors(errors).x("lag").value("share (%)").svg();
    }

    @Override
    public MimeBundle toMimeBundle() {
        return MimeBundle.builder(text()).html(html()).svg(svg()).build();
    }

    @Override
    public String toString() {
        int first = ranked()[0];
        return "TimestepInfluence[" + attribution.methodDetail() + ", " + attribution.target().describe() + ", "
                + meanShare.length + " steps, most: " + Text.lag(first) + " " + Text.percent(share(first)) + "]";
    }
}
