package org.lstmlens.io.torch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Locale;

/**
 * An element type of stored tensors, as PyTorch names its storages ({@code torch.FloatStorage}) and safetensors its
 * dtypes ({@code F32}), with the one conversion every reader uses: little-endian bytes to double. Floats are read in
 * bulk through the buffer's typed views (no per-element virtual call), then widened.
 */
enum DType {
    F64(8, "DoubleStorage", "float64"),
    F32(4, "FloatStorage", "float32"),
    F16(2, "HalfStorage", "float16"),
    BF16(2, "BFloat16Storage", "bfloat16"),
    I64(8, "LongStorage", "int64"),
    I32(4, "IntStorage", "int32"),
    I16(2, "ShortStorage", "int16"),
    I8(1, "CharStorage", "int8"),
    U8(1, "ByteStorage", "uint8"),
    BOOL(1, "BoolStorage", "bool");

    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[4096]);

    private final int size;
    private final String storage;
    private final String torchName;

    DType(int size, String storage, String torchName) {
        this.size = size;
        this.storage = storage;
        this.torchName = torchName;
    }

    /** Bytes per element. */
    int size() {
        return size;
    }

    /** As torch prints it: {@code float32}. */
    String torchName() {
        return torchName;
    }

    /** The dtype of a storage class of {@code torch} ({@code FloatStorage}), or null for another name. */
    static DType ofStorage(String className) {
        for (DType d : values()) {
            if (d.storage.equals(className)) {
                return d;
            }
        }
        return null;
    }

    /** The storage class names torch writes, for messages. */
    static List<String> storages() {
        return java.util.Arrays.stream(values()).map(d -> "torch." + d.storage).toList();
    }

    /** The dtype safetensors calls {@code name} ({@code F32}, {@code BF16}, ...), or null for one we do not read. */
    static DType ofSafetensors(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** IEEE 754 binary16 to float (Java 17 has no Float.float16ToFloat). */
    static float half(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f; // zero or subnormal
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /**
     * {@code n} elements from {@code src}'s position on (little-endian), widened into {@code dst[0..n)}. The buffer's
     * position is not moved.
     */
    void read(ByteBuffer src, double[] dst, int n) {
        ByteBuffer b = src.slice().order(ByteOrder.LITTLE_ENDIAN);
        switch (this) {
            case F64:
                b.asDoubleBuffer().get(dst, 0, n);
                return;
            case F32: {
                // through a small reused buffer: a 100 MB state_dict would otherwise leave 100 MB of float[] behind
                float[] f = SCRATCH.get();
                java.nio.FloatBuffer fb = b.asFloatBuffer();
                for (int at = 0; at < n; at += f.length) {
                    int len = Math.min(f.length, n - at);
                    fb.get(f, 0, len);
                    for (int i = 0; i < len; i++) {
                        dst[at + i] = f[i];
                    }
                }
                return;
            }
            case F16:
            case BF16:
            case I16: {
                short[] s = new short[n];
                b.asShortBuffer().get(s, 0, n);
                for (int i = 0; i < n; i++) {
                    dst[i] = this == F16 ? half(s[i]) : this == BF16
                            ? Float.intBitsToFloat((s[i] & 0xffff) << 16) : s[i];
                }
                return;
            }
            case I64: {
                long[] l = new long[n];
                b.asLongBuffer().get(l, 0, n);
                for (int i = 0; i < n; i++) {
                    dst[i] = l[i];
                }
                return;
            }
            case I32: {
                int[] v = new int[n];
                b.asIntBuffer().get(v, 0, n);
                for (int i = 0; i < n; i++) {
                    dst[i] = v[i];
                }
                return;
            }
            default: {
                byte[] v = new byte[n];
                b.get(v, 0, n);
                for (int i = 0; i < n; i++) {
                    dst[i] = this == I8 ? v[i] : v[i] & 0xff;
                }
            }
        }
    }
}
