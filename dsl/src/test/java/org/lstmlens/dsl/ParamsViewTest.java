package org.lstmlens.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lstmlens.error.ShapeException;

/**
 * Parameter counts equal Keras's {@code model.summary()}: LSTM(4) on 5 features 160 and LSTM(3) on 1 feature 60
 * (the first two seed questions' layers), LSTM(1) on 1 and 2 features 12 and 16 (seed question 5), LSTM(128) on 64
 * features 98,816 and LSTM(256) on 128 features 394,240 (seed question 4's stacked model); without a bias Keras
 * counts 4 x units fewer.
 */
class ParamsViewTest {
    private final Lstm lstm = new Lstm();

    @ParameterizedTest
    @CsvSource({"5, 4, 160", "1, 3, 60", "1, 1, 12", "2, 1, 16", "64, 128, 98816", "128, 256, 394240"})
    void should_count_like_keras(int features, int units, long keras) {
        assertThat(lstm.params(features, units).total()).isEqualTo(keras);
        assertThat(lstm.params(features, units, false).total()).isEqualTo(keras - 4L * units);
    }

    @Test
    void should_break_the_count_down_and_write_the_formula() {
        ParamsView p = lstm.params(2, 1);

        assertThat(p.kernel()).isEqualTo(8);
        assertThat(p.recurrentKernel()).isEqualTo(4);
        assertThat(p.bias()).isEqualTo(4);
        assertThat(p.formula()).isEqualTo("4*(2*1 + 1*1 + 1) = 16");
        assertThat(p.toString()).isEqualTo("LSTM(1) on 2 features: 16 parameters");
        assertThat(lstm.params(64, 128).toMimeBundle().plain()).contains("98,816");
    }

    @Test
    void should_count_as_many_parameters_as_a_layer_has_numbers() {
        LayerView layer = lstm.random(5, 4, 1);
        long numbers = (long) layer.kernel().rows() * layer.kernel().cols()
                + (long) layer.recurrentKernel().rows() * layer.recurrentKernel().cols() + layer.bias().cols();

        assertThat(layer.params().total()).isEqualTo(numbers).isEqualTo(160);
    }

    @Test
    void should_reject_a_layer_without_units() {
        assertThatThrownBy(() -> lstm.params(3, 0)).isInstanceOf(ShapeException.class)
                .hasMessage("parameter count: features and units must be at least 1, got features = 3, units = 0");
    }
}
