package org.lstmlens.io.torch;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One module of a TorchScript archive: where it sits ({@code encoder.lstm}), its class
 * ({@code torch.nn.modules.rnn.LSTM}) and its settings: the constants its compiled class declares
 * ({@code hidden_size : Final[int] = 4}, read as text from the archive's code, never run) and the plain attributes
 * of its pickled state ({@code nonlinearity = "relu"}).
 */
final class ScriptModule {
    private final String prefix;
    private final String className;
    private final Map<String, Object> settings = new LinkedHashMap<>();

    ScriptModule(String prefix, ScriptObject object, ScriptCode code) {
        this.prefix = prefix;
        this.className = object.plainClassName();
        if (code != null) {
            settings.putAll(code.constants(object.className()));
        }
        for (Map.Entry<String, Object> e : object.attributes().entrySet()) {
            Object v = e.getValue();
            if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                settings.putIfAbsent(e.getKey(), v);
            }
        }
    }

    String prefix() {
        return prefix;
    }

    /** Without {@code __torch__.} and mangling: {@code torch.nn.modules.rnn.LSTM}, {@code Net}. */
    String className() {
        return className;
    }

    /** The last part of the class name: {@code LSTM}. */
    String simpleName() {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    Map<String, Object> settings() {
        return java.util.Collections.unmodifiableMap(settings);
    }

    /** An int setting, or null when the module does not state it. */
    Integer integer(String name) {
        Object v = settings.get(name);
        return v instanceof Number ? ((Number) v).intValue() : null;
    }

    Boolean bool(String name) {
        Object v = settings.get(name);
        return v instanceof Boolean ? (Boolean) v : null;
    }

    String string(String name) {
        Object v = settings.get(name);
        return v instanceof String ? (String) v : null;
    }

    @Override
    public String toString() {
        return (prefix.isEmpty() ? "(root)" : prefix) + ": " + className + settings;
    }
}
