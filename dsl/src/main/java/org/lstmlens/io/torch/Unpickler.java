package org.lstmlens.io.torch;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.lstmlens.error.ModelFileException;

/**
 * A restricted pickle reader: it builds tensors and plain containers (dict, OrderedDict, list, tuple, str, int,
 * float, bool, None) and, in TorchScript archives, {@link ScriptObject}s, and nothing else. Every global a pickle
 * names is checked against {@link Globals} when its opcode is read, before any later opcode: an unknown one (say
 * {@code os.system}, {@code builtins.eval}, a user's module class) ends the read with a message naming it. Nothing
 * the file names is ever run, instantiated or looked up as a Java class: a global becomes one of a few fixed
 * {@link Globals.Symbol}s, and REDUCE on a symbol is a switch over those.
 *
 * <p>Opcodes of protocols 0 to 5 that build those values are read; the ones that would need more (sets, bytearrays
 * out of band, the copyreg extension registry, INST/OBJ classes) are refused by name. Tuples and lists both become
 * unmodifiable {@link List}s; dicts {@link LinkedHashMap}s in the file's order; ints {@link Long} (or
 * {@link BigInteger} beyond 64 bits); floats {@link Double}; Python 2 byte strings and bytes {@code byte[]}.
 */
final class Unpickler {
    private final ByteBuffer in;
    private final String where;
    private final Globals globals;
    private final Function<List<Object>, Object> persistentLoad;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private int opAt;

    /**
     * @param where the file and entry, for messages, e.g. {@code m.pt!/archive/data.pkl}
     * @param persistentLoad turns a persistent id (PyTorch's {@code ('storage', type, key, location, numel)}) into
     *     a {@link Storage}; called with the id as a list
     */
    Unpickler(byte[] data, String where, Globals globals, Function<List<Object>, Object> persistentLoad) {
        this.in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        this.where = where;
        this.globals = globals;
        this.persistentLoad = persistentLoad;
    }

    /** Where the pickle ended (STOP + 1): a legacy torch file holds several pickles back to back. */
    int position() {
        return in.position();
    }

    /** Starts reading at {@code offset} (for a legacy file's later pickles). */
    Unpickler at(int offset) {
        in.position(offset);
        return this;
    }

    /**
     * Reads one pickle up to its STOP.
     *
     * @throws ModelFileException naming the file and what was wrong: a refused global, a truncated or damaged stream
     */
    Object load() {
        stack.clear();
        marks.clear();
        memo.clear();
        try {
            while (true) {
                opAt = in.position();
                int op = in.get() & 0xff;
                if (op == '.') {
                    Object result = pop();
                    return result;
                }
                step(op);
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw damaged("the pickle ends inside the opcode at byte " + opAt + " (truncated)");
        } catch (IndexOutOfBoundsException | ClassCastException | IllegalArgumentException e) {
            throw damaged("the opcode at byte " + opAt + " does not fit the values before it (" + e.getMessage() + ")");
        }
    }

    private void step(int op) {
        switch (op) {
            case 0x80: // PROTO
                int proto = in.get() & 0xff;
                if (proto > 5) {
                    throw damaged("pickle protocol " + proto + " at byte " + opAt + "; protocols 0 to 5 exist");
                }
                break;
            case 0x95: // FRAME: a length prefix only
                in.getLong();
                break;
            case '(': // MARK
                marks.add(stack.size());
                break;
            case '0': // POP
                if (!marks.isEmpty() && marks.get(marks.size() - 1) == stack.size()) {
                    marks.remove(marks.size() - 1);
                } else {
                    pop();
                }
                break;
            case '1': // POP_MARK
                popMark();
                break;
            case '2': // DUP
                push(peek());
                break;
            case 'N':
                push(null);
                break;
            case 0x88:
                push(Boolean.TRUE);
                break;
            case 0x89:
                push(Boolean.FALSE);
                break;
            case 'J': // BININT
                push((long) in.getInt());
                break;
            case 'K': // BININT1
                push((long) (in.get() & 0xff));
                break;
            case 'M': // BININT2
                push((long) (in.getShort() & 0xffff));
                break;
            case 0x8a: // LONG1
                push(PickleScalars.longOf(bytes(in.get() & 0xff)));
                break;
            case 0x8b: // LONG4
                push(PickleScalars.longOf(bytes(length(in.getInt()))));
                break;
            case 'I': // INT (text; I00/I01 are False/True)
                push(PickleScalars.textInt(line()));
                break;
            case 'L': // LONG (text)
                push(PickleScalars.narrow(new BigInteger(PickleScalars.strip(line(), "L"))));
                break;
            case 'G': // BINFLOAT, big-endian
                push(in.order(ByteOrder.BIG_ENDIAN).getDouble());
                in.order(ByteOrder.LITTLE_ENDIAN);
                break;
            case 'F':
                push(Double.parseDouble(line()));
                break;
            case 'X': // BINUNICODE
                push(PickleScalars.utf8(bytes(length(in.getInt()))));
                break;
            case 0x8c: // SHORT_BINUNICODE
                push(PickleScalars.utf8(bytes(in.get() & 0xff)));
                break;
            case 0x8d: // BINUNICODE8
                push(PickleScalars.utf8(bytes(length(in.getLong()))));
                break;
            case 'V': // UNICODE (raw-unicode-escape, protocol 0)
                push(PickleScalars.rawUnicode(line()));
                break;
            case 'S': // STRING (quoted, protocol 0)
                push(PickleScalars.unquote(line()));
                break;
            case 'T': // BINSTRING
                push(new String(bytes(length(in.getInt())), StandardCharsets.ISO_8859_1));
                break;
            case 'U': // SHORT_BINSTRING
                push(new String(bytes(in.get() & 0xff), StandardCharsets.ISO_8859_1));
                break;
            case 'B': // BINBYTES
                push(bytes(length(in.getInt())));
                break;
            case 'C': // SHORT_BINBYTES
                push(bytes(in.get() & 0xff));
                break;
            case 0x8e: // BINBYTES8
                push(bytes(length(in.getLong())));
                break;
            case ')':
                push(List.of());
                break;
            case 't':
                push(tuple(popMark()));
                break;
            case 0x85:
                push(tuple(List.of(pop())));
                break;
            case 0x86: {
                Object b = pop();
                push(tuple(Arrays.asList(pop(), b)));
                break;
            }
            case 0x87: {
                Object c = pop();
                Object b = pop();
                push(tuple(Arrays.asList(pop(), b, c)));
                break;
            }
            case ']':
                push(new ArrayList<>());
                break;
            case 'l':
                push(new ArrayList<>(popMark()));
                break;
            case 'a': {
                Object v = pop();
                list(peek()).add(v);
                break;
            }
            case 'e': {
                List<Object> items = popMark();
                list(peek()).addAll(items);
                break;
            }
            case '}':
                push(new LinkedHashMap<>());
                break;
            case 'd': {
                Map<Object, Object> d = new LinkedHashMap<>();
                putAll(d, popMark());
                push(d);
                break;
            }
            case 's': {
                Object v = pop();
                Object k = pop();
                dict(peek()).put(k, v);
                break;
            }
            case 'u': {
                List<Object> items = popMark();
                putAll(dict(peek()), items);
                break;
            }
            case 'c': { // GLOBAL module\nname\n
                String module = line();
                push(globals.resolve(module, line(), where, opAt));
                break;
            }
            case 0x93: { // STACK_GLOBAL
                Object name = pop();
                Object module = pop();
                push(globals.resolve(String.valueOf(module), String.valueOf(name), where, opAt));
                break;
            }
            case 'R': { // REDUCE
                Object args = pop();
                push(globals.call(symbol(pop(), "REDUCE"), tupleArgs(args), where, opAt));
                break;
            }
            case 0x81: { // NEWOBJ
                Object args = pop();
                push(globals.construct(symbol(pop(), "NEWOBJ"), tupleArgs(args), where, opAt));
                break;
            }
            case 0x92: { // NEWOBJ_EX
                pop(); // kwargs
                Object args = pop();
                push(globals.construct(symbol(pop(), "NEWOBJ_EX"), tupleArgs(args), where, opAt));
                break;
            }
            case 'b': { // BUILD
                Object state = pop();
                globals.build(peek(), state, where, opAt);
                break;
            }
            case 'Q': // BINPERSID
                push(persistent(pop()));
                break;
            case 'P': // PERSID (text)
                push(persistent(List.of(line())));
                break;
            case 'p': // PUT
                memo.put(Long.parseLong(line()), peek());
                break;
            case 'q':
                memo.put((long) (in.get() & 0xff), peek());
                break;
            case 'r':
                memo.put(in.getInt() & 0xffffffffL, peek());
                break;
            case 0x94: // MEMOIZE
                memo.put((long) memo.size(), peek());
                break;
            case 'g':
                push(memo(Long.parseLong(line())));
                break;
            case 'h':
                push(memo(in.get() & 0xff));
                break;
            case 'j':
                push(memo(in.getInt() & 0xffffffffL));
                break;
            case 'i': // INST module\nname\n: instantiates a class
            case 'o': // OBJ
                if (op == 'i') {
                    String module = line();
                    globals.resolve(module, line(), where, opAt); // refuses it by name
                }
                throw refused("opcode " + (op == 'i' ? "INST" : "OBJ") + " (instantiates a class)");
            case 0x82:
            case 0x83:
            case 0x84:
                throw refused("opcode EXT" + (op == 0x82 ? 1 : op == 0x83 ? 2 : 4) + " (a global from the copyreg "
                        + "extension registry)");
            case 0x8f:
            case 0x90:
            case 0x91:
                throw refused("a set (opcode " + (op == 0x8f ? "EMPTY_SET" : op == 0x90 ? "ADDITEMS" : "FROZENSET")
                        + ")");
            case 0x96:
            case 0x97:
            case 0x98:
                throw refused("an out-of-band buffer (protocol 5 opcode 0x" + Integer.toHexString(op) + ")");
            default:
                throw damaged("byte 0x" + Integer.toHexString(op) + " at offset " + opAt + " is not a pickle opcode "
                        + "(damaged, or not a pickle)");
        }
    }

    private Object persistent(Object pid) {
        if (!(pid instanceof List)) {
            throw damaged("the persistent id at byte " + opAt + " is " + Globals.describe(pid) + "; PyTorch writes a "
                    + "tuple ('storage', type, key, location, numel)");
        }
        @SuppressWarnings("unchecked")
        List<Object> id = (List<Object>) pid;
        return persistentLoad.apply(id);
    }

    private Globals.Symbol symbol(Object callable, String opcode) {
        if (callable instanceof Globals.Symbol) {
            return (Globals.Symbol) callable;
        }
        throw damaged(opcode + " at byte " + opAt + " calls " + Globals.describe(callable) + ", which is not a "
                + "callable");
    }

    private static List<Object> tupleArgs(Object args) {
        if (!(args instanceof List)) {
            throw new IllegalArgumentException("arguments are " + Globals.describe(args) + ", not a tuple");
        }
        @SuppressWarnings("unchecked")
        List<Object> a = (List<Object>) args;
        return a;
    }

    private static List<Object> tuple(List<Object> items) {
        return Collections.unmodifiableList(new ArrayList<>(items));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        if (o instanceof ArrayList) {
            return (List<Object>) o;
        }
        throw new IllegalArgumentException("APPEND to " + Globals.describe(o) + ", not a list");
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> dict(Object o) {
        if (o instanceof Map) {
            return (Map<Object, Object>) o;
        }
        throw new IllegalArgumentException("SETITEM on " + Globals.describe(o) + ", not a dict");
    }

    private static void putAll(Map<Object, Object> d, List<Object> items) {
        if (items.size() % 2 != 0) {
            throw new IllegalArgumentException(items.size() + " items for key/value pairs");
        }
        for (int i = 0; i < items.size(); i += 2) {
            Object key = items.get(i);
            if (key instanceof List || key instanceof Map || key instanceof byte[]) {
                // tuples would be hashable in Python; no file we read keys a dict by them
                key = String.valueOf(key);
            }
            d.put(key, items.get(i + 1));
        }
    }

    private void push(Object o) {
        stack.add(o);
    }

    private Object pop() {
        if (stack.isEmpty() || (!marks.isEmpty() && marks.get(marks.size() - 1) == stack.size())) {
            throw damaged("the opcode at byte " + opAt + " takes a value from an empty stack");
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek() {
        if (stack.isEmpty()) {
            throw damaged("the opcode at byte " + opAt + " reads a value from an empty stack");
        }
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark() {
        if (marks.isEmpty()) {
            throw damaged("the opcode at byte " + opAt + " needs a MARK and there is none");
        }
        int at = marks.remove(marks.size() - 1);
        List<Object> items = new ArrayList<>(stack.subList(at, stack.size()));
        stack.subList(at, stack.size()).clear();
        return items;
    }

    private Object memo(long key) {
        if (!memo.containsKey(key)) {
            throw damaged("the opcode at byte " + opAt + " reads memo entry " + key + ", which was never stored");
        }
        return memo.get(key);
    }

    private int length(long n) {
        if (n < 0 || n > in.remaining()) {
            throw damaged("the opcode at byte " + opAt + " announces " + n + " bytes but " + in.remaining()
                    + " remain (truncated or damaged)");
        }
        return (int) n;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[length(n)];
        in.get(b);
        return b;
    }

    private String line() {
        int start = in.position();
        while (in.get() != '\n') {
            // scan to the newline; BufferUnderflowException reports truncation
        }
        byte[] b = new byte[in.position() - start - 1];
        in.get(start, b);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private ModelFileException damaged(String what) {
        return new ModelFileException(where + ": " + what);
    }

    private ModelFileException refused(String what) {
        return new ModelFileException(where + ": the pickle asks for " + what + " at byte " + opAt + "; refused "
                + "before anything ran: " + Globals.PROMISE);
    }
}
