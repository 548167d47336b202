package org.lstmlens.io.torch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.lstmlens.error.ModelFileException;

/**
 * A zip written by {@code torch.save} (PyTorch 1.6 and later) or {@code torch.jit.save}: one folder
 * ({@code archive/} or the file's stem) holding {@code data.pkl} (the pickled object, pickle protocol 2), one raw
 * little-endian entry per storage under {@code data/}, {@code byteorder} and {@code version}; a TorchScript archive
 * adds {@code code/} (the compiled classes, as text) and {@code constants.pkl}. The pickle is read by the restricted
 * {@link Unpickler}; its persistent ids {@code ('storage', torch.FloatStorage, key, location, numel)} name the
 * storage entries, which are read once each.
 */
final class TorchZip {
    private static final long MAX_ENTRY = Integer.MAX_VALUE - 8;

    private final ZipFile zip;
    private final StoredEntries stored;
    private final String file;
    private final String prefix;
    private final Map<String, Storage> storages = new HashMap<>();

    private TorchZip(ZipFile zip, StoredEntries stored, String file, String prefix) {
        this.zip = zip;
        this.stored = stored;
        this.file = file;
        this.prefix = prefix;
    }

    /** The folder holding {@code data.pkl} ({@code "archive/"}, or {@code ""} at the top), or null: not a torch zip. */
    static String prefixOf(ZipFile zip) {
        Enumeration<? extends ZipEntry> all = zip.entries();
        while (all.hasMoreElements()) {
            String n = all.nextElement().getName();
            if (n.equals("data.pkl")) {
                return "";
            }
            if (n.endsWith("/data.pkl") && n.indexOf('/') == n.length() - "/data.pkl".length()) {
                return n.substring(0, n.length() - "data.pkl".length());
            }
        }
        return null;
    }

    /**
     * Reads every tensor of a torch zip.
     *
     * @throws ModelFileException naming the file and what was wrong (damaged zip, refused pickle, missing storage)
     */
    static StateDict read(Path path) {
        String file = path.toString();
        try (ZipFile zip = new ZipFile(path.toFile())) {
            String prefix = prefixOf(zip);
            if (prefix == null) {
                throw new ModelFileException(file + ": is a zip without data.pkl, so neither a torch.save file nor a "
                        + "TorchScript archive");
            }
            // storages are read in place from the mapped file where they are stored (as torch writes them)
            return new TorchZip(zip, StoredEntries.of(path), file, prefix).read();
        } catch (IOException e) {
            throw new ModelFileException(file + ": cannot be read as a zip (damaged or truncated?): " + e.getMessage(),
                    e);
        }
    }

    private StateDict read() throws IOException {
        String order = text("byteorder");
        if (order != null && !order.trim().equals("little")) {
            throw new ModelFileException(file + ": its storages are " + order.trim() + "-endian (byteorder); LSTM Lens"
                    + " reads little-endian ones: load and re-save it with torch on a little-endian machine");
        }
        boolean script = zip.getEntry(prefix + "constants.pkl") != null || hasCode();
        String where = file + "!/" + prefix + "data.pkl";
        byte[] pickle = bytes(prefix + "data.pkl");
        Object root = new Unpickler(pickle, where, new Globals(script), this::storage).load();
        ScriptCode code = script ? new ScriptCode(this::code) : null;
        String format = script ? "PyTorch TorchScript archive (torch.jit.save)" : "PyTorch state_dict (torch.save zip)";
        return StateDict.of(file, format, root, code);
    }

    private boolean hasCode() {
        Enumeration<? extends ZipEntry> all = zip.entries();
        while (all.hasMoreElements()) {
            if (all.nextElement().getName().startsWith(prefix + "code/")) {
                return true;
            }
        }
        return false;
    }

    /** A persistent id {@code ('storage', storage type, key, location, numel)} as the storage it names. */
    private Storage storage(List<Object> pid) {
        String where = file + "!/" + prefix + "data.pkl";
        if (pid.size() < 5 || !"storage".equals(pid.get(0)) || !(pid.get(1) instanceof Globals.Symbol)
                || ((Globals.Symbol) pid.get(1)).role() != Globals.Role.STORAGE_TYPE) {
            throw new ModelFileException(where + ": a persistent id is " + pid + "; PyTorch writes ('storage', "
                    + "torch.FloatStorage (or another of " + DType.storages() + "), key, location, numel)");
        }
        DType dtype = ((Globals.Symbol) pid.get(1)).dtype();
        String key = String.valueOf(pid.get(2));
        long numel = ((Number) pid.get(4)).longValue();
        return storages.computeIfAbsent(key, k -> load(k, dtype, numel));
    }

    private Storage load(String key, DType dtype, long numel) {
        String name = prefix + "data/" + key;
        try {
            if (zip.getEntry(name) == null) {
                throw new ModelFileException(file + ": data.pkl names storage \"" + key + "\" but the zip has no "
                        + name + " (truncated or damaged)");
            }
            ByteBuffer b = stored.get(name);
            if (b == null) {
                b = ByteBuffer.wrap(bytes(name));
            }
            if (numel < 0 || b.remaining() < numel * dtype.size()) {
                throw new ModelFileException(file + "!/" + name + ": holds " + b.remaining() + " bytes but data.pkl says "
                        + numel + " " + dtype.torchName() + " values (" + numel * dtype.size() + " bytes); truncated "
                        + "or damaged");
            }
            return new Storage(file + "!/" + name, dtype, b.slice(b.position(), (int) (numel * dtype.size())));
        } catch (IOException e) {
            throw new ModelFileException(file + "!/" + name + ": cannot be read (damaged zip?): " + e.getMessage(), e);
        }
    }

    private String code(String relative) {
        try {
            return text("code/" + relative);
        } catch (IOException e) {
            return null; // a class whose code cannot be read states no constants; the shapes still say the rest
        }
    }

    private String text(String relative) throws IOException {
        ZipEntry e = zip.getEntry(prefix + relative);
        return e == null ? null : new String(bytes(prefix + relative), StandardCharsets.UTF_8);
    }

    private byte[] bytes(String name) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new ModelFileException(file + ": the zip has no " + name);
        }
        if (e.getSize() > MAX_ENTRY) {
            throw new ModelFileException(file + "!/" + name + ": claims " + e.getSize() + " bytes, more than one Java "
                    + "array takes (2 GB)");
        }
        try (InputStream in = zip.getInputStream(e)) {
            byte[] b = in.readNBytes(e.getSize() < 0 ? (int) MAX_ENTRY : (int) e.getSize());
            if (e.getSize() >= 0 && b.length != e.getSize()) {
                throw new ModelFileException(file + "!/" + name + ": holds " + b.length + " of its " + e.getSize()
                        + " bytes (truncated)");
            }
            return b;
        }
    }
}
