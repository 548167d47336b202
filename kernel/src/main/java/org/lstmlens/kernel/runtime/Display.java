package org.lstmlens.kernel.runtime;

import java.util.function.Consumer;

/**
 * Notebook helpers, imported statically into every notebook: {@code display(x)} shows {@code x} now, mid-cell, the way
 * a cell's value is shown (all the MIME types a {@link org.lstmlens.render.Displayable} offers).
 */
public final class Display {
    private static volatile Consumer<Object> sink = value -> System.out.println(value);

    private Display() {
    }

    /** Shows {@code value} in the cell's output now; a null shows as {@code null}. */
    public static void display(Object value) {
        sink.accept(value);
    }

    /** Where {@link #display} sends values; the kernel installs its publisher here. */
    public static void useSink(Consumer<Object> newSink) {
        sink = newSink;
    }
}
