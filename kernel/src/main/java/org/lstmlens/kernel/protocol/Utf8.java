package org.lstmlens.kernel.protocol;

/** UTF-8 and code point helpers: protocol positions count code points, Java strings UTF-16 units. */
public final class Utf8 {
    private Utf8() {
    }

    /** Length of the longest prefix of {@code bytes} that does not end inside a multi-byte character. */
    static int completePrefix(byte[] bytes) {
        int n = bytes.length;
        for (int back = 1; back <= Math.min(3, n); back++) {
            int b = bytes[n - back] & 0xFF;
            if ((b & 0xC0) == 0x80) {
                continue; // a continuation byte: keep looking for its lead byte
            }
            int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
            return needed > back ? n - back : n;
        }
        return n;
    }

    /** The UTF-16 index of code point {@code codePoints} in {@code text}, clamped to the text. */
    public static int toUtf16(String text, int codePoints) {
        int total = text.codePointCount(0, text.length());
        return text.offsetByCodePoints(0, Math.max(0, Math.min(codePoints, total)));
    }

    /** The code point position of UTF-16 index {@code index} in {@code text}. */
    public static int toCodePoints(String text, int index) {
        return text.codePointCount(0, Math.max(0, Math.min(index, text.length())));
    }
}
