package org.lstmlens.influence;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.lstmlens.error.ShapeException;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.Heatmap;
import org.lstmlens.render.Html;
import org.lstmlens.render.HtmlTable;
import org.lstmlens.render.MimeBundle;

/**
 * The per-unit drill-down: for every output unit, its own attribution by lag (the same method, input and step, the
 * target being that unit alone). Shows which units carry which part of the past. Immutable.
 */
public final class UnitInfluence implements Displayable {
    private final List<TimestepInfluence> units;

    UnitInfluence(List<TimestepInfluence> units) {
        this.units = List.copyOf(units);
    }

    /** Output units drilled into. */
    public int units() {
        return units.size();
    }

    /**
     * The attribution of output unit {@code unit} by lag.
     *
     * @throws ShapeException if the unit does not exist
     */
    public TimestepInfluence unit(int unit) {
        if (unit < 0 || unit >= units.size()) {
            throw new ShapeException("unit " + unit + " is out of range; valid: 0.." + (units.size() - 1));
        }
        return units.get(unit);
    }

    private String line(int k) {
        TimestepInfluence t = units.get(k);
        return "unit " + k + ": " + IntStream.of(t.top(3)).mapToObj(l -> Text.lag(l) + " " + Text.percent(t.share(l)))
                .collect(Collectors.joining(", "));
    }

    @Override
    public MimeBundle toMimeBundle() {
        String text = IntStream.range(0, units.size()).mapToObj(this::line).collect(Collectors.joining("\n"));
        int[] lags = units.get(0).lags();
        String[] rows = IntStream.range(0, units.size()).mapToObj(k -> "unit " + k).toArray(String[]::new);
        String[] cols = IntStream.of(lags).mapToObj(Text::lag).toArray(String[]::new);
        double[][] grid = new double[units.size()][lags.length];
        List<List<String>> table = new ArrayList<>();
        for (int k = 0; k < units.size(); k++) {
            List<String> row = new ArrayList<>();
            row.add(String.valueOf(k));
            for (int i = 0; i < lags.length; i++) {
                grid[k][i] = units.get(k).share(lags[i]);
                row.add(Text.percent(grid[k][i]));
            }
            table.add(row);
        }
        List<String> header = new ArrayList<>(List.of("unit"));
        header.addAll(List.of(cols));
        String svg = Heatmap.of(grid).title("share by lag, per output unit").rowLabels(rows).colLabels(cols)
                .cols("lag").value("share").scale(Text.scale(grid, false)).svg();
        String caption = units.get(0).attribution().methodDetail() + ", one row per output unit";
        return MimeBundle.builder(text).html(Html.view(caption, HtmlTable.table(header, table) + svg)).svg(svg)
                .build();
    }

    @Override
    public String toString() {
        return "UnitInfluence[" + units.size() + " units, " + units.get(0).attribution().methodDetail() + "]";
    }
}
