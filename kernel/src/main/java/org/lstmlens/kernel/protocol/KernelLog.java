package org.lstmlens.kernel.protocol;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The kernel's own log. Everything goes to a log file, one per kernel; warnings and errors also go to the process's
 * original stderr, captured before cells' output is redirected (Jupyter puts it in its server log, and
 * {@code jupyter console} prints it in the terminal: INFO lines there would land on the prompt).
 *
 * <p>The file is {@code <dir>/<connection file name>.log}, {@code <dir>} being {@code $LSTMLENS_LOG_DIR} or else
 * {@code $XDG_STATE_HOME/lstm-lens/log} ({@code ~/.local/state/lstm-lens/log}); the newest {@value #KEEP_FILES} files
 * are kept. When no file can be written, stderr gets every line, starting with a warning that says why.
 */
public final class KernelLog {
    static final int KEEP_FILES = 20;

    private final PrintStream stderr;
    private final PrintStream file;
    private final Path path;

    private KernelLog(PrintStream stderr, PrintStream file, Path path) {
        this.stderr = stderr;
        this.file = file;
        this.path = path;
    }

    /** A log writing every level to {@code stderr}: for tools and the warm-up run. */
    public KernelLog(PrintStream stderr) {
        this(stderr, null, null);
    }

    /** The log of the kernel started for {@code connectionFile}, in the log folder (see the class comment). */
    public static KernelLog forKernel(Path connectionFile, PrintStream stderr) {
        Path dir = logDir();
        String name = connectionFile.getFileName().toString().replaceFirst("\\.json$", "") + ".log";
        try {
            Files.createDirectories(dir);
            prune(dir);
            Path path = dir.resolve(name);
            PrintStream file = new PrintStream(Files.newOutputStream(path, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND), true, StandardCharsets.UTF_8);
            return new KernelLog(stderr, file, path);
        } catch (IOException | RuntimeException e) {
            KernelLog log = new KernelLog(stderr);
            log.warn("no log file in " + dir + " (" + e + "); logging to stderr (set LSTMLENS_LOG_DIR to a "
                    + "writable folder)");
            return log;
        }
    }

    static Path logDir() {
        String explicit = System.getenv("LSTMLENS_LOG_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String state = System.getenv("XDG_STATE_HOME");
        Path base = state != null && !state.isBlank() ? Path.of(state)
                : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("lstm-lens").resolve("log");
    }

    /** Removes the oldest log files beyond the newest {@value #KEEP_FILES} - 1 (this kernel's makes the last). */
    private static void prune(Path dir) throws IOException {
        List<Path> logs;
        try (Stream<Path> files = Files.list(dir)) {
            logs = files.filter(p -> p.getFileName().toString().endsWith(".log"))
                    .sorted(Comparator.comparing(KernelLog::modified).reversed())
                    .toList();
        }
        for (Path old : logs.subList(Math.min(logs.size(), KEEP_FILES - 1), logs.size())) {
            Files.deleteIfExists(old);
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The log file, if there is one. */
    public Optional<Path> file() {
        return Optional.ofNullable(path);
    }

    public void info(String message) {
        write("INFO", message, false);
    }

    public void warn(String message) {
        write("WARN", message, true);
    }

    public void error(String message, Throwable cause) {
        write("ERROR", message + (cause == null ? "" : ": " + cause), true);
    }

    private synchronized void write(String level, String message, boolean alsoStderr) {
        String line = "[lstm-lens " + LocalDateTime.now().truncatedTo(ChronoUnit.MILLIS) + " " + level + "] " + message;
        if (file != null) {
            file.println(line);
        }
        if (file == null || alsoStderr) {
            stderr.println(line);
            stderr.flush();
        }
    }

    /** Where JShell's own messages go: the log file, or stderr without one. */
    public PrintStream stream() {
        return file != null ? file : stderr;
    }
}
