package org.lstmlens.kernel.execution;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.UnresolvedReferenceException;
import org.lstmlens.error.LstmException;
import org.lstmlens.kernel.runtime.ExitGuard;
import org.lstmlens.progress.Progress;

/**
 * Turns what went wrong in a cell into what a notebook shows: the offending line with a marker for a compile error,
 * the real exception class and the user's own frames for a runtime error, the message alone for an LSTM Lens error.
 * Colours are plain ANSI red, readable on light and dark themes.
 */
public final class ErrorFormatter {
    static final String RED = "\u001b[31m";
    static final String RESET = "\u001b[0m";
    /** JShell names a snippet's frames after the snippet ("#3"); frames elsewhere are JShell, kernel or DSL code. */
    private static final String SNIPPET_FILE_PREFIX = "#";
    private static final int MAX_USER_FRAMES = 8;
    /**
     * javac's "location: class REPL.$JShell$12" with JShell's wrapper name taken out: an empty line that says nothing
     * (the marker already shows where).
     */
    private static final Pattern EMPTY_LOCATION = Pattern.compile("\\s*location:\\s*(class|interface)?\\s*");
    private static final String EXIT_REFUSED = ExitGuard.CellExitError.class.getName();
    private static final String DSL_INTERRUPTED = Progress.Interrupted.class.getName();

    private ErrorFormatter() {
    }

    /**
     * One compiler error, positions relative to its snippet (-1 if unknown).
     *
     * @param position where javac points, within [start, end)
     */
    public record Problem(long start, long end, long position, String message) {
        static Problem of(Diag diag) {
            return new Problem(diag.getStartPosition(), diag.getEndPosition(), diag.getPosition(),
                    diag.getMessage(Locale.ROOT));
        }
    }

    /** JShell's error diagnostics of a snippet as {@link Problem}s. */
    static List<Problem> errors(List<Diag> diagnostics) {
        return diagnostics.stream().filter(Diag::isError).map(Problem::of).toList();
    }

    /** A compile error: each problem as its cell line, a {@code ^~~} marker under the span, the message. */
    public static CellException compileError(String cell, int snippetStart, List<Problem> problems) {
        List<String> lines = new ArrayList<>();
        String first = null;
        for (Problem diag : problems) {
            String message = diag.message();
            if (first == null) {
                first = message;
            }
            lines.addAll(marked(cell, snippetStart, diag, message));
            lines.addAll(message.lines().skip(1).filter(line -> !EMPTY_LOCATION.matcher(line).matches()).toList());
        }
        if (first == null) {
            first = "the snippet could not be compiled";
            lines.add(first);
        }
        return new CellException("CompilationError", first, lines);
    }

    private static List<String> marked(String cell, int snippetStart, Problem diag, String message) {
        List<String> out = new ArrayList<>();
        long pos = diag.position() >= 0 ? diag.position() : diag.start();
        if (pos < 0) {
            out.add(RED + "error:" + RESET + " " + message);
            return out;
        }
        int at = clamp(snippetStart + (int) pos, cell.length());
        int lineStart = cell.lastIndexOf('\n', at - 1) + 1;
        int lineEnd = cell.indexOf('\n', at);
        if (lineEnd < 0) {
            lineEnd = cell.length();
        }
        int lineNumber = 1 + (int) cell.substring(0, lineStart).chars().filter(c -> c == '\n').count();
        int from = diag.start() >= 0 ? clamp(snippetStart + (int) diag.start(), cell.length()) : at;
        int to = diag.end() >= 0 ? clamp(snippetStart + (int) diag.end(), cell.length()) : at + 1;
        from = Math.max(from, lineStart);
        to = Math.min(Math.max(to, from + 1), Math.max(lineEnd, from + 1));
        String line = cell.substring(lineStart, lineEnd);
        String marker = " ".repeat(columns(cell, lineStart, from)) + "^" + "~".repeat(Math.max(0, columns(cell, from, to) - 1));
        out.add(RED + "error" + RESET + " on line " + lineNumber + ": " + message.lines().findFirst().orElse(""));
        out.add("    " + line);
        out.add("    " + RED + marker + RESET);
        return out;
    }

    /** The width of cell[from, to) in code points, so a marker lines up under non-ASCII text. */
    private static int columns(String cell, int from, int to) {
        return cell.codePointCount(Math.min(from, cell.length()), Math.min(to, cell.length()));
    }

    private static int clamp(int index, int length) {
        return Math.max(0, Math.min(index, length));
    }

    /** A runtime exception thrown by the user's code. */
    public static CellException runtimeError(Exception thrown) {
        if (thrown instanceof UnresolvedReferenceException unresolved) {
            String message = "a method or class is used before everything it needs is declared: "
                    + unresolved.getSnippet().source().strip();
            return new CellException("UnresolvedReference", message, List.of(RED + "UnresolvedReference" + RESET + ": " + message));
        }
        String className = thrown instanceof EvalException eval ? eval.getExceptionClassName() : thrown.getClass().getName();
        String message = withoutWrappers(thrown.getMessage());
        if (className.equals(EXIT_REFUSED)) {
            return named("ExitRefused", message);
        }
        if (className.equals(DSL_INTERRUPTED)) {
            return named("Interrupted", message); // long DSL work that stopped at an interrupt, saying how far it got
        }
        if (isLstmError(className)) {
            return new CellException(simpleName(className), message, List.of(RED + message + RESET));
        }
        List<String> lines = new ArrayList<>();
        lines.add(RED + className + RESET + (message.isEmpty() ? "" : ": " + message));
        lines.addAll(userFrames(thrown));
        Throwable cause = thrown.getCause();
        for (int depth = 0; cause != null && depth < 3; depth++, cause = cause.getCause()) {
            String causeName = cause instanceof EvalException eval ? eval.getExceptionClassName() : cause.getClass().getName();
            lines.add("Caused by: " + causeName + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        }
        return new CellException(className, message, lines);
    }

    /** JShell's wrapper classes ("REPL.$JShell$32.o") mean nothing to the user: "o". */
    private static String withoutWrappers(String message) {
        return message == null ? "" : message.replaceAll("REPL\\.\\$JShell\\$\\d+[A-Z]?\\.", "");
    }

    /** A cell stopped by an interrupt request. */
    public static CellException interrupted() {
        return named("Interrupted", "the cell was interrupted");
    }

    /** A failure the kernel itself names: one line, {@code ename: message}. */
    public static CellException named(String ename, String message) {
        return new CellException(ename, message, List.of(RED + ename + RESET + ": " + message));
    }

    private static List<String> userFrames(Throwable thrown) {
        List<String> frames = new ArrayList<>();
        for (StackTraceElement frame : thrown.getStackTrace()) {
            if (frame.getFileName() == null || !frame.getFileName().startsWith(SNIPPET_FILE_PREFIX)) {
                continue;
            }
            if (frames.size() == MAX_USER_FRAMES) {
                frames.add("    ...");
                break;
            }
            // JShell's own notation: method (#snippet:line), the top-level statement without a method name
            String name = frame.getMethodName();
            String method = name.isEmpty() || name.equals("do_it$") ? "" : name + " ";
            String line = frame.getLineNumber() > 0 ? ":" + frame.getLineNumber() : "";
            frames.add("    at " + method + "(" + frame.getFileName() + line + ")");
        }
        return frames;
    }

    static boolean isLstmError(String className) {
        try {
            Class<?> type = Class.forName(className, false, LstmException.class.getClassLoader());
            return LstmException.class.isAssignableFrom(type);
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1).replace('$', '.');
    }
}
