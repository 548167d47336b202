package org.lstmlens.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lstmlens.testing.SeedQuestion2.BIAS;
import static org.lstmlens.testing.SeedQuestion2.KERNEL;
import static org.lstmlens.testing.SeedQuestion2.RECURRENT;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lstmlens.core.Activation;
import org.lstmlens.core.Gate;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.NameException;
import org.lstmlens.error.ShapeException;

/**
 * A layer's gates and units read the columns Keras's LSTMCell slices (kernel[:, :u] is i, [u:2u] f, [2u:3u] c,
 * [3u:] o): expected blocks are cut from the seed question's printed arrays by hand in the test. Errors are asserted
 * word for word.
 */
class LayerViewTest {
    private final Lstm lstm = new Lstm();
    private final LayerView layer = lstm.layer(KERNEL, RECURRENT, BIAS).activations("tanh", "hard_sigmoid_keras2");

    @ParameterizedTest
    @CsvSource({"i, 0", "input, 0", "f, 1", "forget, 1", "FORGET, 1", "c, 2", "g, 2", "cell, 2", "candidate, 2",
        "o, 3", "output, 3"})
    void should_cut_each_gate_block_where_keras_slices_it(String name, int block) {
        GateView gate = layer.gate(name);

        double[][] expectedKernel = {java.util.Arrays.copyOfRange(KERNEL[0], 3 * block, 3 * block + 3)};
        assertThat(gate.kernel().toArray()).isDeepEqualTo(expectedKernel);
        for (int r = 0; r < 3; r++) {
            assertThat(gate.recurrentKernel().toArray()[r])
                    .containsExactly(java.util.Arrays.copyOfRange(RECURRENT[r], 3 * block, 3 * block + 3));
        }
        assertThat(gate.bias().toArray()[0]).containsExactly(java.util.Arrays.copyOfRange(BIAS, 3 * block,
                3 * block + 3));
        assertThat(gate.columns()).isEqualTo(3 * block + ".." + (3 * block + 2));
    }

    @Test
    void should_show_the_forget_block_with_the_ones_of_unit_forget_bias() {
        assertThat(layer.gate("f").bias().toArray()[0]).containsExactly(1, 1, 1);
        assertThat(layer.bias().gate("f").toArray()[0]).containsExactly(1, 1, 1);
        assertThat(layer.kernel().gate("o").toArray()[0]).containsExactly(-0.52746099, -0.5856396, -0.43691438);
    }

    @Test
    void should_give_a_unit_its_column_of_w_and_u_and_its_bias() {
        UnitView unit = layer.gate("f").unit(2);

        assertThat(unit.column()).isEqualTo(5);
        assertThat(unit.kernel()).containsExactly(0.54959822);
        assertThat(unit.recurrentKernel()).containsExactly(-0.0647027, -0.09762905, 0.55346996);
        assertThat(unit.bias()).isEqualTo(1.0);
        assertThat(unit.toString()).isEqualTo("layer \"lstm\" gate f unit 2: W_f[:,2] 1 values, U_f[:,2] 3 values,"
                + " b_f[2] = 1");
    }

    @Test
    void should_squash_the_gates_with_the_recurrent_activation_and_the_candidate_with_the_activation() {
        assertThat(layer.gate("i").activation()).isEqualTo(Activation.HARD_SIGMOID_KERAS2);
        assertThat(layer.gate("f").activation()).isEqualTo(Activation.HARD_SIGMOID_KERAS2);
        assertThat(layer.gate("o").activation()).isEqualTo(Activation.HARD_SIGMOID_KERAS2);
        assertThat(layer.gate("c").activation()).isEqualTo(Activation.TANH);
        assertThat(lstm.layer(KERNEL, RECURRENT, BIAS).recurrentActivation()).isEqualTo(Activation.SIGMOID);
        assertThat(layer.activation(Activation.RELU).gate(Gate.C).activation()).isEqualTo(Activation.RELU);
    }

    @Test
    void should_return_new_views_and_leave_the_original_alone() {
        LayerView backwards = layer.goBackwards(true).returnSequences(true).named("encoder");

        assertThat(layer.goBackwards()).isFalse();
        assertThat(layer.returnSequences()).isFalse();
        assertThat(backwards.goBackwards()).isTrue();
        assertThat(backwards.returnSequences()).isTrue();
        assertThat(backwards.toString()).isEqualTo("LSTM \"encoder\": 1 feature -> 3 units, return_sequences,"
                + " go_backwards");
    }

    @Test
    void should_build_the_same_random_layer_from_the_same_seed() {
        assertThat(lstm.random(5, 4, 42).kernel().toArray()).isDeepEqualTo(lstm.random(5, 4, 42).kernel().toArray());
        assertThat(lstm.random(5, 4, 42).units()).isEqualTo(4);
        assertThat(lstm.random(5, 4, 42).inputDim()).isEqualTo(5);
    }

    @Test
    void should_name_an_unknown_gate_and_the_valid_names() {
        assertThatThrownBy(() -> layer.gate("x")).isInstanceOf(NameException.class)
                .hasMessage("Unknown gate \"x\" at layer \"lstm\"; expected one of i, f, c, "
                        + "o (or input, forget, cell/candidate/g, output)");
    }

    @Test
    void should_name_the_valid_range_of_units() {
        assertThatThrownBy(() -> layer.gate("f").unit(3)).isInstanceOf(ShapeException.class)
                .hasMessage("unit 3 is out of range at layer \"lstm\" gate f; valid: 0..2");
        assertThatThrownBy(() -> layer.gate("f").unit(-1)).isInstanceOf(ShapeException.class)
                .hasMessage("unit -1 is out of range at layer \"lstm\" gate f; valid: 0..2");
    }

    @Test
    void should_say_how_many_features_the_kernel_expects() {
        LayerView five = lstm.random(5, 4, 1);

        assertThatThrownBy(() -> five.run(new double[][] {{1, 2, 3}})).isInstanceOf(ShapeException.class)
                .hasMessage("run: got double[1][3]; layer \"lstm\" takes one sequence double[steps][features] or a batch"
                        + " double[batch][steps][features], with (steps, features) = (None, 5)");
        assertThatThrownBy(() -> five.run(new double[] {1, 2})).isInstanceOf(ShapeException.class)
                .hasMessage("run(double[]) reads one feature per timestep but the kernel of layer \"lstm\" expects 5;"
                        + " pass double[timesteps][5]");
    }

    @Test
    void should_refuse_an_ambiguous_hard_sigmoid() {
        assertThatThrownBy(() -> layer.activations("tanh", "hard_sigmoid")).isInstanceOf(NameException.class)
                .hasMessageContaining("\"hard_sigmoid\" is ambiguous");
        assertThatThrownBy(() -> layer.activations("tanhh", "sigmoid")).isInstanceOf(NameException.class)
                .hasMessageStartingWith("Unknown activation \"tanhh\"; expected one of tanh, sigmoid");
    }

    @Test
    void should_answer_null_arguments_with_lstm_exceptions_not_null_pointers() {
        assertThatThrownBy(() -> lstm.layer(null, RECURRENT, BIAS)).isInstanceOf(LstmException.class)
                .hasMessage("kernel: expected a matrix, got null");
        assertThatThrownBy(() -> lstm.layer(KERNEL, null, BIAS)).isInstanceOf(LstmException.class);
        assertThatThrownBy(() -> layer.run((double[]) null)).isInstanceOf(LstmException.class)
                .hasMessage("layer \"lstm\" run: x is null; expected one value per timestep");
        assertThatThrownBy(() -> layer.run((double[][]) null)).isInstanceOf(LstmException.class);
        assertThatThrownBy(() -> layer.run((double[][][]) null)).isInstanceOf(LstmException.class);
        assertThatThrownBy(() -> layer.run(new double[][][] {{{1}}}, null, null, new double[][] {{0, 0, 0}}))
                .isInstanceOf(LstmException.class)
                .hasMessage("layer \"lstm\" run: h0 is null; expected the initial h, double[samples][units]");
        assertThatThrownBy(() -> layer.gate((String) null)).isInstanceOf(NameException.class);
        assertThatThrownBy(() -> layer.gate((Gate) null)).isInstanceOf(LstmException.class);
        assertThatThrownBy(() -> layer.activation(null)).isInstanceOf(LstmException.class);
        assertThatThrownBy(() -> layer.recurrentActivation(null)).isInstanceOf(LstmException.class);
        assertThatThrownBy(() -> layer.activations(null, "sigmoid")).isInstanceOf(NameException.class);
        assertThatThrownBy(() -> layer.named(null)).isInstanceOf(LstmException.class);
        assertThatThrownBy(() -> layer.run(new double[][] {{1}, null})).isInstanceOf(LstmException.class);
        assertThatThrownBy(() -> layer.kernel().gate(null)).isInstanceOf(NameException.class);
        assertThatThrownBy(() -> layer.run(new double[][] {null})).isInstanceOf(LstmException.class)
                .hasMessage("run: got double[1][] (x[0] is null); layer \"lstm\" takes one sequence double[steps][features] or"
                        + " a batch double[batch][steps][features], with (steps, features) = (None, 1)");
        assertThatThrownBy(() -> lstm.layer(new double[][] {null}, RECURRENT, BIAS)).isInstanceOf(LstmException.class)
                .hasMessage("kernel: row 0 has no values (null)");
    }
}
