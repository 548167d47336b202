package org.lstmlens.io.torch;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An object of a TorchScript class ({@code __torch__.*}, e.g. {@code __torch__.torch.nn.modules.rnn.LSTM}) as plain
 * data: its class name and the attributes its pickled state set. Nothing of the class is looked up or run; the name
 * is a label. Attributes are filled while the pickle is read (BUILD), then only read.
 */
final class ScriptObject {
    private final String className;
    private final Map<String, Object> attributes = new LinkedHashMap<>();
    private Object state;

    ScriptObject(String className) {
        this.className = className;
    }

    /** E.g. {@code __torch__.torch.nn.modules.rnn.LSTM}. */
    String className() {
        return className;
    }

    /** The class name without the {@code __torch__.} prefix and any {@code ___torch_mangle_N.} part. */
    String plainClassName() {
        String n = className.startsWith("__torch__.") ? className.substring("__torch__.".length()) : className;
        return n.replaceAll("___torch_mangle_\\d+\\.", "");
    }

    /** The last part of the plain class name: {@code LSTM}. */
    String simpleName() {
        String n = plainClassName();
        return n.substring(n.lastIndexOf('.') + 1);
    }

    Map<String, Object> attributes() {
        return Collections.unmodifiableMap(attributes);
    }

    Object attribute(String name) {
        return attributes.get(name);
    }

    /** The state BUILD gave: a dict of attributes (TorchScript modules), or anything else kept as it came. */
    void build(Object value) {
        if (value instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                attributes.put(String.valueOf(e.getKey()), e.getValue());
            }
        } else {
            state = value;
        }
    }

    /** A state that was not a dict of attributes (a class's own __getstate__), or null. */
    Object state() {
        return state;
    }

    @Override
    public String toString() {
        return plainClassName() + attributes.keySet();
    }
}
