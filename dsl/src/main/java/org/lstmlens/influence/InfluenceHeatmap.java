package org.lstmlens.influence;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.lstmlens.error.ShapeException;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.Heatmap;
import org.lstmlens.render.Html;
import org.lstmlens.render.MimeBundle;

/** The mean attribution (over the sequences) of every timestep x feature, lags down, features across. Immutable. */
public final class InfluenceHeatmap implements Displayable {
    private final Attribution attribution;
    private final double[][] mean; // [timestep][feature]

    InfluenceHeatmap(Attribution a) {
        this.attribution = a;
        double[][][] v = a.raw();
        this.mean = new double[a.steps()][a.features()];
        for (double[][] sample : v) {
            for (int t = 0; t < a.steps(); t++) {
                for (int j = 0; j < a.features(); j++) {
                    mean[t][j] += sample[t][j] / v.length;
                }
            }
        }
    }

    /**
     * The mean attribution of one cell.
     *
     * @throws ShapeException if the timestep or feature is out of range
     */
    public double value(int timestep, int feature) {
        if (timestep < 0 || timestep >= mean.length || feature < 0 || feature >= mean[0].length) {
            throw new ShapeException("cell (" + timestep + ", " + feature + ") is out of range; valid: timestep 0.."
                    + (mean.length - 1) + ", feature 0.." + (mean[0].length - 1));
        }
        return mean[timestep][feature];
    }

    /** {@code [timestep][feature]} (a copy). */
    public double[][] toArray() {
        return IntStream.range(0, mean.length).mapToObj(t -> mean[t].clone()).toArray(double[][]::new);
    }

    private String svg() {
        int steps = mean.length;
        String[] rows = new String[steps];
        double[][] byLag = new double[steps][];
        for (int i = 0; i < steps; i++) {
            int t = steps - 1 - i; // t-1 first
            rows[i] = Text.lag(attribution.lag(t));
            byLag[i] = mean[t];
        }
        String[] cols = IntStream.range(0, mean[0].length).mapToObj(j -> "x" + j).toArray(String[]::new);
        return Heatmap.of(byLag).title(attribution.methodDetail() + ": lag x feature").rowLabels(rows).colLabels(cols)
                .cols("feature").value("attribution").scale(Text.scale(byLag, true)).svg();
    }

    private String text() {
        StringBuilder b = new StringBuilder(attribution.summary()).append('\n');
        for (int t = mean.length - 1; t >= 0; t--) {
            int tt = t;
            b.append(String.format("%6s ", Text.lag(attribution.lag(t)))).append(IntStream.range(0, mean[t].length)
                    .mapToObj(j -> String.format(java.util.Locale.ROOT, "%10.3g", mean[tt][j]))
                    .collect(Collectors.joining(" "))).append('\n');
        }
        return b.toString();
    }

    @Override
    public MimeBundle toMimeBundle() {
        return MimeBundle.builder(text()).html(Html.view(attribution.summary(), svg())).svg(svg()).build();
    }

    @Override
    public String toString() {
        return "InfluenceHeatmap[" + attribution.methodDetail() + ", " + mean.length + " steps x " + mean[0].length
                + " features]";
    }
}
