package org.lstmlens.kernel.protocol;

import java.util.Map;
import java.util.Optional;

import com.google.gson.JsonObject;
import org.lstmlens.kernel.execution.CellException;
import org.lstmlens.kernel.execution.Completer.Completions;

/**
 * What the protocol layer needs from the language side. Positions are UTF-16 indexes here; the protocol layer
 * converts from and to the code points Jupyter counts.
 */
public interface KernelBackend {
    /** kernel_info's {@code language_info}. */
    JsonObject languageInfo();

    String banner();

    String implementationVersion();

    /**
     * Runs a cell; its last expression's value as MIME type to content ({@code text/plain} always), if it has one.
     *
     * @throws CellException when the cell fails or is interrupted
     */
    Optional<Map<String, String>> execute(String code) throws CellException;

    /**
     * True when the cell is one of {@code exit}, {@code quit}, {@code exit()}, {@code quit()} and the notebook defines
     * nothing by that name: the reply then asks the frontend to end the session ({@code jupyter console} does).
     */
    boolean isExitRequest(String code);

    Completions completions(String code, int cursor);

    Optional<String> documentation(String code, int cursor);

    /** "complete", "invalid", or "incomplete" followed by the indent, as {@code status} and {@code indent}. */
    String[] completeness(String code);

    /** Stops the running cell; harmless when idle. Called from the control thread. */
    void interrupt();

    void shutdown(boolean restart);
}
