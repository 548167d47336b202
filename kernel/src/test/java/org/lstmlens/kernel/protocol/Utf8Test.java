package org.lstmlens.kernel.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** Code points vs UTF-16 units, and UTF-8 cut only between characters. */
class Utf8Test {
    private static final String TEXT = "a\uD83D\uDE00é";   // a, 😀 (2 units), é

    @Test
    void should_convert_code_points_to_utf16_and_back() {
        assertThat(Utf8.toUtf16(TEXT, 2)).isEqualTo(3);
        assertThat(Utf8.toCodePoints(TEXT, 3)).isEqualTo(2);
        assertThat(Utf8.toUtf16(TEXT, 99)).isEqualTo(TEXT.length());
        assertThat(Utf8.toUtf16(TEXT, -1)).isZero();
    }

    @Test
    void should_hold_back_an_unfinished_character() {
        byte[] bytes = TEXT.getBytes(StandardCharsets.UTF_8); // 1 + 4 + 2 bytes
        assertThat(Utf8.completePrefix(bytes)).isEqualTo(7);
        assertThat(Utf8.completePrefix(Arrays.copyOf(bytes, 6))).isEqualTo(5);
        assertThat(Utf8.completePrefix(Arrays.copyOf(bytes, 3))).isEqualTo(1);
        assertThat(Utf8.completePrefix(Arrays.copyOf(bytes, 1))).isEqualTo(1);
    }
}
