package org.lstmlens.io.onnx;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.lstmlens.error.ModelFileException;
import org.lstmlens.io.onnx.proto.Onnx.AttributeProto;
import org.lstmlens.io.onnx.proto.Onnx.NodeProto;

/** A node's attributes by name, each read as the type the operator defines, with the operator's default. */
final class Attrs {
    private final NodeProto node;
    private final String where;

    Attrs(NodeProto node, String where) {
        this.node = node;
        this.where = where;
    }

    boolean has(String name) {
        return find(name) != null;
    }

    long integer(String name, long fallback) {
        AttributeProto a = find(name);
        if (a == null) {
            return fallback;
        }
        expect(a, AttributeProto.AttributeType.INT, "an int");
        return a.getI();
    }

    float real(String name, float fallback) {
        AttributeProto a = find(name);
        if (a == null) {
            return fallback;
        }
        expect(a, AttributeProto.AttributeType.FLOAT, "a float");
        return a.getF();
    }

    String string(String name, String fallback) {
        AttributeProto a = find(name);
        if (a == null) {
            return fallback;
        }
        expect(a, AttributeProto.AttributeType.STRING, "a string");
        return a.getS().toString(StandardCharsets.UTF_8);
    }

    /** The ints, or null when absent. */
    long[] integers(String name) {
        AttributeProto a = find(name);
        if (a == null) {
            return null;
        }
        expect(a, AttributeProto.AttributeType.INTS, "a list of ints");
        return a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    /** The floats (empty when absent). */
    List<Float> reals(String name) {
        AttributeProto a = find(name);
        if (a == null) {
            return List.of();
        }
        expect(a, AttributeProto.AttributeType.FLOATS, "a list of floats");
        return a.getFloatsList();
    }

    /** The strings (empty when absent). */
    List<String> strings(String name) {
        AttributeProto a = find(name);
        List<String> out = new ArrayList<>();
        if (a != null) {
            expect(a, AttributeProto.AttributeType.STRINGS, "a list of strings");
            a.getStringsList().forEach(b -> out.add(b.toString(StandardCharsets.UTF_8)));
        }
        return out;
    }

    AttributeProto find(String name) {
        for (AttributeProto a : node.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }

    private void expect(AttributeProto a, AttributeProto.AttributeType type, String what) {
        // files from writers that leave the type unset (0) are read by the field that holds a value
        if (a.getType() != type && a.getType() != AttributeProto.AttributeType.UNDEFINED) {
            throw new ModelFileException(where + ": attribute " + a.getName() + " is " + a.getType() + "; the operator "
                    + "defines it as " + what);
        }
    }
}
