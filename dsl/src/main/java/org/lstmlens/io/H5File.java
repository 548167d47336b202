package org.lstmlens.io;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lstmlens.error.ModelFileException;

/**
 * An HDF5 file read through jhdf, with what Keras files need: string attributes in every form h5py has written
 * (scalar or array, fixed or variable length, split into {@code name0, name1...}), float arrays widened to double,
 * and a tree of groups addressed by path where Windows-written names hold backslashes. Every failure inside jhdf
 * becomes a {@link ModelFileException} naming the file.
 */
final class H5File implements AutoCloseable {
    private final HdfFile hdf;
    private final String file;
    private final long fileBytes;

    private H5File(HdfFile hdf, String file, long fileBytes) {
        this.hdf = hdf;
        this.file = file;
        this.fileBytes = fileBytes;
    }

    static H5File open(byte[] bytes, String name) {
        return guard(name, () -> new H5File(HdfFile.fromBytes(bytes), name, bytes.length));
    }

    String file() {
        return file;
    }

    Group root() {
        return hdf;
    }

    /** The child group or dataset at {@code path} (slash separated, backslashes also accepted), or null. */
    Node node(Group from, String path) {
        return guard(file, () -> {
            Node n = from;
            for (String part : path.split("[/\\\\]")) {
                if (part.isEmpty()) {
                    continue;
                }
                if (!(n instanceof Group)) {
                    return null;
                }
                Node child = ((Group) n).getChildren().get(part);
                n = child;
                if (n == null) {
                    return null;
                }
            }
            return n;
        });
    }

    /** Children of a group in the file's order. */
    Map<String, Node> children(Group g) {
        return guard(file, () -> new LinkedHashMap<>(g.getChildren()));
    }

    /**
     * A string attribute as a list: a scalar gives one element; an attribute split by Keras into {@code name0,
     * name1, ...} is joined. Null when absent.
     */
    List<String> strings(Node node, String name) {
        return guard(file, () -> {
            Map<String, Attribute> attrs = node.getAttributes();
            Attribute a = attrs.get(name);
            if (a != null) {
                return decode(a);
            }
            if (!attrs.containsKey(name + "0")) {
                return null;
            }
            List<String> all = new ArrayList<>();
            for (int k = 0; attrs.containsKey(name + k); k++) {
                all.addAll(decode(attrs.get(name + k)));
            }
            return all;
        });
    }

    /** A scalar string attribute, or null. */
    String string(Node node, String name) {
        List<String> s = strings(node, name);
        return s == null || s.isEmpty() ? null : s.get(0);
    }

    boolean hasAttribute(Node node, String name) {
        return guard(file, () -> node.getAttributes().containsKey(name));
    }

    /** A float dataset as {@link NamedArray}. */
    NamedArray array(Dataset d, String name, String layer) {
        return guard(file, () -> {
            int[] dims = d.getDimensions();
            long n = 1;
            for (int x : dims) {
                if (x < 0) {
                    throw bad(layer, "dataset \"" + name + "\" has a negative dimension");
                }
                n *= x;
            }
            // a corrupt header can claim any size: refuse what this file cannot hold before allocating it
            if (n > Integer.MAX_VALUE / 2 || (n > 1_000_000 && n > fileBytes * 64)) {
                throw bad(layer, "dataset \"" + name + "\" claims " + n + " values, more than the file can hold");
            }
            Object flat = d.isScalar() ? d.getData() : d.getDataFlat();
            return new NamedArray(name, dims, toDoubles(flat, name, layer));
        });
    }

    private double[] toDoubles(Object flat, String name, String layer) {
        if (flat instanceof double[]) {
            return (double[]) flat;
        }
        if (flat instanceof float[]) {
            float[] f = (float[]) flat;
            double[] r = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                r[i] = f[i];
            }
            return r;
        }
        if (flat != null && flat.getClass().isArray() && flat.getClass().getComponentType().isPrimitive()
                && flat.getClass().getComponentType() != boolean.class
                && flat.getClass().getComponentType() != char.class) {
            int len = Array.getLength(flat);
            double[] r = new double[len];
            for (int i = 0; i < len; i++) {
                r[i] = ((Number) Array.get(flat, i)).doubleValue();
            }
            return r;
        }
        if (flat instanceof Number) {
            return new double[] {((Number) flat).doubleValue()};
        }
        throw bad(layer, "dataset \"" + name + "\" does not hold numbers (" + (flat == null ? "nothing"
                : flat.getClass().getSimpleName()) + ")");
    }

    private static List<String> decode(Attribute a) {
        Object data = a.getData();
        List<String> out = new ArrayList<>();
        flatten(data, out);
        return out;
    }

    private static void flatten(Object data, List<String> out) {
        if (data == null) {
            return;
        }
        if (data instanceof String) {
            out.add(strip((String) data));
        } else if (data instanceof byte[]) {
            out.add(strip(new String((byte[]) data, StandardCharsets.UTF_8)));
        } else if (data.getClass().isArray() && !data.getClass().getComponentType().isPrimitive()) {
            for (int i = 0; i < Array.getLength(data); i++) {
                flatten(Array.get(data, i), out);
            }
        } else {
            out.add(String.valueOf(data));
        }
    }

    private static String strip(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\0' || s.charAt(end - 1) == ' ')) {
            end--;
        }
        return s.substring(0, end);
    }

    ModelFileException bad(String layer, String what) {
        return new ModelFileException(file + (layer == null ? "" : ", layer \"" + layer + "\"") + ": " + what);
    }

    /** Runs jhdf code, turning its failures on damaged files into this project's exception. */
    static <T> T guard(String file, java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (ModelFileException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw new ModelFileException(file + ": cannot be read as HDF5 (damaged or truncated?): "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }

    @Override
    public void close() {
        try {
            hdf.close();
        } catch (RuntimeException e) {
            // closing a damaged file must not hide the error being reported
        }
    }
}
