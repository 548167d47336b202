package org.lstmlens.io.torch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a PyTorch file holds, as one flat list: every tensor under its state_dict key (nested dicts and TorchScript
 * submodules joined with dots, {@code encoder.lstm.weight_ih_l0}), in the file's order; for a TorchScript archive,
 * each module's class and settings ({@link ScriptModule}); and the values that were not tensors, for the listing.
 */
final class StateDict {
    private final String file;
    private final String format;
    private final Map<String, TorchTensor> tensors;
    private final Map<String, ScriptModule> modules;
    private final List<String> others;

    StateDict(String file, String format, Map<String, TorchTensor> tensors, Map<String, ScriptModule> modules,
              List<String> others) {
        this.file = file;
        this.format = format;
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        this.modules = Collections.unmodifiableMap(new LinkedHashMap<>(modules));
        this.others = List.copyOf(others);
    }

    String file() {
        return file;
    }

    /** E.g. {@code PyTorch state_dict (torch.save zip)}. */
    String format() {
        return format;
    }

    Map<String, TorchTensor> tensors() {
        return tensors;
    }

    /** TorchScript modules by prefix ({@code ""} for the root); empty for a state_dict or safetensors. */
    Map<String, ScriptModule> modules() {
        return modules;
    }

    boolean isTorchScript() {
        return !modules.isEmpty();
    }

    /** Values that are not tensors, as {@code key = value}, e.g. {@code epoch = 3}. */
    List<String> others() {
        return others;
    }

    /**
     * Flattens what a pickle held into keys: a state_dict, a checkpoint dict holding one, or a TorchScript module.
     *
     * @param root the unpickled value
     * @param code the TorchScript archive's class settings, or null for a state_dict
     */
    static StateDict of(String file, String format, Object root, ScriptCode code) {
        Map<String, TorchTensor> tensors = new LinkedHashMap<>();
        Map<String, ScriptModule> modules = new LinkedHashMap<>();
        List<String> others = new ArrayList<>();
        walk("", root, tensors, modules, others, code);
        return new StateDict(file, format, tensors, modules, others);
    }

    private static void walk(String prefix, Object value, Map<String, TorchTensor> tensors,
                             Map<String, ScriptModule> modules, List<String> others, ScriptCode code) {
        if (value instanceof TorchTensor) {
            tensors.put(prefix, (TorchTensor) value);
        } else if (value instanceof Map) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
                walk(join(prefix, String.valueOf(e.getKey())), e.getValue(), tensors, modules, others, code);
            }
        } else if (value instanceof ScriptObject) {
            ScriptObject o = (ScriptObject) value;
            modules.put(prefix, new ScriptModule(prefix, o, code));
            for (Map.Entry<String, Object> e : o.attributes().entrySet()) {
                // lists (_flat_weights, _all_weights) repeat the module's own tensors and names
                if (e.getValue() instanceof TorchTensor || e.getValue() instanceof ScriptObject) {
                    walk(join(prefix, e.getKey()), e.getValue(), tensors, modules, others, code);
                }
            }
        } else if (code == null && !prefix.isEmpty()) {
            others.add(prefix + " = " + shortText(value));
        } else if (code == null) {
            others.add("the file holds " + Globals.describe(value) + ", not a dict of tensors");
        }
    }

    private static String join(String prefix, String key) {
        return prefix.isEmpty() ? key : prefix + "." + key;
    }

    private static String shortText(Object v) {
        String s = v instanceof List ? "[" + ((List<?>) v).size() + " items]" : String.valueOf(v);
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
