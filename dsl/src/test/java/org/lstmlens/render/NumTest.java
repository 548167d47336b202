package org.lstmlens.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shared number format: 6 significant digits, trailing zeros trimmed; expected strings written by hand. */
class NumTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0.83467698 | 0.834677",
        "1.0 | 1",
        "-0.5 | -0.5",
        "0.118 | 0.118",
        "-0.0312 | -0.0312",
        "98816 | 98816",
        "1.2537906221765602 | 1.25379",
        "0.000123456789 | 0.000123457",
        "0.0000123456789 | 1.23457e-05",
        "12345678901 | 1.23457e+10",
        "0.0 | 0",
        "-0.0 | 0",
        "NaN | NaN",
        "Infinity | Infinity"})
    void should_write_six_significant_digits_without_trailing_zeros(double value, String expected) {
        assertThat(Num.format(value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"98816 | 98,816", "394240 | 394,240", "12 | 12"})
    void should_group_thousands_in_counts_as_keras_summary_does(long n, String expected) {
        assertThat(Num.count(n)).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void should_put_negative_factors_in_parentheses() {
        assertThat(Num.factor(-0.0822051)).isEqualTo("(-0.0822051)");
        assertThat(Num.factor(0.5)).isEqualTo("0.5");
    }
}
