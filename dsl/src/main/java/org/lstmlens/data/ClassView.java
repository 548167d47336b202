package org.lstmlens.data;

import java.util.ArrayList;
import java.util.List;
import org.lstmlens.render.ColorScale;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.Heatmap;
import org.lstmlens.render.Html;
import org.lstmlens.render.HtmlTable;
import org.lstmlens.render.MimeBundle;

/**
 * Attributions per class (a sequence's label when given, else its predicted class): how many sequences, their most
 * common top lag, and the mean |attribution| by lag as a class x lag heatmap. Immutable.
 */
public final class ClassView implements Displayable {
    private final DatasetResult result;

    ClassView(DatasetResult result) {
        this.result = result;
    }

    /** The classes met, ascending. */
    public List<Integer> classes() {
        return List.copyOf(result.summary().classes());
    }

    /** The lag most often on top among the sequences of class {@code cls} (the smaller lag on ties). */
    public int topLag(int cls) {
        DatasetSummary s = result.summary();
        int best = s.lags()[0];
        for (int lag : s.lags()) {
            if (s.topLagShare(cls, lag) > s.topLagShare(cls, best)) {
                best = lag;
            }
        }
        return best;
    }

    /** Mean |attribution| by lag (t first) over the sequences of class {@code cls}. */
    public double[] meanAbsByLag(int cls) {
        double[] byStep = result.summary().meanAbsByStep(cls);
        double[] byLag = new double[byStep.length];
        for (int i = 0; i < byStep.length; i++) {
            byLag[i] = byStep[byStep.length - 1 - i];
        }
        return byLag;
    }

    String text() {
        StringBuilder b = new StringBuilder("by class:");
        for (int c : classes()) {
            b.append("\n  class ").append(c).append(": ").append(result.summary().count(c)).append(" sequences, top lag ")
                    .append(Words.lag(topLag(c))).append(" in ").append(Words.percent(result.summary()
                            .topLagShare(c, topLag(c))));
        }
        return b.toString();
    }

    String svg() {
        List<Integer> cs = classes();
        double[][] m = new double[cs.size()][];
        String[] rows = new String[cs.size()];
        for (int i = 0; i < m.length; i++) {
            m[i] = meanAbsByLag(cs.get(i));
            rows[i] = "class " + cs.get(i);
        }
        int[] lags = result.summary().lags();
        String[] cols = new String[lags.length];
        for (int i = 0; i < lags.length; i++) {
            cols[i] = Words.lag(lags[i]);
        }
        double max = 0;
        for (double[] r : m) {
            for (double v : r) {
                max = Math.max(max, v);
            }
        }
        return Heatmap.of(m).title(result.title("mean |attribution| by class and lag")).rows("class").cols("lag")
                .rowLabels(rows).colLabels(cols).value("mean |a|").scale(ColorScale.sequential(0, max > 0 ? max : 1))
                .svg();
    }

    @Override
    public MimeBundle toMimeBundle() {
        List<List<String>> rows = new ArrayList<>();
        for (int c : classes()) {
            rows.add(List.of(String.valueOf(c), String.valueOf(result.summary().count(c)), Words.lag(topLag(c)),
                    Words.percent(result.summary().topLagShare(c, topLag(c)))));
        }
        String html = Html.view(result.title("by class"), HtmlTable.table(List.of("class", "sequences", "top lag",
                "of them"), rows) + svg());
        return MimeBundle.builder(result.title(text())).html(html).svg(svg()).build();
    }

    @Override
    public String toString() {
        return "ClassView[" + classes().size() + " classes]";
    }
}
