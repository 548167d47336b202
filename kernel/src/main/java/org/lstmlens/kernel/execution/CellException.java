package org.lstmlens.kernel.execution;

import java.util.List;

/**
 * A cell that failed, already put the way Jupyter shows errors: {@code ename}, {@code evalue} and the traceback lines.
 * Thrown by {@link JShellEvaluator#eval}; the kernel carries on after it.
 */
public final class CellException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String ename;
    private final String evalue;
    private final List<String> traceback;

    public CellException(String ename, String evalue, List<String> traceback) {
        super(ename + ": " + evalue, null, false, false);
        this.ename = ename;
        this.evalue = evalue;
        this.traceback = List.copyOf(traceback);
    }

    public String ename() {
        return ename;
    }

    public String evalue() {
        return evalue;
    }

    public List<String> traceback() {
        return traceback;
    }
}
