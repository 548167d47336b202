package org.lstmlens.io.torch;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/** The scalars of pickle's text and long opcodes, decoded as Python decodes them. */
final class PickleScalars {
    private PickleScalars() {
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Python's raw-unicode-escape: Latin-1 text with backslash-u and backslash-U escapes. */
    static String rawUnicode(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int n = c == '\\' && i + 1 < s.length() ? (s.charAt(i + 1) == 'u' ? 4 : s.charAt(i + 1) == 'U' ? 8 : 0) : 0;
            if (n > 0 && i + 2 + n <= s.length()) {
                b.appendCodePoint(Integer.parseInt(s.substring(i + 2, i + 2 + n), 16));
                i += 1 + n;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    static Object textInt(String s) {
        if (s.equals("00")) {
            return Boolean.FALSE;
        }
        if (s.equals("01")) {
            return Boolean.TRUE;
        }
        return narrow(new BigInteger(s.trim()));
    }

    static String strip(String s, String suffix) {
        return s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
    }

    static String unquote(String s) {
        if (s.length() >= 2 && (s.charAt(0) == '\'' || s.charAt(0) == '"') && s.charAt(s.length() - 1) == s.charAt(0)) {
            return s.substring(1, s.length() - 1);
        }
        throw new IllegalArgumentException("STRING " + s + " is not quoted");
    }

    /** A little-endian two's complement integer. */
    static Object longOf(byte[] le) {
        if (le.length == 0) {
            return 0L;
        }
        byte[] be = new byte[le.length];
        for (int i = 0; i < le.length; i++) {
            be[i] = le[le.length - 1 - i];
        }
        return narrow(new BigInteger(be));
    }

    static Object narrow(BigInteger v) {
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }
}
