package org.lstmlens.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.google.gson.JsonObject;
import org.lstmlens.kernel.execution.CellException;
import org.lstmlens.kernel.execution.Completer.Completions;
import org.lstmlens.kernel.execution.ErrorFormatter;
import org.lstmlens.kernel.execution.JShellEvaluator;
import org.lstmlens.kernel.protocol.KernelBackend;
import org.lstmlens.kernel.protocol.KernelLog;

/**
 * LSTM Lens as a Jupyter kernel: Java through JShell with the DSL preloaded, the {@link KernelBackend} the protocol
 * layer drives.
 *
 * <p>JShell is built on a background thread as soon as the sockets serve ({@link #startJShell()}), so kernel_info is
 * answered at once; the first cell waits for it. An interrupt that comes while JShell starts is not lost: it ends the
 * cell waiting for JShell, or, when none waits yet (the interrupt overtook the execute request), it is kept for the
 * first cell that arrives before JShell is ready or within {@value #KEEP_INTERRUPT_MS} ms of the interrupt.
 */
public final class LensKernel implements KernelBackend {
    static final long KEEP_INTERRUPT_MS = 1000;
    private static final Pattern EXIT = Pattern.compile("\\s*(exit|quit)\\s*(?:\\(\\s*\\))?\\s*;?\\s*");

    private final CompletableFuture<JShellEvaluator> evaluator = new CompletableFuture<>();
    private final KernelLog log;
    private final CellRunner runner;
    private final Object startLock = new Object();
    /** Completed by an interrupt while a cell waits for JShell to start. */
    private CompletableFuture<Void> waitingCell;
    /** System.nanoTime() of an interrupt kept for the next cell; 0 when none is kept. */
    private long keptInterrupt;

    public LensKernel(KernelLog log) {
        this.log = log;
        this.runner = new CellRunner(log);
    }

    /**
     * Starts building JShell in the background. Called once the sockets serve: on a small machine the build would
     * otherwise slow the kernel's first answer.
     */
    public void startJShell() {
        Thread builder = new Thread(() -> {
            try {
                evaluator.complete(JShellEvaluator.create(log.stream()));
                log.info("JShell ready, lstm bound, " + Main.uptimeMs() + " ms after the JVM started");
            } catch (RuntimeException | Error e) {
                log.error("JShell could not start", e);
                evaluator.completeExceptionally(e);
            }
        }, "lstm-lens-jshell-start");
        builder.setDaemon(true);
        builder.start();
    }

    @Override
    public Optional<Map<String, String>> execute(String code) throws CellException {
        return runner.run(evaluatorFor(code), code);
    }

    /** JShell, once started; waits for it, unless an interrupt ends the wait (or came just before). */
    private JShellEvaluator evaluatorFor(String code) throws CellException {
        CompletableFuture<Void> interrupted;
        synchronized (startLock) {
            long kept = keptInterrupt;
            keptInterrupt = 0;
            if (kept != 0 && (!evaluator.isDone()
                    || TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - kept) < KEEP_INTERRUPT_MS)) {
                throw interruptedBeforeStart();
            }
            if (evaluator.isDone()) {
                return evaluator();
            }
            interrupted = new CompletableFuture<>();
            waitingCell = interrupted;
        }
        try {
            CompletableFuture.anyOf(evaluator, interrupted).exceptionally(e -> null).join();
        } finally {
            synchronized (startLock) {
                waitingCell = null;
            }
        }
        if (interrupted.isDone()) {
            throw interruptedBeforeStart();
        }
        return evaluator();
    }

    private static CellException interruptedBeforeStart() {
        return ErrorFormatter.named("Interrupted", "the cell was interrupted before it started (the kernel was still "
                + "starting JShell); it did not run");
    }

    private JShellEvaluator evaluator() {
        try {
            return evaluator.join();
        } catch (CompletionException e) {
            throw new IllegalStateException("JShell could not start: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** JShell when it is started and free for completion and inspect; empty while it starts or a stuck cell holds it. */
    private Optional<JShellEvaluator> idleEvaluator() {
        if (runner.jshellHeld()) {
            return Optional.empty();
        }
        return Optional.of(evaluator());
    }

    @Override
    public boolean isExitRequest(String code) {
        var exit = EXIT.matcher(code);
        if (!exit.matches()) {
            return false;
        }
        // a notebook that defined its own exit() or quit gets it
        return !(evaluator.isDone() && !evaluator.isCompletedExceptionally() && evaluator.join().defines(exit.group(1)));
    }

    @Override
    public Completions completions(String code, int cursor) {
        return idleEvaluator().map(e -> e.complete(code, cursor))
                .orElse(new Completions(List.of(), cursor, cursor));
    }

    @Override
    public Optional<String> documentation(String code, int cursor) {
        return idleEvaluator().flatMap(e -> e.inspect(code, cursor));
    }

    @Override
    public String[] completeness(String code) {
        Optional<JShellEvaluator> idle = idleEvaluator();
        if (idle.isEmpty()) {
            return new String[] {"unknown", ""};
        }
        var verdict = idle.get().isComplete(code);
        return new String[] {verdict.status(), verdict.indent()};
    }

    @Override
    public void interrupt() {
        synchronized (startLock) {
            if (!evaluator.isDone()) {
                if (waitingCell != null) {
                    waitingCell.complete(null);
                } else {
                    keptInterrupt = System.nanoTime();
                    log.info("interrupt while JShell starts: kept for the first cell");
                }
                return;
            }
        }
        runner.interrupt();
    }

    @Override
    public void shutdown(boolean restart) {
        runner.interrupt();
    }

    @Override
    public JsonObject languageInfo() {
        JsonObject info = new JsonObject();
        info.addProperty("name", "java");
        info.addProperty("version", Runtime.version().toString());
        info.addProperty("mimetype", "text/x-java-source");
        info.addProperty("file_extension", ".jshell");
        info.addProperty("pygments_lexer", "java");
        info.addProperty("codemirror_mode", "text/x-java");
        return info;
    }

    @Override
    public String banner() {
        return "LSTM Lens " + implementationVersion() + " - Java " + Runtime.version().feature()
                + " (JShell) with the LSTM DSL: try lstm.params(2, 1)";
    }

    @Override
    public String implementationVersion() {
        return version();
    }

    /** The kernel's version, as the build wrote it. */
    static String version() {
        try (InputStream in = LensKernel.class.getResourceAsStream("kernel.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
