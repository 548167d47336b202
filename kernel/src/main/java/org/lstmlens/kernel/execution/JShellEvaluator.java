package org.lstmlens.kernel.execution;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.VarSnippet;
import org.lstmlens.dsl.Lstm;
import org.lstmlens.kernel.runtime.Display;

/**
 * Evaluates notebook cells with JShell in this JVM: a cell is cut into snippets and run one by one, the last
 * expression's live value comes back, failures come back as a {@link CellException} ready to show.
 *
 * <p>Thread use: {@link #eval} runs on one thread at a time (the shell thread); {@link #stop()} may come from
 * another (the control thread) while a cell runs.
 */
public final class JShellEvaluator implements AutoCloseable {
    private static final String STARTUP = "/org/lstmlens/kernel/startup.jshell";

    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    private final LiveExecutionControl.Provider provider;
    private final Completer completer;
    private final Inspector inspector;
    private static final long STOP_RETRY_MS = 100;
    private static final int STOP_RETRIES = 30;

    private volatile boolean running;
    private volatile boolean stopRequested;
    /** Counts cells, so a late stop retry never touches the next cell. */
    private volatile long cellNumber;

    private JShellEvaluator(JShell shell, LiveExecutionControl.Provider provider) {
        this.shell = shell;
        this.analysis = shell.sourceCodeAnalysis();
        this.provider = provider;
        this.completer = new Completer(analysis);
        this.inspector = new Inspector(analysis, DslDocs.fromClasspath(), this::variableType);
    }

    /**
     * A JShell with the DSL on its class path, the startup snippets run ({@code lstm} bound, the DSL imported).
     *
     * @param warnings where JShell's own messages go (never a cell's output)
     * @throws IllegalStateException if the startup snippets fail: the DSL is missing from the class path
     */
    public static JShellEvaluator create(PrintStream warnings) {
        LiveExecutionControl.Provider provider = new LiveExecutionControl.Provider();
        JShell shell = JShell.builder()
                .executionEngine(provider, Map.of())
                .out(warnings)
                .err(warnings)
                .in(InputStream.nullInputStream())
                .build();
        for (String entry : classPath()) {
            shell.addToClasspath(entry);
        }
        JShellEvaluator evaluator = new JShellEvaluator(shell, provider);
        try {
            evaluator.eval(startupScript());
        } catch (CellException e) {
            throw new IllegalStateException("the kernel's startup snippets failed: " + String.join("\n", e.traceback()), e);
        }
        return evaluator;
    }

    /** A JShell printing its own messages nowhere; for tests and tools. */
    public static JShellEvaluator create() {
        return create(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
    }

    /**
     * The jars or folders holding the DSL and the notebook helpers, then the jars {@link ExtraClassPath} appended
     * (e.g. Spark's), so snippets compile against them.
     */
    private static Set<String> classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> anchor : List.of(Lstm.class, Display.class)) {
            try {
                entries.add(Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException | RuntimeException e) {
                throw new IllegalStateException("cannot locate the classes of " + anchor.getName(), e);
            }
        }
        for (Path jar : ExtraClassPath.entries()) {
            entries.add(jar.toString());
        }
        return entries;
    }

    private static String startupScript() {
        try (InputStream in = JShellEvaluator.class.getResourceAsStream(STARTUP)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + STARTUP);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + STARTUP, e);
        }
    }

    /**
     * Runs a cell snippet by snippet and returns its last expression's value, if the cell ends in an expression.
     *
     * @throws CellException on a compile error, an exception thrown by the cell, or an interrupt
     */
    public Optional<CellValue> eval(String cell) throws CellException {
        return eval(cell, () -> false);
    }

    /**
     * As {@link #eval(String)}, checking {@code interrupted} before each snippet and after it: an interrupt that comes
     * before JShell runs anything (while a snippet compiles, or between two) still stops the cell.
     */
    public Optional<CellValue> eval(String cell, BooleanSupplier interrupted) throws CellException {
        cellNumber++;
        stopRequested = false;
        running = true;
        try {
            Optional<CellValue> value = Optional.empty();
            for (Piece piece : Piece.split(analysis, cell)) {
                if (stopRequested || interrupted.getAsBoolean()) {
                    throw ErrorFormatter.interrupted();
                }
                value = evalSnippet(cell, piece);
                if (interrupted.getAsBoolean()) {
                    throw ErrorFormatter.interrupted();
                }
            }
            return value;
        } finally {
            running = false;
        }
    }

    private Optional<CellValue> evalSnippet(String cell, Piece piece) throws CellException {
        List<SnippetEvent> events = shell.eval(piece.source());
        if (stopRequested) {
            throw ErrorFormatter.interrupted();
        }
        SnippetEvent main = events.stream().filter(e -> e.causeSnippet() == null).findFirst().orElse(null);
        if (main == null) {
            return Optional.empty();
        }
        Snippet snippet = main.snippet();
        if (main.status() == Snippet.Status.REJECTED) {
            List<Diag> diagnostics = shell.diagnostics(snippet).toList();
            throw ErrorFormatter.compileError(cell, piece.start(), ErrorFormatter.errors(diagnostics));
        }
        if (main.exception() != null) {
            throw ErrorFormatter.runtimeError(main.exception());
        }
        if (main.status() != Snippet.Status.VALID) {
            noteUnresolved(snippet);
            return Optional.empty();
        }
        return valueOf(main);
    }

    /**
     * A declaration that uses something not declared yet (JShell allows {@code void f() { g(); }} before {@code g}):
     * valid, with a note on the cell's stderr, as JShell itself says it.
     */
    private void noteUnresolved(Snippet snippet) {
        String missing = snippet instanceof DeclarationSnippet declaration
                ? String.join(", ", shell.unresolvedDependencies(declaration).toList())
                : "";
        String what = snippet instanceof DeclarationSnippet declaration ? declaration.name() : "this snippet";
        System.err.println("note: " + what + " cannot be used until "
                + (missing.isEmpty() ? "what it refers to is" : missing + " is") + " declared");
    }

    private Optional<CellValue> valueOf(SnippetEvent event) {
        Snippet snippet = event.snippet();
        switch (snippet.subKind()) {
            case TEMP_VAR_EXPRESSION_SUBKIND -> {
                String text = shell.varValue((VarSnippet) snippet);
                CellValue value = new CellValue(provider.control().lastValue(), text);
                // JShell keeps every value as a variable $N and imports all of them into each later snippet, so each
                // cell compiled slower than the last (17 ms, then 29 ms after 300 cells). The notebook never shows
                // the $N names, so the variable goes once its value is taken: about 7 ms a cell, steadily.
                shell.drop(snippet);
                return Optional.of(value);
            }
            case VAR_VALUE_SUBKIND, ASSIGNMENT_SUBKIND -> {
                // a bare variable name or an assignment: the value is that variable's
                String name = ((ExpressionSnippet) snippet).name();
                Optional<VarSnippet> variable = shell.variables()
                        .filter(v -> v.name().equals(name) && shell.status(v) == Snippet.Status.VALID)
                        .reduce((first, second) -> second);
                if (variable.isPresent()) {
                    String text = shell.varValue(variable.get());
                    return Optional.of(new CellValue(provider.control().lastValue(), text));
                }
                return textOnly(event.value());
            }
            case OTHER_EXPRESSION_SUBKIND -> {
                return textOnly(event.value());
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private static Optional<CellValue> textOnly(String text) {
        return text == null || text.isEmpty() ? Optional.empty() : Optional.of(new CellValue(null, text));
    }

    /** Completions for the word before {@code cursor} (UTF-16 index): the replacements and the word's start. */
    public Completer.Completions complete(String code, int cursor) {
        return completer.complete(code, cursor);
    }

    /** Signature and DSL documentation of what is under {@code cursor} (UTF-16 index), if anything is. */
    public Optional<String> inspect(String code, int cursor) {
        return inspector.inspect(code, cursor);
    }

    private Optional<String> variableType(String name) {
        return shell.variables()
                .filter(v -> v.name().equals(name) && shell.status(v) == Snippet.Status.VALID)
                .reduce((first, second) -> second)
                .map(VarSnippet::typeName);
    }

    /** True when the notebook declared a variable or a method called {@code name} that is still in force. */
    public boolean defines(String name) {
        return shell.variables().anyMatch(v -> v.name().equals(name) && shell.status(v).isActive())
                || shell.methods().anyMatch(m -> m.name().equals(name) && shell.status(m).isActive());
    }

    /** Whether {@code code} is ready to run, in Jupyter's words ("complete", "incomplete", "invalid"). */
    public Completeness.Verdict isComplete(String code) {
        return Completeness.of(analysis, code);
    }

    /** How JShell prints {@code value}: strings quoted, arrays spelled out, null as {@code null}. */
    public static String jshellString(Object value) {
        return LiveExecutionControl.jshellString(value);
    }

    /** True while a cell runs. */
    public boolean isRunning() {
        return running;
    }

    /** Stops the running cell, if any; harmless when idle. The cell then fails with an "Interrupted" error. */
    public void stop() {
        if (!running) {
            return;
        }
        stopRequested = true;
        shell.stop();
        // JShell stops only code that runs: a stop that lands while a snippet still compiles would be lost, and the
        // snippet would then run (maybe forever). Repeat it for a while, for this cell only.
        long stopping = cellNumber;
        Thread retry = new Thread(() -> {
            for (int i = 0; i < STOP_RETRIES && running && stopRequested && cellNumber == stopping; i++) {
                try {
                    Thread.sleep(STOP_RETRY_MS);
                } catch (InterruptedException e) {
                    return;
                }
                if (running && stopRequested && cellNumber == stopping) {
                    shell.stop();
                }
            }
        }, "lstm-lens-stop");
        retry.setDaemon(true);
        retry.start();
    }

    @Override
    public void close() {
        shell.close();
    }
}
