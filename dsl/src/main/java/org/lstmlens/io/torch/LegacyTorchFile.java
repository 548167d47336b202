package org.lstmlens.io.torch;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lstmlens.error.ModelFileException;

/**
 * The format {@code torch.save} wrote before PyTorch 1.6 (and still writes with
 * {@code _use_new_zipfile_serialization=False}): five pickles back to back (the magic number
 * 0x1950a86a20f9469cfc6c, the protocol version 1001, sys_info, the object, the sorted storage keys), then each
 * storage in that order as an int64 element count and its raw little-endian bytes. The object's persistent ids are
 * {@code ('storage', torch.FloatStorage, key, location, numel, view_metadata)}. Read with the same restricted
 * {@link Unpickler}: once to learn each key's dtype, then, with the storages placed, for real.
 */
final class LegacyTorchFile {
    private static final BigInteger MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    private static final byte[] HEAD = {(byte) 0x80, 0x02, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46,
        (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19};

    private LegacyTorchFile() {
    }

    /** Whether a file starts with the legacy format's first pickle (protocol 2, the magic number). */
    static boolean looksLike(byte[] head) {
        if (head.length < HEAD.length) {
            return false;
        }
        for (int i = 0; i < HEAD.length; i++) {
            if (head[i] != HEAD[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads every tensor of a legacy torch.save file.
     *
     * @throws ModelFileException naming the file and what was wrong
     */
    static StateDict read(Path path) {
        String file = path.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException | OutOfMemoryError e) {
            throw new ModelFileException(file + ": cannot be read: " + e.getMessage(), e);
        }
        Map<String, DType> dtypes = new HashMap<>();
        Storage none = new Storage(file, DType.U8, ByteBuffer.allocate(0));
        Unpickler first = new Unpickler(bytes, file, new Globals(false), pid -> {
            List<Object> id = check(file, pid);
            dtypes.put(String.valueOf(id.get(2)), ((Globals.Symbol) id.get(1)).dtype());
            return none;
        });
        if (!MAGIC.equals(first.load())) {
            throw new ModelFileException(file + ": does not start with torch.save's magic number; not a PyTorch file");
        }
        Object protocol = first.load();
        if (!Long.valueOf(1001).equals(protocol)) {
            throw new ModelFileException(file + ": torch.save protocol version " + protocol + "; LSTM Lens reads 1001");
        }
        Object sys = first.load();
        if (sys instanceof Map && Boolean.FALSE.equals(((Map<?, ?>) sys).get("little_endian"))) {
            throw new ModelFileException(file + ": was written on a big-endian machine; load and re-save it with "
                    + "torch on a little-endian one");
        }
        int objectAt = first.position();
        first.load();
        Object keys = first.load();
        if (!(keys instanceof List)) {
            throw new ModelFileException(file + ": the storage keys after the object are " + Globals.describe(keys)
                    + ", not a list (damaged)");
        }
        Map<String, Storage> storages = place(file, bytes, first.position(), (List<?>) keys, dtypes);
        Object root = new Unpickler(bytes, file, new Globals(false),
                pid -> storages.get(String.valueOf(check(file, pid).get(2)))).at(objectAt).load();
        return StateDict.of(file, "PyTorch state_dict (legacy torch.save format, before PyTorch 1.6)", root, null);
    }

    private static List<Object> check(String file, List<Object> pid) {
        if (pid.size() < 5 || !"storage".equals(pid.get(0)) || !(pid.get(1) instanceof Globals.Symbol)
                || ((Globals.Symbol) pid.get(1)).role() != Globals.Role.STORAGE_TYPE) {
            throw new ModelFileException(file + ": a persistent id is " + pid + "; torch.save writes ('storage', "
                    + "torch.FloatStorage (or another storage class), key, location, numel, view_metadata)");
        }
        if (pid.size() > 5 && pid.get(5) != null) {
            throw new ModelFileException(file + ": storage " + pid.get(2) + " is a view of another storage, which only "
                    + "PyTorch before 1.0 wrote; load it with torch and re-save it: torch.save(torch.load(f), \"m.pt\")");
        }
        return pid;
    }

    /** Each storage's bytes, in the keys' order after the last pickle: an int64 count, then the values. */
    private static Map<String, Storage> place(String file, byte[] bytes, int at, List<?> keys, Map<String, DType> dtypes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, Storage> out = new HashMap<>();
        long pos = at;
        for (Object k : keys) {
            String key = String.valueOf(k);
            DType dtype = dtypes.get(key);
            if (dtype == null) {
                throw new ModelFileException(file + ": storage key " + key + " is listed but no tensor uses it (damaged)");
            }
            if (pos + 8 > bytes.length) {
                throw new ModelFileException(file + ": ends before storage " + key + " (truncated)");
            }
            long n = b.getLong((int) pos);
            long len = n * dtype.size();
            if (n < 0 || pos + 8 + len > bytes.length) {
                throw new ModelFileException(file + ": storage " + key + " claims " + n + " " + dtype.torchName()
                        + " values but the file ends " + (bytes.length - pos - 8) + " bytes later (truncated)");
            }
            out.put(key, new Storage(file + " storage " + key, dtype, b.slice((int) pos + 8, (int) len)));
            pos += 8 + len;
        }
        return out;
    }
}
