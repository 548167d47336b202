package org.lstmlens.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.lstmlens.progress.ProgressListener;

/** A progress listener that writes down what it hears: {@code begin <what> <total>}, {@code end <done>/<total> complete}. */
public final class HeardProgress implements ProgressListener {
    private final List<String> lines = new CopyOnWriteArrayList<>();

    /** What was heard so far, in order (a live list: tests may drop lines they do not look at). */
    public List<String> lines() {
        return lines;
    }

    @Override
    public void begin(String what, long total) {
        lines.add("begin " + what + " " + total);
    }

    @Override
    public void update(String what, long done, long total, long elapsedNanos) {
    }

    @Override
    public void end(String what, long done, long total, long elapsedNanos, boolean complete) {
        lines.add("end " + done + "/" + total + (complete ? " complete" : " partial"));
    }
}
