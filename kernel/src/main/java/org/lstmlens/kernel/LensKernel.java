package org.lstmlens.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import com.google.gson.JsonObject;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.ReplacementOptions;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import org.lstmlens.kernel.execution.CellException;
import org.lstmlens.kernel.execution.CellValue;
import org.lstmlens.kernel.execution.Completer.Completions;
import org.lstmlens.kernel.execution.JShellEvaluator;
import org.lstmlens.kernel.protocol.KernelBackend;
import org.lstmlens.kernel.protocol.KernelLog;

/**
 * LSTM Lens as a Jupyter kernel: Java through JShell with the DSL preloaded.
 *
 * <p>It is a {@link BaseKernel} (eval, complete, inspect, isComplete, interrupt keep the base kernel's contract), and
 * the {@link KernelBackend} our own protocol layer drives, since the base kernel's message handlers cannot be fixed.
 * JShell is built on a background thread as soon as the sockets serve ({@link #startJShell()}), so kernel_info is
 * answered at once; the first request that needs JShell waits for it.
 */
public final class LensKernel extends BaseKernel implements KernelBackend {
    private static final LanguageInfo LANGUAGE = new LanguageInfo.Builder("java")
            .version(Runtime.version().toString())
            .mimetype("text/x-java-source")
            .fileExtension(".jshell")
            .pygments("java")
            .codemirror("text/x-java")
            .build();

    private final CompletableFuture<JShellEvaluator> evaluator = new CompletableFuture<>();
    private final KernelLog log;

    public LensKernel(KernelLog log) {
        this.log = log;
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

    private JShellEvaluator evaluator() {
        try {
            return evaluator.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while JShell was starting", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("JShell could not start: " + e.getCause().getMessage(), e.getCause());
        }
    }

    @Override
    public Optional<Map<String, String>> execute(String code) throws CellException {
        Optional<CellValue> value = evaluator().eval(code);
        // `System.out.printf(...)` as a cell's last expression: what it printed is the output, not the stream
        return value.filter(v -> v.live() != System.out && v.live() != System.err).map(MimeAdapter::of);
    }

    @Override
    public Completions completions(String code, int cursor) {
        return evaluator().complete(code, cursor);
    }

    @Override
    public Optional<String> documentation(String code, int cursor) {
        return evaluator().inspect(code, cursor);
    }

    @Override
    public String[] completeness(String code) {
        var verdict = evaluator().isComplete(code);
        return new String[] {verdict.status(), verdict.indent()};
    }

    @Override
    public void interrupt() {
        if (evaluator.isDone() && !evaluator.isCompletedExceptionally()) {
            evaluator.join().stop();
        }
    }

    @Override
    public void shutdown(boolean restart) {
        interrupt();
    }

    @Override
    public JsonObject languageInfo() {
        JsonObject info = new JsonObject();
        info.addProperty("name", LANGUAGE.getName());
        info.addProperty("version", LANGUAGE.getVersion());
        info.addProperty("mimetype", LANGUAGE.getMimetype());
        info.addProperty("file_extension", LANGUAGE.getFileExtension());
        info.addProperty("pygments_lexer", LANGUAGE.getPygmentsLexer());
        info.addProperty("codemirror_mode", String.valueOf(LANGUAGE.getCodemirrorMode()));
        return info;
    }

    @Override
    public String banner() {
        return "LSTM Lens " + implementationVersion() + " - Java " + Runtime.version().feature()
                + " (JShell) with the LSTM DSL: try lstm.params(2, 1)";
    }

    @Override
    public String implementationVersion() {
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

    // --- the BaseKernel contract, for anything driving this kernel through the base kernel's API ---

    @Override
    public LanguageInfo getLanguageInfo() {
        return LANGUAGE;
    }

    @Override
    public String getBanner() {
        return banner();
    }

    @Override
    public DisplayData eval(String code) throws CellException {
        Optional<Map<String, String>> data = execute(code);
        if (data.isEmpty()) {
            return null;
        }
        DisplayData display = new DisplayData();
        data.get().forEach(display::putData);
        return display;
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        Completions completions = completions(code, at);
        return new ReplacementOptions(completions.matches(), completions.start(), completions.end());
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        return documentation(code, at).map(DisplayData::new).orElse(null);
    }

    @Override
    public String isComplete(String code) {
        String[] verdict = completeness(code);
        return "incomplete".equals(verdict[0]) ? verdict[1] : verdict[0];
    }
}
