package org.lstmlens.kernel.runtime;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.lstmlens.progress.ProgressListener;

/**
 * The kernel's {@link ProgressListener}: long DSL work ({@link org.lstmlens.progress.Progress}) as a bar in the cell
 * that started it. Shown only once the work has run for {@value #SHOW_AFTER_MS} ms (quick calls stay silent), then
 * updated in place (display_data, then update_display_data on the same display_id) every {@value #UPDATE_EVERY_MS}
 * ms, ending in a one-line summary:
 * <pre>
 * integrated gradients of "lag5" [#######-------------] 35% 22/64, 1.4 s, 15.7/s, 2.7 s left
 * integrated gradients of "lag5": 64 of 64 in 4.1 s
 * </pre>
 * The HTML is a {@code <progress>} bar with that label; the text is for {@code jupyter console} and nbconvert
 * (jupyter console shows the first line only: it does not apply update_display_data).
 *
 * <p>Threads: the work reports from its own thread and its workers; only a timer thread of this class publishes
 * (never the work's thread, which may be interrupted), always to the cell that was running when the work began, so a step from a worker thread (or a bar outliving its cell's
 * reply) never lands under another cell. Only the outermost work reports, so one bar is live at a time.
 */
public final class ProgressBars implements ProgressListener {
    /**
     * Set to true in the metadata of every bar's display: the notebook runner leaves bars out of committed outputs
     * and comparisons (their times differ from run to run).
     */
    public static final String METADATA_KEY = "lstmlens_progress";
    static final long SHOW_AFTER_MS = 1000;
    static final long UPDATE_EVERY_MS = 250;
    private static final int BAR_WIDTH = 20;

    /** Shows display data under one cell: a new display, or (with {@code update}) a replacement of it. */
    public interface CellDisplay {
        void show(Map<String, String> data, String displayId, boolean update);
    }

    private final Supplier<CellDisplay> runningCell;
    private final ScheduledThreadPoolExecutor timer;
    private volatile Bar current;

    /** @param runningCell the display of the cell running now, or null when none runs (or its output is silent) */
    public ProgressBars(Supplier<CellDisplay> runningCell) {
        this.runningCell = runningCell;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "lstm-lens-progress");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public void begin(String what, long total) {
        CellDisplay cell = runningCell.get();
        if (cell == null) {
            current = null;
            return;
        }
        Bar bar = new Bar(what, total, cell);
        current = bar;
        bar.tick = timer.scheduleAtFixedRate(bar::publish, SHOW_AFTER_MS, UPDATE_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void update(String what, long done, long total, long elapsedNanos) {
        Bar bar = current;
        if (bar != null) {
            bar.done = done;
        }
    }

    /**
     * Publishes the summary from the timer thread and waits for it (not interruptibly), so that it comes before the
     * cell's reply. Never from the work's thread: that thread may be interrupted, and ZeroMQ's signalling pipes are
     * NIO channels that an interrupted thread's write closes for good.
     */
    @Override
    public void end(String what, long done, long total, long elapsedNanos, boolean complete) {
        Bar bar = current;
        current = null;
        if (bar != null && !bar.endIfHidden()) {
            CompletableFuture.runAsync(() -> bar.end(done, complete), timer).join();
        }
    }

    /** One bar: its counts, written by the work, and what the timer last published. */
    private static final class Bar {
        private final String what;
        private final long total;
        private final CellDisplay cell;
        private final long startedNanos = System.nanoTime();
        private final String displayId = "lstm-lens-progress-" + UUID.randomUUID();
        private volatile long done;
        private volatile ScheduledFuture<?> tick;
        private boolean shown; // guarded by this
        private boolean ended; // guarded by this

        Bar(String what, long total, CellDisplay cell) {
            this.what = what;
            this.total = total;
            this.cell = cell;
        }

        synchronized void publish() {
            if (ended) {
                cancelTick(); // the work ended before its timer was known to it
                return;
            }
            cell.show(bar(System.nanoTime()), displayId, shown);
            shown = true;
        }

        /** Ends a bar that was never shown (most work is quick) without a thread hop; false if it was shown. */
        synchronized boolean endIfHidden() {
            if (shown) {
                return false;
            }
            ended = true;
            cancelTick();
            return true;
        }

        synchronized void end(long finalDone, boolean complete) {
            cancelTick();
            ended = true;
            if (!shown) {
                return;
            }
            String summary = what + ": " + finalDone + (total > 0 ? " of " + total : " steps") + " in "
                    + seconds(System.nanoTime() - startedNanos) + (complete ? "" : " (stopped)");
            Map<String, String> data = new LinkedHashMap<>();
            data.put("text/plain", summary);
            data.put("text/html", "<div style=\"font-family: monospace\">" + escape(summary) + "</div>");
            cell.show(data, displayId, true);
        }

        private void cancelTick() {
            ScheduledFuture<?> t = tick;
            if (t != null) {
                t.cancel(false);
            }
        }

        private Map<String, String> bar(long now) {
            long d = done;
            long elapsed = now - startedNanos;
            String counts = total > 0 ? knownTotal(d, elapsed) : d + " steps, " + seconds(elapsed);
            Map<String, String> data = new LinkedHashMap<>();
            double fraction = total > 0 ? Math.min(1, (double) d / total) : 0;
            int filled = (int) Math.round(fraction * BAR_WIDTH);
            data.put("text/plain", what + " [" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "] " + counts);
            data.put("text/html", "<div style=\"font-family: monospace; white-space: nowrap\">" + escape(what)
                    + " <progress" + (total > 0 ? " value=\"" + d + "\" max=\"" + total + "\"" : "") + "></progress> "
                    + escape(counts) + "</div>");
            return data;
        }

        /** {@code 35% 22/64, 1.4 s, 15.7/s, 2.7 s left}; rate and time left once a step is done. */
        private String knownTotal(long d, long elapsed) {
            String counts = String.format(Locale.ROOT, "%d%% %d/%d, %s", Math.round(100.0 * d / total), d, total,
                    seconds(elapsed));
            if (d == 0 || elapsed <= 0) {
                return counts;
            }
            double rate = d / (elapsed / 1e9);
            return counts + String.format(Locale.ROOT, ", %s/s, %s left", rate >= 10 ? String.format(Locale.ROOT,
                    "%.0f", rate) : String.format(Locale.ROOT, "%.2g", rate), seconds((long) ((total - d) / rate * 1e9)));
        }
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
