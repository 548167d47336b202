package org.lstmlens.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lstmlens.error.LstmException;

/**
 * The header of a NumPy {@code .npy} array, as the format documents it (numpy.lib.format): the magic
 * {@code \x93NUMPY}, a version (1.0: 2-byte header length; 2.0 and 3.0: 4-byte), then a Python dict literal with
 * {@code descr}, {@code fortran_order} and {@code shape}, padded so the data starts aligned. The dict is parsed as
 * text for those three keys; nothing in it is ever evaluated.
 *
 * @param dtype the element type
 * @param order the byte order of the elements
 * @param fortran whether the array is stored column-major
 * @param shape the array's shape
 * @param dataOffset where the data starts, in bytes from the start of the array's file
 */
record NpyHeader(Dtype dtype, ByteOrder order, boolean fortran, long[] shape, long dataOffset) {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** The element types read: little- or big-endian floats and integers of 4 and 8 bytes. */
    enum Dtype {
        F4(4), F8(8), I4(4), I8(8);

        final int size;

        Dtype(int size) {
            this.size = size;
        }
    }

    /**
     * Reads the header from the start of {@code in}, leaving it at the first data byte.
     *
     * @throws LstmException naming {@code what} when it is not a .npy array, or one of a kind not read
     */
    static NpyHeader read(InputStream in, String what) throws IOException {
        byte[] magic = in.readNBytes(8);
        for (int i = 0; i < MAGIC.length; i++) {
            if (magic.length < 8 || magic[i] != MAGIC[i]) {
                throw new LstmException(what + ": not a NumPy .npy array (it does not start with \\x93NUMPY)");
            }
        }
        int major = magic[6];
        int lengthBytes = major == 1 ? 2 : 4;
        if (major < 1 || major > 3) {
            throw new LstmException(what + ": .npy format version " + major + "." + magic[7] + "; read: 1.0, 2.0, 3.0");
        }
        byte[] len = in.readNBytes(lengthBytes);
        long headerLength = 0;
        for (int i = lengthBytes - 1; i >= 0; i--) {
            headerLength = (headerLength << 8) | (len[i] & 0xff);
        }
        if (len.length < lengthBytes || headerLength > 1 << 20) {
            throw new LstmException(what + ": broken .npy header (length " + headerLength + ")");
        }
        String dict = new String(in.readNBytes((int) headerLength), major == 3 ? StandardCharsets.UTF_8
                : StandardCharsets.ISO_8859_1);
        return parse(dict, what, 8 + lengthBytes + headerLength);
    }

    static NpyHeader parse(String dict, String what, long dataOffset) {
        String descr = group(DESCR, dict, "descr", what);
        boolean fortran = "True".equals(group(FORTRAN, dict, "fortran_order", what));
        String[] dims = group(SHAPE, dict, "shape", what).split(",");
        long[] shape = java.util.Arrays.stream(dims).map(String::trim).filter(s -> !s.isEmpty())
                .mapToLong(s -> parseDim(s, dict, what)).toArray();
        if (descr.length() != 3 || "<>|=".indexOf(descr.charAt(0)) < 0) {
            throw unsupported(descr, what);
        }
        ByteOrder order = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        Dtype dtype;
        switch (descr.substring(1)) {
            case "f4": dtype = Dtype.F4; break;
            case "f8": dtype = Dtype.F8; break;
            case "i4": dtype = Dtype.I4; break;
            case "i8": dtype = Dtype.I8; break;
            default: throw unsupported(descr, what);
        }
        return new NpyHeader(dtype, order, fortran, shape, dataOffset);
    }

    private static long parseDim(String s, String dict, String what) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new LstmException(what + ": .npy shape " + s + " is not a whole number (header " + dict.trim() + ")");
        }
    }

    private static String group(Pattern p, String dict, String key, String what) {
        Matcher m = p.matcher(dict);
        if (!m.find()) {
            throw new LstmException(what + ": .npy header has no '" + key + "' (header " + dict.trim() + ")");
        }
        return m.group(1);
    }

    private static LstmException unsupported(String descr, String what) {
        return new LstmException(what + ": .npy dtype '" + descr + "'; read: float32 (<f4), float64 (<f8), int32 "
                + "(<i4), int64 (<i8), little- or big-endian (save with x.astype(np.float32) for others)");
    }

    /** Elements in the array. */
    long count() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    String shapeText() {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            b.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return b.append(shape.length == 1 ? ",)" : ")").toString();
    }
}
