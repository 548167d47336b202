package org.lstmlens.io;

import java.util.HashMap;
import java.util.Map;

/**
 * The keys Keras 3 files its layers' weights under ({@code layers/<key>/...}): the snake_case class name, then
 * {@code _1}, {@code _2}... for later layers of the same class, in {@code model.layers} order (Keras's
 * {@code naming.to_snake_case} and {@code _save_container_state}).
 */
final class SaveKeys {
    private final Map<String, Integer> seen = new HashMap<>();

    String next(String className) {
        String base = snake(className);
        int n = seen.merge(base, 1, Integer::sum);
        return n == 1 ? base : base + "_" + (n - 1);
    }

    static String snake(String name) {
        String s = name.replaceAll("\\W+", "");
        s = s.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        s = s.replaceAll("([a-z])([A-Z])", "$1_$2");
        return s.toLowerCase(java.util.Locale.ROOT);
    }
}
