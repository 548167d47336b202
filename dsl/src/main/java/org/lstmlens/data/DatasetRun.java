package org.lstmlens.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.lstmlens.error.LstmException;
import org.lstmlens.model.Model;
import org.lstmlens.progress.Progress;

/**
 * A {@link DatasetJob} over a {@link Dataset} on all cores of this machine: the calling thread reads and checks the
 * sequences, cuts them into batches of {@link DatasetJob#batchSize()} in the dataset's order, and hands each batch to
 * a fixed pool of worker threads (each batch one fused pass per chunk, {@link SequenceExplainer}); each batch gives a
 * partial {@link DatasetSummary}, merged in batch order. Batch composition does not depend on the thread count and
 * the summary's sums are exact, so 1 thread and N threads give the same numbers to the last bit. At most two batches
 * per thread are in flight, so memory stays bounded whatever the dataset's size.
 * <pre>
 *   DatasetResult r = DatasetRun.of(job, model).threads(4).run(Datasets.npz(path, "x", "y"));
 * </pre>
 * Progress counts sequences ({@link Progress}); an interrupt stops the run and keeps what the finished batches gave,
 * labelled partial. Immutable: the setters return copies.
 */
public final class DatasetRun {
    private final DatasetJob job;
    private final Model model;           // null: loaded from the job's file
    private final int threads;
    private final boolean keepResults;
    private final Consumer<SequenceResult> sink;

    private DatasetRun(DatasetJob job, Model model, int threads, boolean keepResults, Consumer<SequenceResult> sink) {
        this.job = job;
        this.model = model;
        this.threads = threads;
        this.keepResults = keepResults;
        this.sink = sink;
    }

    /** The job on its model file, on every available processor. */
    public static DatasetRun of(DatasetJob job) {
        return new DatasetRun(Objects.requireNonNull(job, "job"), null, Runtime.getRuntime().availableProcessors(),
                false, null);
    }

    /** The job on a model already loaded, on every available processor. */
    public static DatasetRun of(DatasetJob job, Model model) {
        return new DatasetRun(Objects.requireNonNull(job, "job"), Objects.requireNonNull(model, "model"),
                Runtime.getRuntime().availableProcessors(), false, null);
    }

    /**
     * Worker threads (the default: available processors).
     *
     * @throws LstmException if not positive
     */
    public DatasetRun threads(int n) {
        if (n < 1) {
            throw new LstmException("threads(" + n + "): needs at least 1 thread");
        }
        return new DatasetRun(job, model, n, keepResults, sink);
    }

    /** Keeps every per-sequence result in the {@link DatasetResult} (memory grows with the dataset). */
    public DatasetRun keepResults(boolean value) {
        return new DatasetRun(job, model, threads, value, sink);
    }

    /** Hands every per-sequence result to {@code consumer}, on the calling thread, in the dataset's order. */
    public DatasetRun forEachResult(Consumer<SequenceResult> consumer) {
        return new DatasetRun(job, model, threads, keepResults, consumer);
    }

    /** The job. */
    public DatasetJob job() {
        return job;
    }

    /**
     * Runs the job over {@code dataset}.
     *
     * @throws BadInputException for the first bad sequence under {@link BadInput#REFUSE}
     * @throws LstmException if the dataset cannot be read, or the model or job do not fit each other
     */
    public DatasetResult run(Dataset dataset) {
        Objects.requireNonNull(dataset, "dataset");
        SequenceExplainer explainer = model != null ? SequenceExplainer.of(job, model) : SequenceExplainer.of(job);
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "lstmlens-dataset");
            t.setDaemon(true);
            return t;
        });
        DatasetSummary summary = DatasetSummary.of(job);
        List<SequenceResult> kept = keepResults ? new ArrayList<>() : null;
        boolean partial = false;
        String stoppedBy = null;
        try (Progress progress = Progress.start("dataset " + job.describe(), Math.max(0, dataset.size()));
             DatasetReader reader = dataset.open()) {
            Batcher batcher = new Batcher(explainer, job, summary);
            List<Future<Partial>> inFlight = new ArrayList<>();
            try {
                List<Sequence> batch;
                while ((batch = batcher.next(reader)) != null) {
                    List<Sequence> work = batch;
                    inFlight.add(pool.submit(() -> Partial.of(explainer, work, job)));
                    if (inFlight.size() >= 2 * threads) {
                        collect(inFlight.remove(0), summary, kept, progress);
                    }
                    progress.checkInterrupt();
                }
                while (!inFlight.isEmpty()) {
                    collect(inFlight.remove(0), summary, kept, progress);
                }
            } catch (Progress.Interrupted e) {
                partial = true;
                stoppedBy = e.getMessage();
                // finished batches still count, in order, up to the first unfinished one
                while (!inFlight.isEmpty() && inFlight.get(0).isDone() && !inFlight.get(0).isCancelled()) {
                    collectDone(inFlight.remove(0), summary, kept);
                }
                inFlight.forEach(f -> f.cancel(true));
            }
        } finally {
            pool.shutdownNow();
        }
        return new DatasetResult(job, dataset.describe(), summary, kept, partial, stoppedBy,
                System.nanoTime() - started);
    }

    private void collect(Future<Partial> f, DatasetSummary summary, List<SequenceResult> kept, Progress progress) {
        Partial p;
        try {
            p = f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            progress.checkInterrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw rethrown(e.getCause());
        }
        take(p, summary, kept);
        progress.step(p.results().size());
    }

    private void collectDone(Future<Partial> f, DatasetSummary summary, List<SequenceResult> kept) {
        try {
            take(f.get(), summary, kept);
        } catch (InterruptedException | ExecutionException e) {
            // an unfinished or failed batch is left out of the partial result
        }
    }

    private void take(Partial p, DatasetSummary summary, List<SequenceResult> kept) {
        summary.merge(p.summary());
        if (kept != null) {
            kept.addAll(p.results());
        }
        if (sink != null) {
            p.results().forEach(sink);
        }
    }

    private static RuntimeException rethrown(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new LstmException("dataset run failed: " + t, t);
    }

    /** One batch's results and their summary. */
    record Partial(List<SequenceResult> results, DatasetSummary summary) {
        static Partial of(SequenceExplainer explainer, List<Sequence> batch, DatasetJob job) {
            List<SequenceResult> r = explainer.explain(batch);
            DatasetSummary s = DatasetSummary.of(job);
            r.forEach(s::add);
            return new Partial(r, s);
        }
    }

    @Override
    public String toString() {
        return "DatasetRun[" + job.describe() + ", " + threads + " threads]";
    }
}
