package org.lstmlens.dsl;

import java.util.ArrayList;
import java.util.List;
import org.lstmlens.render.BarChart;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.Html;
import org.lstmlens.render.HtmlTable;
import org.lstmlens.render.MimeBundle;
import org.lstmlens.render.Num;

/** One unit of one gate over the steps of a run: one value per step, drawn as bars. Immutable. */
public final class UnitRunView implements Displayable {
    private final String path;
    private final String symbol;
    private final double[] values;

    UnitRunView(String path, String symbol, double[] values) {
        this.path = path;
        this.symbol = symbol;
        this.values = values;
    }

    /** The value at every step (a copy): {@code run.gate("f").unit(2).values()}. */
    public double[] values() {
        return values.clone();
    }

    private String svg() {
        return BarChart.of(values).title(path + ": " + symbol + " per step").x("step").value(symbol).svg();
    }

    @Override
    public MimeBundle toMimeBundle() {
        List<List<String>> rows = new ArrayList<>();
        for (int s = 0; s < Math.min(values.length, HtmlTable.MAX_ROWS * 4); s++) {
            rows.add(List.of("step " + s, Num.format(values[s])));
        }
        String plain = toString() + "\n" + Num.format(values);
        String svg = svg();
        String html = Html.view(toString(), svg + HtmlTable.table(List.of("", symbol), rows));
        return MimeBundle.builder(plain).html(html).svg(svg).build();
    }

    @Override
    public String toString() {
        return path + ": " + symbol + " over " + values.length + " steps";
    }
}
