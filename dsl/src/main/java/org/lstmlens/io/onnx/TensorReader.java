package org.lstmlens.io.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.lstmlens.error.ModelFileException;
import org.lstmlens.io.onnx.proto.Onnx.TensorProto;

/**
 * A stored ONNX tensor (an initializer, a Constant's value) as doubles ({@link Stored}): from {@code raw_data}
 * (little-endian), from the typed fields ({@code float_data}, {@code double_data}, {@code int32_data},
 * {@code int64_data}, {@code uint64_data}) or from an external file. Every numeric type widens exactly (float16 and
 * bfloat16 from their bits; int64 is exact up to 2^53, far beyond any shape or index).
 */
final class TensorReader {
    private final String file;
    private final ExternalData external;

    TensorReader(String file, ExternalData external) {
        this.file = file;
        this.external = external;
    }

    Stored read(TensorProto t) {
        int[] shape = shape(t);
        int n = 1;
        for (int d : shape) {
            n = Math.multiplyExact(n, d);
        }
        DataType type = DataType.of(t.getDataType(), () -> where(t));
        ByteBuffer bytes;
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            bytes = external.bytes(t, (long) n * type.bytes);
        } else if (!t.getRawData().isEmpty()) {
            long have = t.getRawData().size();
            if (have != (long) n * type.bytes) {
                throw new ModelFileException(file + ": " + where(t) + " has " + have + " bytes of raw_data but its shape "
                        + Arrays.toString(shape) + " of " + type.label + " needs " + (long) n * type.bytes);
            }
            bytes = t.getRawData().asReadOnlyByteBuffer().slice().order(ByteOrder.LITTLE_ENDIAN);
        } else {
            double[] v = fromFields(t, type, n);
            return new Stored(shape, () -> v, null);
        }
        int count = n;
        if (type == DataType.FLOAT) {
            return new Stored(shape, () -> fromBytes(type, bytes, count), (from, dst, at, len) -> widenFloats(
                    bytes.asFloatBuffer().position(from), dst, at, len));
        }
        return new Stored(shape, () -> fromBytes(type, bytes, count), null);
    }

    private int[] shape(TensorProto t) {
        List<Long> dims = t.getDimsList();
        int[] shape = new int[dims.size()];
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = dims.get(i);
            n *= Math.max(d, 1);
            if (d < 0 || n > Integer.MAX_VALUE - 8) {
                throw new ModelFileException(file + ": " + where(t) + " has shape " + dims + "; sizes must be 0 or more"
                        + " and the tensor under 2^31 values");
            }
            shape[i] = (int) d;
        }
        return shape;
    }

    private static double[] fromBytes(DataType type, ByteBuffer b, int n) {
        double[] v = new double[n];
        switch (type) {
            case FLOAT: widenFloats(b.asFloatBuffer(), v, 0, n); break;
            case DOUBLE: b.asDoubleBuffer().get(v); break;
            default:
                for (int i = 0; i < n; i++) {
                    v[i] = type.read(b, i);
                }
        }
        return v;
    }

    /** Widens {@code len} floats from {@code f}'s position into {@code v} at {@code at}, in chunks (bulk gets are fast). */
    private static void widenFloats(java.nio.FloatBuffer f, double[] v, int at, int len) {
        float[] chunk = new float[Math.min(len, 1 << 14)];
        for (int done = 0; done < len; done += chunk.length) {
            int k = Math.min(chunk.length, len - done);
            f.get(chunk, 0, k);
            for (int i = 0; i < k; i++) {
                v[at + done + i] = chunk[i];
            }
        }
    }

    private double[] fromFields(TensorProto t, DataType type, int n) {
        int have;
        java.util.function.IntToDoubleFunction at;
        switch (type.field) {
            case "float_data": have = t.getFloatDataCount(); at = t::getFloatData; break;
            case "double_data": have = t.getDoubleDataCount(); at = t::getDoubleData; break;
            case "int64_data": have = t.getInt64DataCount(); at = t::getInt64Data; break;
            case "uint64_data": have = t.getUint64DataCount(); at = i -> unsigned(t.getUint64Data(i)); break;
            default: // int32_data holds every type of 32 bits or fewer, float16 and bfloat16 as their bits
                have = t.getInt32DataCount();
                at = i -> type.fromInt32(t.getInt32Data(i));
        }
        if (have != n) {
            throw new ModelFileException(file + ": " + where(t) + " has " + have + " values in " + type.field
                    + " but its shape " + t.getDimsList() + " needs " + n);
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = at.applyAsDouble(i);
        }
        return v;
    }

    static double unsigned(long u) {
        return u >= 0 ? u : (double) (u >>> 1) * 2.0 + (u & 1);
    }

    private static String where(TensorProto t) {
        return "tensor \"" + t.getName() + "\"";
    }
}
