package org.lstmlens.io.torch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lstmlens.error.ModelFileException;

/**
 * The globals a PyTorch pickle may name, and what each one does here: a fixed list, checked by name when the GLOBAL
 * opcode is read. Anything else is refused there, with its name and why. What a symbol "does" is a switch in this
 * class over plain data (a storage and sizes become a {@link TorchTensor}, {@code OrderedDict()} an empty map); no
 * class named by a file is ever looked up, in Python or in Java.
 */
final class Globals {
    /** What the reader promises, for messages. */
    static final String PROMISE = "LSTM Lens builds tensors and plain containers (dict, OrderedDict, list, tuple, str, "
            + "int, float, bool, None) from a pickle and never runs, instantiates or looks up anything a file names";

    static final String SAVE_WEIGHTS = "save its weights instead: torch.save(model.state_dict(), \"m.pt\") (or "
            + "safetensors' save_file(model.state_dict(), \"m.safetensors\")), or a TorchScript archive: "
            + "torch.jit.save(torch.jit.script(model), \"m.pt\")";

    /** What a known global stands for. */
    enum Role {
        ORDERED_DICT, REBUILD_TENSOR_V2, REBUILD_TENSOR, REBUILD_PARAMETER, STORAGE_TYPE, LIST_BUILDER, TYPE_TAG,
        DEVICE, SCRIPT_CLASS
    }

    /** A global the reader knows: a label, never code. */
    record Symbol(String module, String name, Role role, DType dtype) {
        String qualified() {
            return module + "." + name;
        }

        @Override
        public String toString() {
            return qualified();
        }
    }

    private final boolean torchScript;

    /** @param torchScript whether {@code __torch__.*} classes (a TorchScript archive's modules) may appear */
    Globals(boolean torchScript) {
        this.torchScript = torchScript;
    }

    /** The symbol for {@code module.name}, or a refusal naming it. */
    Symbol resolve(String module, String name, String where, int at) {
        Role role = roleOf(module, name);
        if (role == null) {
            throw new ModelFileException(where + ": the pickle asks for " + module + "." + name + " at byte " + at
                    + ", which is not a tensor or a plain container; refused before anything ran: " + PROMISE
                    + (looksLikeModule(module, name) ? ". " + module + "." + name + " looks like a model class: the "
                    + "file is likely a whole pickled module, as torch.save(model) writes, which only Python can "
                    + "rebuild by running that class's code; " + SAVE_WEIGHTS : ""));
        }
        return new Symbol(module, name, role, role == Role.STORAGE_TYPE ? DType.ofStorage(name) : null);
    }

    private Role roleOf(String module, String name) {
        switch (module + "." + name) {
            case "collections.OrderedDict":
                return Role.ORDERED_DICT;
            case "torch._utils._rebuild_tensor_v2":
                return Role.REBUILD_TENSOR_V2;
            case "torch._utils._rebuild_tensor":
                return Role.REBUILD_TENSOR;
            case "torch._utils._rebuild_parameter":
            case "torch._utils._rebuild_parameter_with_state":
                return Role.REBUILD_PARAMETER;
            case "torch.jit._pickle.build_intlist":
            case "torch.jit._pickle.build_floatlist":
            case "torch.jit._pickle.build_boollist":
            case "torch.jit._pickle.build_doublelist":
            case "torch.jit._pickle.build_tensorlist":
            case "torch.jit._pickle.build_genericlist":
                return Role.LIST_BUILDER;
            case "torch.jit._pickle.restore_type_tag":
                return Role.TYPE_TAG;
            case "torch.device":
                return Role.DEVICE;
            default:
                if (module.equals("torch") && DType.ofStorage(name) != null) {
                    return Role.STORAGE_TYPE;
                }
                if (torchScript && module.startsWith("__torch__")) {
                    return Role.SCRIPT_CLASS;
                }
                return null;
        }
    }

    private static boolean looksLikeModule(String module, String name) {
        return module.startsWith("torch.nn") || module.equals("__main__") || module.startsWith("__torch__")
                || (!name.isEmpty() && Character.isUpperCase(name.charAt(0)) && !module.startsWith("torch")
                && !module.equals("builtins") && !module.equals("__builtin__"));
    }

    /** REDUCE: {@code symbol(*args)}, for the symbols that build values. */
    Object call(Symbol s, List<Object> args, String where, int at) {
        switch (s.role()) {
            case ORDERED_DICT:
                Map<Object, Object> d = new LinkedHashMap<>();
                if (!args.isEmpty() && args.get(0) instanceof List) {
                    for (Object pair : (List<?>) args.get(0)) {
                        List<?> kv = (List<?>) pair;
                        d.put(kv.get(0), kv.get(1));
                    }
                }
                return d;
            case REBUILD_TENSOR_V2:
            case REBUILD_TENSOR:
                return tensor(args, where, at);
            case REBUILD_PARAMETER:
            case TYPE_TAG:
                return args.get(0);
            case LIST_BUILDER:
                return args.get(0);
            case DEVICE:
                return String.valueOf(args.isEmpty() ? "cpu" : args.get(0));
            case SCRIPT_CLASS:
                return new ScriptObject(s.qualified());
            default:
                throw new ModelFileException(where + ": the pickle calls " + s + " at byte " + at + ", which builds "
                        + "nothing (a " + s.role().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                        + "); the file is damaged");
        }
    }

    /** NEWOBJ: {@code cls.__new__(cls, *args)}; only TorchScript's classes (as plain attribute maps) and OrderedDict. */
    Object construct(Symbol s, List<Object> args, String where, int at) {
        if (s.role() == Role.SCRIPT_CLASS || s.role() == Role.ORDERED_DICT) {
            return call(s, args, where, at);
        }
        throw new ModelFileException(where + ": the pickle makes a new " + s + " at byte " + at + " (NEWOBJ), which "
                + "is not a class; the file is damaged");
    }

    /** BUILD: sets the state of what was just built. */
    void build(Object target, Object state, String where, int at) {
        if (target instanceof ScriptObject) {
            ((ScriptObject) target).build(state);
        } else if (!(target instanceof Map) && !(target instanceof TorchTensor)) {
            // an OrderedDict's state is its __dict__ (a state_dict's _metadata); a tensor's, its Python attributes
            throw new ModelFileException(where + ": the pickle sets the state of " + describe(target) + " at byte "
                    + at + " (BUILD); only TorchScript objects, dicts and tensors take one here");
        }
    }

    private static TorchTensor tensor(List<Object> args, String where, int at) {
        if (args.size() < 4 || !(args.get(0) instanceof Storage)) {
            throw new ModelFileException(where + ": _rebuild_tensor_v2 at byte " + at + " has arguments " + describe(args)
                    + "; PyTorch writes (storage, offset, size, stride, ...)");
        }
        List<?> size = (List<?>) args.get(2);
        List<?> stride = (List<?>) args.get(3);
        if (size.size() != stride.size()) {
            throw new ModelFileException(where + ": a tensor at byte " + at + " has size " + size + " and stride "
                    + stride + " of different lengths");
        }
        int[] shape = new int[size.size()];
        long[] st = new long[stride.size()];
        for (int i = 0; i < shape.length; i++) {
            long n = ((Number) size.get(i)).longValue();
            if (n < 0 || n > Integer.MAX_VALUE) {
                throw new ModelFileException(where + ": a tensor at byte " + at + " has size " + size + "; valid "
                        + "sizes are 0.." + Integer.MAX_VALUE);
            }
            shape[i] = (int) n;
            st[i] = ((Number) stride.get(i)).longValue();
        }
        return new TorchTensor((Storage) args.get(0), ((Number) args.get(1)).longValue(), shape, st);
    }

    /** A value's Python type, for messages. */
    static String describe(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof Symbol) {
            return "the global " + o;
        }
        if (o instanceof List) {
            return "a tuple/list of " + ((List<?>) o).size();
        }
        if (o instanceof Map) {
            return "a dict";
        }
        if (o instanceof String) {
            return "the string \"" + o + "\"";
        }
        if (o instanceof ScriptObject) {
            return "an object of " + ((ScriptObject) o).className();
        }
        return "a " + o.getClass().getSimpleName();
    }
}
