package org.lstmlens.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The best {@code keep} sequences by match score (higher first, then the smaller index): the same set whatever the
 * order sequences arrive or partials merge in.
 */
final class TopMatches implements Serializable {
    private static final long serialVersionUID = 1L;
    static final Comparator<DatasetSummary.Matched> ORDER = Comparator
            .comparingDouble(DatasetSummary.Matched::score).reversed()
            .thenComparingLong(DatasetSummary.Matched::index);

    private final int keep;
    private final ArrayList<DatasetSummary.Matched> best = new ArrayList<>();

    TopMatches(int keep) {
        this.keep = keep;
    }

    void add(DatasetSummary.Matched m) {
        best.add(m);
        best.sort(ORDER);
        if (best.size() > keep) {
            best.remove(best.size() - 1);
        }
    }

    void merge(TopMatches o) {
        for (DatasetSummary.Matched m : o.best) {
            add(m);
        }
    }

    List<DatasetSummary.Matched> list() {
        return List.copyOf(best);
    }
}
