package org.lstmlens.kernel;

import java.util.LinkedHashMap;
import java.util.Map;

import org.lstmlens.kernel.execution.CellValue;
import org.lstmlens.kernel.execution.JShellEvaluator;
import org.lstmlens.progress.Progress;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.MimeBundle;

/**
 * A value as Jupyter display data (MIME type to content, {@code text/plain} always): a
 * {@link Displayable} with every representation its {@link MimeBundle} offers, anything else as JShell prints it.
 * A view whose rendering fails still shows, as its one-line text with a note, never as a kernel error.
 */
public final class MimeAdapter {
    private MimeAdapter() {
    }

    /** The data for a cell's value. */
    public static Map<String, String> of(CellValue value) {
        if (value.live() instanceof Displayable displayable) {
            return bundle(displayable, value.text());
        }
        return Map.of(MimeBundle.TEXT_PLAIN, value.text() == null ? "null" : value.text());
    }

    /** The data for {@code display(x)}: any object, null included. */
    public static Map<String, String> ofObject(Object value) {
        if (value instanceof Displayable displayable) {
            return bundle(displayable, null);
        }
        return Map.of(MimeBundle.TEXT_PLAIN, JShellEvaluator.jshellString(value));
    }

    private static Map<String, String> bundle(Displayable displayable, String fallbackText) {
        MimeBundle bundle;
        try {
            bundle = displayable.toMimeBundle();
        } catch (Progress.Interrupted e) {
            throw e; // an interrupt, not a view that cannot draw itself: the cell fails with it
        } catch (RuntimeException e) {
            String text = fallbackText != null ? fallbackText : safeToString(displayable);
            return Map.of(MimeBundle.TEXT_PLAIN, text + "\n(could not render: " + e + ")");
        }
        Map<String, String> data = new LinkedHashMap<>();
        if (bundle != null) {
            bundle.data().forEach((type, content) -> {
                if (content != null) {
                    data.put(type, content);
                }
            });
        }
        data.putIfAbsent(MimeBundle.TEXT_PLAIN, fallbackText != null ? fallbackText : safeToString(displayable));
        return data;
    }

    private static String safeToString(Object value) {
        try {
            return String.valueOf(value);
        } catch (RuntimeException e) {
            return value.getClass().getName();
        }
    }
}
