package org.lstmlens.progress;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.lstmlens.error.LstmException;

/**
 * How far one piece of long work has got, reported to the installed {@link ProgressListener}, and the place where
 * that work notices an interrupt:
 * <pre>{@code
 * try (Progress p = Progress.start("occlusion", steps)) {
 *     for (int t = 0; t < steps; t++) { ...; p.step(); }   // throws Interrupted when the thread was interrupted
 * }
 * }</pre>
 * Only the outermost work reports: work started while another is running (integrated gradients inside a run over a
 * dataset) counts and checks interrupts but draws no second bar, and its interrupt names the outermost work, which is
 * the call the user made. Steps may come from several threads; {@link #interruptRunning()} reaches all of them.
 */
public final class Progress implements AutoCloseable {
    static final long UPDATE_EVERY_MS = 200;
    private static volatile ProgressListener listener = ProgressListener.NONE;
    private static final AtomicReference<Progress> OUTERMOST = new AtomicReference<>();

    private final String what;
    private final long total;
    private final long started = System.nanoTime();
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong lastUpdate = new AtomicLong(started);
    private final ProgressListener target;
    /** The outermost work this one runs in: itself when it is the outermost. */
    private final Progress root;
    private final Thread starter = Thread.currentThread();
    private volatile boolean stopRequested;
    private volatile boolean closed;

    private Progress(String what, long total, ProgressListener target, Progress root) {
        this.what = what;
        this.total = total;
        this.target = target;
        this.root = root == null ? this : root;
    }

    /** Installs the listener every later outermost work reports to ({@code null}: none). */
    public static void listen(ProgressListener newListener) {
        listener = newListener == null ? ProgressListener.NONE : newListener;
    }

    /**
     * Starts counting the steps of {@code what}.
     *
     * @param total its steps, 0 when not known
     * @throws IllegalArgumentException for a negative total
     */
    public static Progress start(String what, long total) {
        Objects.requireNonNull(what, "what");
        if (total < 0) {
            throw new IllegalArgumentException("Progress.start(\"" + what + "\", " + total
                    + "): the number of steps must be 0 or more");
        }
        Progress p = new Progress(what, total, listener, null);
        boolean outermost = OUTERMOST.compareAndSet(null, p);
        Progress shown = outermost ? p : new Progress(what, total, ProgressListener.NONE, OUTERMOST.get());
        shown.target.begin(what, total);
        return shown;
    }

    /** Whether long work is running now (and so checks interrupts at its steps). */
    public static boolean running() {
        return OUTERMOST.get() != null;
    }

    /**
     * Asks the running outermost work to stop: its next step, on any thread, throws {@link Interrupted}, and the
     * thread that started it is interrupted (so that it also leaves a wait). For a host (the kernel) whose interrupt
     * does not reach the thread the work runs on.
     *
     * @return false when no work was running
     */
    public static boolean interruptRunning() {
        Progress p = OUTERMOST.get();
        if (p == null) {
            return false;
        }
        p.stopRequested = true;
        p.starter.interrupt();
        return true;
    }

    /** One step done; see {@link #step(long)}. */
    public void step() {
        step(1);
    }

    /**
     * {@code n} more steps done.
     *
     * @throws Interrupted when the calling thread has been interrupted (its flag is left set, so callers further up
     *         see it too)
     */
    public void step(long n) {
        long now = done.addAndGet(n);
        long t = System.nanoTime();
        long last = lastUpdate.get();
        if (t - last >= UPDATE_EVERY_MS * 1_000_000L && lastUpdate.compareAndSet(last, t)) {
            target.update(what, now, total, t - started);
        }
        checkInterrupt();
    }

    /** Steps done so far. */
    public long done() {
        return done.get();
    }

    public long total() {
        return total;
    }

    /**
     * Throws {@link Interrupted} naming this work and how far it got when the calling thread has been interrupted.
     * Work that keeps a partial result catches it and says the result is partial.
     */
    public void checkInterrupt() {
        if (Thread.currentThread().isInterrupted() || root.stopRequested) {
            throw new Interrupted(root.what, root.done.get(), root.total,
                    root == this ? "" : " (in " + what + ": " + done.get() + (total > 0 ? " of " + total : "") + ")");
        }
    }

    /** Ends the work; complete when every step was counted. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        OUTERMOST.compareAndSet(this, null);
        long d = done.get();
        target.end(what, d, total, System.nanoTime() - started, total == 0 || d >= total);
    }

    /** Long work stopped by an interrupt, saying what it was and how far it had got. */
    public static final class Interrupted extends LstmException {
        private static final long serialVersionUID = 1L;
        private final long done;
        private final long total;

        Interrupted(String what, long done, long total, String inner) {
            super(what + " interrupted after " + done + (total > 0 ? " of " + total : "") + " steps" + inner);
            this.done = done;
            this.total = total;
        }

        public long done() {
            return done;
        }

        public long total() {
            return total;
        }
    }
}
