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
 * counts 4 x units fewer. GRU and SimpleRNN counts are KERAS_FORMATS.md Part 2 §5's table for d=6, u=4: GRU
 * reset_after=False 132, reset_after=True 144, without a bias 120, SimpleRNN 44.
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

    @Test
    void should_count_a_gru_and_a_simple_rnn_like_the_keras_table() {
        assertThat(lstm.gruParams(6, 4, false).total()).isEqualTo(132);
        assertThat(lstm.gruParams(6, 4, true).total()).isEqualTo(144);
        assertThat(lstm.gruParams(6, 4).total()).isEqualTo(144);
        assertThat(lstm.gruParams(6, 4, true, false).total()).isEqualTo(120);
        assertThat(lstm.gruParams(6, 4, false, false).total()).isEqualTo(120);
        assertThat(lstm.simpleRnnParams(6, 4).total()).isEqualTo(44);
        assertThat(lstm.simpleRnnParams(6, 4, false).total()).isEqualTo(40);
    }

    @Test
    void should_break_a_gru_count_into_kernels_and_both_biases() {
        ParamsView p = lstm.gruParams(6, 4, true);

        assertThat(p.kernel()).isEqualTo(72);
        assertThat(p.recurrentKernel()).isEqualTo(48);
        assertThat(p.inputBias()).isEqualTo(12);
        assertThat(p.recurrentBias()).isEqualTo(12);
        assertThat(p.bias()).isEqualTo(24);
        assertThat(p.toMimeBundle().plain()).isEqualTo("GRU(4) on 6 features, reset_after=True: 144 parameters\n"
                + "  kernel W             6 x 12                 6*3*4              72\n"
                + "  recurrent kernel U   4 x 12                 4*3*4              48\n"
                + "  input bias b         12                     3*4                12\n"
                + "  recurrent bias b'    12                     3*4                12\n"
                + "  total                                       3*(6*4 + 4*4 + 2*4) 144\n"
                + "  3*(6*4 + 4*4 + 2*4) = 144");
        assertThat(lstm.gruParams(6, 4, false).formula()).isEqualTo("3*(6*4 + 4*4 + 4) = 132");
        assertThat(lstm.gruParams(6, 4, false).recurrentBias()).isZero();
        assertThat(lstm.simpleRnnParams(6, 4).toMimeBundle().plain()).isEqualTo("SimpleRNN(4) on 6 features: 44"
                + " parameters\n"
                + "  kernel W             6 x 4                  6*4                24\n"
                + "  recurrent kernel U   4 x 4                  4*4                16\n"
                + "  bias b               4                      4                  4\n"
                + "  total                                       6*4 + 4*4 + 4      44\n"
                + "  6*4 + 4*4 + 4 = 44");
        assertThat(lstm.gruParams(6, 4).toMimeBundle().get("text/html")).contains("3 gates z, r, h; each has"
                + " features*units + units*units + 2*units (input and recurrent bias)");
    }
}
