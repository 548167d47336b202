package org.lstmlens.compare;

import java.util.ArrayList;
import java.util.List;
import org.lstmlens.render.Html;
import org.lstmlens.render.HtmlTable;
import org.lstmlens.render.Num;
import org.lstmlens.render.TextTable;

/**
 * How a {@link Comparison} shows itself: the verdict first; the two files, the agreement rule and the input; the
 * causes found; then per layer (and direction) the mapping of each file, the weights gate by gate and the runs step
 * by step, values beyond the agreement rule marked with {@code *}. As text and as HTML, the same content.
 */
final class ComparisonView {
    /** Steps shown per table; the accessors hold them all. */
    static final int MAX_STEPS = 24;
    private static final String MARK = "*";

    private final Comparison c;
    private final Compare.Result r;

    ComparisonView(Comparison c, Compare.Result r) {
        this.c = c;
        this.r = r;
    }

    private List<String> header() {
        List<String> out = new ArrayList<>();
        out.add("a = " + c.labelA() + ", b = " + c.labelB());
        // what a reader had to assume (a weights-only file's settings, a state_dict's graph) explains many a verdict
        c.assumptions("a").forEach(line -> out.add("a assumed: " + line));
        c.assumptions("b").forEach(line -> out.add("b assumed: " + line));
        out.add("agreement: " + c.tolerance().rule() + " (" + MARK + " marks values beyond it)");
        out.add("input: " + c.inputText());
        out.add("largest difference: runs " + Compare.format(r.largestRun()) + "; weights "
                + Compare.format(r.largestWeight()));
        return out;
    }

    private List<String> causes() {
        List<String> out = new ArrayList<>();
        c.causes().forEach(k -> out.add(k.toString()));
        return out;
    }

    String text() {
        StringBuilder sb = new StringBuilder(c.verdict()).append('\n');
        header().forEach(l -> sb.append(l).append('\n'));
        List<String> causes = causes();
        sb.append("causes:").append(causes.isEmpty() ? " none found\n" : "\n");
        causes.forEach(l -> sb.append("  ").append(l).append('\n'));
        for (LayerComparison l : c.layers()) {
            sb.append('\n').append(title(l)).append('\n').append("  input: ").append(l.input()).append('\n');
            for (DirectionComparison d : l.directions()) {
                String in = d.label().isEmpty() ? "  " : "    ";
                if (!d.label().isEmpty()) {
                    sb.append("  ").append(d.label()).append(":\n");
                }
                d.mapping().forEach(m -> sb.append(in).append(m).append('\n'));
                sb.append(in).append("weights, largest |a - b| per gate:\n");
                sb.append(TextTable.of(weightHeader(d), weightRows(d), in.length() + 2));
                sb.append(in).append("runs, largest |a - b| per step").append(stepsNote(d)).append(":\n");
                sb.append(TextTable.of(stepHeader(d), stepRows(l, d), in.length() + 2));
            }
        }
        return sb.toString().stripTrailing();
    }

    String html() {
        StringBuilder body = new StringBuilder();
        header().forEach(l -> body.append("<div>").append(Html.escape(l)).append("</div>"));
        List<String> causes = causes();
        body.append("<div style=\"margin-top:4px\"><b>causes</b>").append(causes.isEmpty() ? ": none found" : "")
                .append("</div>");
        if (!causes.isEmpty()) {
            body.append("<ul style=\"margin:2px 0\">");
            causes.forEach(l -> body.append(Html.element("li", l)));
            body.append("</ul>");
        }
        for (LayerComparison l : c.layers()) {
            body.append("<div style=\"margin-top:8px;font-weight:bold\">").append(Html.escape(title(l)))
                    .append("</div><div>input: ").append(Html.escape(l.input())).append("</div>");
            for (DirectionComparison d : l.directions()) {
                if (!d.label().isEmpty()) {
                    body.append("<div style=\"margin-top:4px;font-style:italic\">").append(Html.escape(d.label()))
                            .append("</div>");
                }
                body.append(Html.pre(String.join("\n", d.mapping())));
                body.append("<div>weights, largest |a - b| per gate</div>")
                        .append(HtmlTable.table(weightHeader(d), weightRows(d)));
                body.append("<div>runs, largest |a - b| per step").append(Html.escape(stepsNote(d))).append("</div>")
                        .append(HtmlTable.table(stepHeader(d), stepRows(l, d)));
            }
        }
        return Html.view(c.verdict(), body.toString());
    }

    private static String title(LayerComparison l) {
        return "layer " + l.description() + (l.nameB().equals(l.name()) ? "" : ", b's " + l.nameB());
    }

    private static List<String> weightHeader(DirectionComparison d) {
        List<String> h = new ArrayList<>();
        h.add("gate");
        h.addAll(d.weights().get(0).arrays());
        return h;
    }

    private static List<List<String>> weightRows(DirectionComparison d) {
        List<List<String>> rows = new ArrayList<>();
        for (GateWeights g : d.weights()) {
            List<String> row = new ArrayList<>();
            row.add(g.gate());
            for (GateWeights.Row w : g.rows()) {
                row.add(Num.format(w.largest()) + (w.agree() ? "" : MARK) + (w.counts() ? "" : " (apart)"));
            }
            rows.add(row);
        }
        return rows;
    }

    private String stepsNote(DirectionComparison d) {
        int steps = d.outputSteps().length;
        return " (over samples and units" + (steps > MAX_STEPS ? "; the first " + MAX_STEPS + " of " + steps
                + " steps" : "") + ")";
    }

    private static List<String> stepHeader(DirectionComparison d) {
        List<String> h = new ArrayList<>();
        h.add("step");
        int steps = Math.min(d.outputSteps().length, MAX_STEPS);
        for (int s = 0; s < steps; s++) {
            h.add(String.valueOf(s));
        }
        return h;
    }

    private List<List<String>> stepRows(LayerComparison l, DirectionComparison d) {
        List<List<String>> rows = new ArrayList<>();
        int gates = d.gateNames().size();
        Divergence first = r.first();
        List<RunCheck.Series> series = d.series();
        for (int p = 0; p < series.size(); p++) {
            RunCheck.Series sr = series.get(p);
            boolean here = first != null && first.layer().equals(l.name()) && first.direction().equals(d.label())
                    && first.gate().equals(sr.name()) && first.state() == (p >= gates);
            List<String> row = new ArrayList<>();
            row.add((p < gates ? "gate " : "") + sr.name());
            for (int s = 0; s < Math.min(sr.largest().length, MAX_STEPS); s++) {
                row.add(Num.format(sr.largest()[s]) + (sr.off()[s] ? MARK : "") + (here && s == first.step()
                        ? " <- first" : ""));
            }
            rows.add(row);
        }
        return rows;
    }
}
