package org.lstmlens.progress;

/**
 * Where long work reports how far it has got. The DSL knows nothing of Jupyter: the kernel installs a listener that
 * draws a bar in the cell ({@link Progress#listen}); outside a kernel nothing listens. Calls come from the thread
 * that started the work, or from its worker threads when it runs on several cores, so an implementation must be
 * thread-safe; {@link Progress} already calls {@link #update} at most every {@value Progress#UPDATE_EVERY_MS} ms.
 */
public interface ProgressListener {
    /** Listens to nothing: the default. */
    ProgressListener NONE = new ProgressListener() {
        @Override
        public void begin(String what, long total) {
        }

        @Override
        public void update(String what, long done, long total, long elapsedNanos) {
        }

        @Override
        public void end(String what, long done, long total, long elapsedNanos, boolean complete) {
        }
    };

    /**
     * Work named {@code what} (e.g. {@code integrated gradients}) starts.
     *
     * @param total its steps, or 0 when not known
     */
    void begin(String what, long total);

    /** {@code done} of {@code total} steps are done. */
    void update(String what, long done, long total, long elapsedNanos);

    /**
     * The work ended: all its steps done ({@code complete}), or stopped early (interrupted, failed, or a partial
     * result kept).
     */
    void end(String what, long done, long total, long elapsedNanos, boolean complete);
}
