package org.lstmlens.io.onnx;

import java.nio.ByteBuffer;
import java.util.function.Supplier;
import org.lstmlens.error.ModelFileException;

/** The ONNX element types we read (TensorProto.DataType numbers), their size and how each widens to double. */
enum DataType {
    FLOAT(1, 4, "float_data", "float32"),
    UINT8(2, 1, "int32_data", "uint8"),
    INT8(3, 1, "int32_data", "int8"),
    UINT16(4, 2, "int32_data", "uint16"),
    INT16(5, 2, "int32_data", "int16"),
    INT32(6, 4, "int32_data", "int32"),
    INT64(7, 8, "int64_data", "int64"),
    BOOL(9, 1, "int32_data", "bool"),
    FLOAT16(10, 2, "int32_data", "float16"),
    DOUBLE(11, 8, "double_data", "float64"),
    UINT32(12, 4, "uint64_data", "uint32"),
    UINT64(13, 8, "uint64_data", "uint64"),
    BFLOAT16(16, 2, "int32_data", "bfloat16");

    final int code;
    final int bytes;
    final String field;
    final String label;

    DataType(int code, int bytes, String field, String label) {
        this.code = code;
        this.bytes = bytes;
        this.field = field;
        this.label = label;
    }

    /** @throws ModelFileException for a type we cannot read (strings, complex, 8-bit and 4-bit floats) */
    static DataType of(int code, Supplier<String> where) {
        for (DataType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new ModelFileException(where.get() + " has element type " + code + " (" + name(code) + "), which is "
                + "not read; numeric tensors of float32, float64, float16, bfloat16, (u)int8..64 and bool are");
    }

    /** Element {@code i} of little-endian bytes. */
    double read(ByteBuffer b, int i) {
        switch (this) {
            case FLOAT: return b.getFloat(i * 4);
            case DOUBLE: return b.getDouble(i * 8);
            case INT64: return b.getLong(i * 8);
            case UINT64: return TensorReader.unsigned(b.getLong(i * 8));
            case INT32: return b.getInt(i * 4);
            case UINT32: return Integer.toUnsignedLong(b.getInt(i * 4));
            case INT16: return b.getShort(i * 2);
            case UINT16: return Short.toUnsignedInt(b.getShort(i * 2));
            case FLOAT16: return halfToDouble(Short.toUnsignedInt(b.getShort(i * 2)));
            case BFLOAT16: return Float.intBitsToFloat(Short.toUnsignedInt(b.getShort(i * 2)) << 16);
            case INT8: return b.get(i);
            case UINT8: return Byte.toUnsignedInt(b.get(i));
            default: return b.get(i) != 0 ? 1 : 0; // BOOL
        }
    }

    /** A value of int32_data: the number itself, or the 16 bits of a float16 / bfloat16. */
    double fromInt32(int v) {
        switch (this) {
            case FLOAT16: return halfToDouble(v & 0xFFFF);
            case BFLOAT16: return Float.intBitsToFloat((v & 0xFFFF) << 16);
            case BOOL: return v != 0 ? 1 : 0;
            default: return v;
        }
    }

    static double halfToDouble(int h) {
        int sign = (h >>> 15) == 0 ? 1 : -1;
        int exp = (h >>> 10) & 0x1F;
        int frac = h & 0x3FF;
        if (exp == 0) {
            return sign * frac * 0x1p-24;
        }
        if (exp == 31) {
            return frac == 0 ? sign * Double.POSITIVE_INFINITY : Double.NaN;
        }
        return sign * (1 + frac / 1024.0) * Math.pow(2, exp - 15);
    }

    private static String name(int code) {
        switch (code) {
            case 8: return "string";
            case 14: return "complex64";
            case 15: return "complex128";
            case 0: return "undefined";
            default: return code >= 17 ? "an 8-bit, 4-bit or 2-bit float or int" : "unknown";
        }
    }
}
