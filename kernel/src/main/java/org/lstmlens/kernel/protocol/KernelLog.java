package org.lstmlens.kernel.protocol;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/**
 * The kernel's own log: the process's original stderr (which Jupyter writes to its server log), captured before
 * cells' output is redirected, so a kernel message never lands in a cell.
 */
public final class KernelLog {
    private final PrintStream out;

    public KernelLog(PrintStream out) {
        this.out = out;
    }

    public void info(String message) {
        write("INFO", message);
    }

    public void warn(String message) {
        write("WARN", message);
    }

    public void error(String message, Throwable cause) {
        write("ERROR", message + (cause == null ? "" : ": " + cause));
    }

    private void write(String level, String message) {
        out.println("[lstm-lens " + LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + " " + level + "] " + message);
        out.flush();
    }

    public PrintStream stream() {
        return out;
    }
}
