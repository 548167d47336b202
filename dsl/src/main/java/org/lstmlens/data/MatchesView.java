package org.lstmlens.data;

import java.util.ArrayList;
import java.util.List;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.Html;
import org.lstmlens.render.HtmlTable;
import org.lstmlens.render.MimeBundle;
import org.lstmlens.render.Num;

/** The sequences where a unit behaves most like the selection's pattern, best first. Immutable. */
public final class MatchesView implements Displayable {
    private final DatasetResult result;

    MatchesView(DatasetResult result) {
        this.result = result;
    }

    /** The best matches, best first (ties: the smaller index). */
    public List<DatasetSummary.Matched> list() {
        return result.summary().matches();
    }

    /** The ids of the best matches, best first. */
    public List<String> ids() {
        return list().stream().map(DatasetSummary.Matched::id).toList();
    }

    private String what() {
        return "sequences where " + result.job().select().describe();
    }

    String text() {
        StringBuilder b = new StringBuilder(what() + ", best " + list().size() + " of " + result.summary().sequences()
                + ":");
        for (DatasetSummary.Matched m : list()) {
            b.append("\n  ").append(m.id()).append(" (index ").append(m.index()).append("): ")
                    .append(Num.format(m.score()));
        }
        return b.toString();
    }

    @Override
    public MimeBundle toMimeBundle() {
        List<List<String>> rows = new ArrayList<>();
        int rank = 1;
        for (DatasetSummary.Matched m : list()) {
            rows.add(List.of(String.valueOf(rank++), m.id(), String.valueOf(m.index()), Num.format(m.score())));
        }
        return MimeBundle.builder(result.title(text())).html(Html.view(result.title(what()), HtmlTable.table(
                List.of("rank", "id", "index", "score"), rows))).build();
    }

    @Override
    public String toString() {
        return "MatchesView[" + list().size() + " of " + result.summary().sequences() + "]";
    }
}
