package org.lstmlens.kernel.runtime;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A progress bar for work that may take a while, shown in the cell's output only once the work has run for
 * {@value #SHOW_AFTER_MS} ms (quick calls stay silent), updated in place (display_data, then update_display_data on the
 * same display_id, at most every {@value #UPDATE_EVERY_MS} ms), and ending in a one-line summary:
 * <pre>{@code
 * try (var progress = Progress.start("occlusion", steps)) {
 *     for (int t = 0; t < steps; t++) { ...; progress.step(); }
 * }
 * }</pre>
 * The HTML is a {@code <progress>} bar with its label; the text ({@code jupyter console}, nbconvert's text) is
 * {@code occlusion [#######-------------] 35% 7/20, 1.4 s}. jupyter console shows the first line only: it does not
 * apply update_display_data.
 *
 * <p>Not thread-safe: one thread steps one progress. Outside a kernel (no sink installed) it shows nothing.
 */
public final class Progress implements AutoCloseable {
    static final long SHOW_AFTER_MS = 1000;
    static final long UPDATE_EVERY_MS = 250;
    private static final int BAR_WIDTH = 20;

    /** Where a progress is published: the kernel installs its IOPub publisher. */
    public interface Sink {
        /** Shows {@code data} as a new display {@code displayId}, or replaces it when {@code update}. */
        void show(Map<String, String> data, String displayId, boolean update);
    }

    private static volatile Sink sink;

    private final String what;
    private final long total;
    private final long startedNanos = System.nanoTime();
    private final String displayId = "lstm-lens-progress-" + UUID.randomUUID();
    private long done;
    private boolean shown;
    private long lastShownNanos;
    private boolean closed;

    private Progress(String what, long total) {
        this.what = what;
        this.total = total;
    }

    /**
     * Starts counting {@code total} steps of {@code what}.
     *
     * @throws IllegalArgumentException when {@code total} is negative or {@code what} is blank
     */
    public static Progress start(String what, long total) {
        if (what == null || what.isBlank()) {
            throw new IllegalArgumentException("Progress.start: the work needs a name, e.g. \"occlusion\"; got "
                    + (what == null ? "null" : "\"" + what + "\""));
        }
        if (total < 0) {
            throw new IllegalArgumentException("Progress.start(\"" + what + "\", " + total
                    + "): the number of steps must be 0 or more");
        }
        return new Progress(what, total);
    }

    /** Where progress goes; the kernel installs its publisher here (null: nowhere). */
    public static void useSink(Sink newSink) {
        sink = newSink;
    }

    /** One step done. */
    public void step() {
        step(1);
    }

    /** {@code steps} more steps done; shows or updates the bar when it is time to. */
    public void step(long steps) {
        done = Math.min(total, done + Math.max(0, steps));
        long now = System.nanoTime();
        if (!shown) {
            if (TimeUnit.NANOSECONDS.toMillis(now - startedNanos) >= SHOW_AFTER_MS) {
                publish(bar(now), false);
                shown = true;
                lastShownNanos = now;
            }
        } else if (TimeUnit.NANOSECONDS.toMillis(now - lastShownNanos) >= UPDATE_EVERY_MS) {
            publish(bar(now), true);
            lastShownNanos = now;
        }
    }

    /** Ends the bar with its one-line summary (only if the bar was shown); idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (shown) {
            String summary = what + ": " + done + " of " + total + " in " + seconds(System.nanoTime());
            Map<String, String> data = new LinkedHashMap<>();
            data.put("text/plain", summary);
            data.put("text/html", "<div style=\"font-family: monospace\">" + escape(summary) + "</div>");
            publish(data, true);
        }
    }

    private Map<String, String> bar(long now) {
        double fraction = total == 0 ? 1 : (double) done / total;
        int filled = (int) Math.round(fraction * BAR_WIDTH);
        String counts = String.format(Locale.ROOT, "%d%% %d/%d, %s", Math.round(fraction * 100), done, total,
                seconds(now));
        Map<String, String> data = new LinkedHashMap<>();
        data.put("text/plain", what + " [" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "] " + counts);
        data.put("text/html", "<div style=\"font-family: monospace; white-space: nowrap\">" + escape(what)
                + " <progress value=\"" + done + "\" max=\"" + Math.max(total, 1) + "\"></progress> " + escape(counts)
                + "</div>");
        return data;
    }

    private String seconds(long now) {
        return String.format(Locale.ROOT, "%.1f s", (now - startedNanos) / 1e9);
    }

    private void publish(Map<String, String> data, boolean update) {
        Sink target = sink;
        if (target != null) {
            target.show(data, displayId, update);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
