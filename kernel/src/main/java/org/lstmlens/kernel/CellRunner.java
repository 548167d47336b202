package org.lstmlens.kernel;

import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.lstmlens.kernel.execution.CellException;
import org.lstmlens.kernel.execution.CellValue;
import org.lstmlens.kernel.execution.ErrorFormatter;
import org.lstmlens.kernel.execution.JShellEvaluator;
import org.lstmlens.kernel.protocol.KernelLog;
import org.lstmlens.progress.Progress;

/**
 * Runs each cell, its evaluation and the rendering of its value, on a thread of its own, so that an interrupt
 * reaches every part of it and the kernel can answer even when a cell will not stop.
 *
 * <p>An interrupt escalates, with a line on the cell's stderr at each step:
 * <ol>
 *   <li>at once: JShell's stop for the evaluation (which on Java 17 to 19 stops the snippet's thread), a thread
 *       interrupt for the rendering; while long DSL work runs ({@link Progress#running()}), an interrupt of that work
 *       instead, which stops at its next step with a message naming the call and how far it got;</li>
 *   <li>after {@value #FORCE_AFTER_MS} ms: the thread is stopped by force (Thread.stop, Java 17 to 19; later Javas
 *       have no forced stop, which is said);</li>
 *   <li>after {@value #GIVE_UP_AFTER_MS} ms more: the cell is answered as interrupted, saying that it still runs and
 *       that a restart ends it. A cell left running in its evaluation holds JShell: later cells are refused at once,
 *       with the same advice, until it ends or the kernel restarts.</li>
 * </ol>
 * Why not the shell thread: a cell stuck there would leave the kernel unable to answer anything, and the rendering
 * (a view's HTML and SVG, which can be the longest part of a cell) ran outside anything an interrupt reached.
 */
final class CellRunner {
    static final long FORCE_AFTER_MS = 1000;
    static final long GIVE_UP_AFTER_MS = 3000;
    private static final long POLL_MS = 100;
    /** Thread.stop throws UnsupportedOperationException from Java 20 on. */
    private static final boolean CAN_FORCE = Runtime.version().feature() < 20;

    private final KernelLog log;
    private final AtomicLong numbers = new AtomicLong();
    private volatile Run current;
    /** A cell that ignored an interrupt inside JShell and still runs: JShell is busy until it ends. */
    private volatile Run holdingJShell;

    CellRunner(KernelLog log) {
        this.log = log;
    }

    private enum Phase { EVALUATE, RENDER, DONE }

    /**
     * Runs {@code code} and renders its value, waiting for both; the value's display data, if it has one.
     *
     * @throws CellException when the cell fails, is interrupted, or cannot run because an earlier cell still holds JShell
     */
    Optional<Map<String, String>> run(JShellEvaluator evaluator, String code) throws CellException {
        Run held = holdingJShell;
        if (held != null) {
            if (held.thread.isAlive()) {
                evaluator.stop();
                throw ErrorFormatter.named("KernelBusy", busyMessage(held));
            }
            log.info(held.thread.getName() + " ended after all; cells run again");
            holdingJShell = null;
        }
        Run run = new Run(evaluator, code, numbers.incrementAndGet());
        current = run;
        try {
            return run.await();
        } finally {
            current = null;
        }
    }

    /** True while a cell that ignored its interrupt still holds JShell (completion and inspect then answer nothing). */
    boolean jshellHeld() {
        Run held = holdingJShell;
        return held != null && held.thread.isAlive();
    }

    /** Interrupts the running cell, if any (a second interrupt forces at once); false when none runs. */
    boolean interrupt() {
        Run run = current;
        if (run == null) {
            return false;
        }
        run.interrupt();
        return true;
    }

    @SuppressWarnings({"removal", "deprecation"})
    private static void stopByForce(Thread thread) {
        try {
            thread.stop();
        } catch (UnsupportedOperationException e) {
            // cannot happen below Java 20; the give-up step still answers the cell
        }
    }

    private static String busyMessage(Run held) {
        return "an earlier cell (" + held.thread.getName() + ") ignored its interrupt and still runs inside JShell, so "
                + "no cell can run until it ends. Restart the kernel to end it (JupyterLab: Kernel > Restart Kernel; "
                + "the variables are lost with it).";
    }

    private final class Run {
        private final JShellEvaluator evaluator;
        private final Thread thread;
        private final CompletableFuture<Optional<Map<String, String>>> outcome = new CompletableFuture<>();
        private volatile Phase phase = Phase.EVALUATE;
        /** System.nanoTime() of the first interrupt; 0 while none came. */
        private volatile long interruptedAt;
        private volatile boolean forced;

        Run(JShellEvaluator evaluator, String code, long number) {
            this.evaluator = evaluator;
            this.thread = new Thread(() -> body(code), "lstm-lens-cell-" + number);
            this.thread.setDaemon(true);
        }

        private void body(String code) {
            try {
                Optional<CellValue> value = evaluator.eval(code, () -> interruptedAt != 0);
                phase = Phase.RENDER;
                Optional<Map<String, String>> data = value
                        // `System.out.printf(...)` as a cell's last expression: what it printed is the output
                        .filter(v -> v.live() != System.out && v.live() != System.err)
                        .map(MimeAdapter::of);
                if (interruptedAt != 0) {
                    throw ErrorFormatter.interrupted();
                }
                phase = Phase.DONE;
                outcome.complete(data);
            } catch (Progress.Interrupted e) {
                // DSL work in the rendering stopped at its interrupt check: its message says which and how far
                phase = Phase.DONE;
                outcome.completeExceptionally(ErrorFormatter.named("Interrupted", e.getMessage()));
            } catch (Throwable e) {
                // a forced stop arrives as ThreadDeath anywhere in the rendering
                phase = Phase.DONE;
                outcome.completeExceptionally(interruptedAt != 0 && !(e instanceof CellException)
                        ? ErrorFormatter.interrupted() : e);
            }
        }

        Optional<Map<String, String>> await() throws CellException {
            thread.start();
            boolean forceStep = false;
            while (true) {
                try {
                    return outcome.get(POLL_MS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // still running
                } catch (ExecutionException e) {
                    throw rethrown(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("the shell thread was interrupted while a cell ran", e);
                }
                if (!thread.isAlive() && !outcome.isDone()) {
                    throw ErrorFormatter.interrupted(); // stopped by force before it could say so
                }
                long since = interruptedAt;
                if (since == 0) {
                    continue;
                }
                long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
                if (!forceStep && (elapsedMs >= FORCE_AFTER_MS || forced)) {
                    forceStep = true;
                    force(elapsedMs);
                } else if (forceStep && elapsedMs >= FORCE_AFTER_MS + GIVE_UP_AFTER_MS) {
                    throw giveUp(elapsedMs);
                }
            }
        }

        void interrupt() {
            if (interruptedAt != 0) {
                forced = true; // a second interrupt: force at once
                return;
            }
            interruptedAt = System.nanoTime();
            if (Progress.interruptRunning()) {
                // long DSL work (in JShell's thread or in the rendering) checks at its steps and stops saying how far
                // it got; only if it does not within FORCE_AFTER_MS is it stopped by force (step 2). Not a thread
                // interrupt of the cell: in the evaluation that thread waits inside JShell, which must not see one.
                return;
            }
            if (phase == Phase.EVALUATE) {
                evaluator.stop();
            } else {
                thread.interrupt();
            }
        }

        private void force(long elapsedMs) {
            Phase now = phase;
            String part = now == Phase.RENDER ? "showing its value" : "running";
            PrintStream err = System.err;
            if (!CAN_FORCE) {
                err.println("interrupt: the cell is still " + part + " " + elapsedMs + " ms after the interrupt. Java "
                        + Runtime.version().feature() + " cannot stop a thread by force (Thread.stop is gone since "
                        + "Java 20); waiting " + GIVE_UP_AFTER_MS + " ms more for it to stop.");
                evaluator.stop();
                thread.interrupt();
                return;
            }
            err.println("interrupt: the cell is still " + part + " " + elapsedMs + " ms after the interrupt; "
                    + "stopping its thread by force (what it was computing is thrown away).");
            if (now == Phase.RENDER) {
                stopByForce(thread);
            } else {
                evaluator.stop(); // JShell's stop is Thread.stop on the snippet's threads on Java 17 to 19
            }
        }

        private CellException giveUp(long elapsedMs) {
            boolean inJShell = phase == Phase.EVALUATE;
            if (inJShell) {
                holdingJShell = this;
            }
            String message = "the cell ignored the interrupt and could not be stopped (" + elapsedMs + " ms): it "
                    + "still runs in the background as " + thread.getName() + ", using CPU and memory. Restart the "
                    + "kernel to end it (JupyterLab: Kernel > Restart Kernel; the variables are lost with it)."
                    + (inJShell ? " Until then no other cell can run." : " Other cells can run meanwhile.");
            log.warn(thread.getName() + " ignored its interrupt and could not be stopped; "
                    + (inJShell ? "JShell is held" : "it was rendering, JShell is free"));
            return ErrorFormatter.named("Interrupted", message);
        }

        private CellException rethrown(Throwable cause) {
            if (cause instanceof CellException cell) {
                return cell;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }
}
