package org.lstmlens.kernel.runtime;

/**
 * What a cell's {@code System.exit(n)}, {@code Runtime.getRuntime().exit(n)} and {@code Runtime.getRuntime().halt(n)}
 * call instead: the kernel rewrites those calls in every snippet's bytecode before it is loaded
 * ({@code org.lstmlens.kernel.execution.ExitRewriter}), because in a kernel that runs cells in its own JVM they would
 * end the kernel, every variable and the cell's unsent output with it. The cell fails instead, with
 * {@link CellExitError}; the kernel and its variables stay.
 *
 * <p>Public only because snippet classes call it; not for notebooks.
 */
public final class ExitGuard {
    private ExitGuard() {
    }

    /** Replaces {@code System.exit(status)}. */
    public static void exit(int status) {
        throw new CellExitError("System.exit(" + status + ")");
    }

    /** Replaces {@code runtime.exit(status)}. */
    public static void exit(Runtime runtime, int status) {
        throw new CellExitError("Runtime.exit(" + status + ")");
    }

    /** Replaces {@code runtime.halt(status)}. */
    public static void halt(Runtime runtime, int status) {
        throw new CellExitError("Runtime.halt(" + status + ")");
    }

    /**
     * A cell asked the JVM to end. An {@link Error}, not an exception, so that the usual {@code catch (Exception e)}
     * in a cell does not swallow it and carry on as if the exit had happened.
     */
    public static final class CellExitError extends Error {
        private static final long serialVersionUID = 1L;

        CellExitError(String call) {
            super(call + " would end the kernel, and every variable with it: refused, the cell stops here. "
                    + "To start afresh, restart the kernel (JupyterLab: Kernel > Restart Kernel; console: Ctrl-D or exit).");
        }
    }
}
