package org.lstmlens.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lstmlens.dsl.GruViewsTest.B0;
import static org.lstmlens.dsl.GruViewsTest.B1;
import static org.lstmlens.dsl.GruViewsTest.KERNEL;
import static org.lstmlens.dsl.GruViewsTest.RECURRENT;
import static org.lstmlens.dsl.GruViewsTest.U;
import static org.lstmlens.dsl.GruViewsTest.block;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lstmlens.core.Activation;
import org.lstmlens.core.Gate;
import org.lstmlens.core.GruGate;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.NameException;
import org.lstmlens.error.ShapeException;

/**
 * A GRU layer's weights as the views cut them: Keras packs z | r | h along the 3u axis in every era (KERAS_FORMATS.md
 * Part 2 §2: z = [:, 0:u], r = [:, u:2u], h = [:, 2u:3u]), so the expected blocks are cut from the test's arrays by
 * hand; a (2, 3u) bias is row 0 the input bias b and row 1 the recurrent bias b'. Names people type reach the same
 * block; the calls that belong to an LSTM answer with what a GRU has instead. Texts asserted word for word.
 */
class GruLayerViewTest {
    private final Lstm lstm = new Lstm();
    private final LayerView after = lstm.gru(KERNEL, RECURRENT, new double[][] {B0, B1});
    private final LayerView before = lstm.gru(KERNEL, RECURRENT, B0);

    @ParameterizedTest
    @CsvSource({"z, 0", "update, 0", "UPDATE, 0", "r, 1", "reset, 1", "RESET, 1", "h, 2", "candidate, 2", "n, 2", "hh, 2"})
    void should_cut_each_gate_block_where_keras_slices_it(String name, int band) {
        GateView gate = after.gate(name);

        assertThat(gate.gate()).isEqualTo(GruGate.values()[band]);
        assertThat(gate.kernel().toArray()).isDeepEqualTo(new double[][] {block(KERNEL[0], band),
            block(KERNEL[1], band)});
        for (int r = 0; r < U; r++) {
            assertThat(gate.recurrentKernel().toArray()[r]).containsExactly(block(RECURRENT[r], band));
        }
        assertThat(gate.bias().toArray()[0]).containsExactly(block(B0, band));
        assertThat(gate.recurrentBias().toArray()[0]).containsExactly(block(B1, band));
        assertThat(gate.columns()).isEqualTo(band * U + ".." + (band * U + 2));
        assertThat(after.kernel().gate(name).toArray()).isDeepEqualTo(gate.kernel().toArray());
    }

    @Test
    void should_show_the_bias_as_keras_stores_it_and_say_which_row_is_which() {
        assertThat(after.bias().toArray()).isDeepEqualTo(new double[][] {B0, B1});
        assertThat(after.recurrentBias().toArray()).isDeepEqualTo(new double[][] {B1});
        assertThat(before.bias().toArray()).isDeepEqualTo(new double[][] {B0});
        assertThat(after.bias().toMimeBundle().plain()).startsWith("layer \"gru\" bias: bias 2x9, gate blocks z | r | h"
                + " of 3 units\nbias[0] = b, the input bias, added to x.W; bias[1] = b', the recurrent bias, added to"
                + " h_prev.U (for h inside r * (h_prev.U_h + b'_h)); z and r see b + b'\n");
        assertThatThrownBy(before::recurrentBias).isInstanceOf(LstmException.class).hasMessage("layer \"gru\" (GRU)"
                + " keeps no recurrent bias apart: only a Keras GRU with reset_after=True (its bias is (2, 3*units))"
                + " and layers from PyTorch (bias_hh) have one; here the one bias b is added to x.W; see bias()");
    }

    @Test
    void should_give_a_unit_both_biases_and_their_sum_where_they_add_up() {
        UnitView z = after.gate("z").unit(1);
        UnitView h = after.gate("h").unit(1);

        assertThat(z.column()).isEqualTo(1);
        assertThat(z.kernel()).containsExactly(KERNEL[0][1], KERNEL[1][1]);
        assertThat(z.recurrentKernel()).containsExactly(RECURRENT[0][1], RECURRENT[1][1], RECURRENT[2][1]);
        assertThat(z.bias()).isEqualTo(B0[1]);
        assertThat(z.recurrentBias()).isEqualTo(B1[1]);
        assertThat(z.toMimeBundle().plain()).isEqualTo("layer \"gru\" gate z unit 1: W_z[:,1] 2 values, U_z[:,1] 3"
                + " values, b_z[1] = -0.2, b'_z[1] = 0.22\n"
                + "z_z[1] = x.W_z[:,1] + h_prev.U_z[:,1] + b_z[1] + b'_z[1]   (column 1 of W, U and b and b')\n"
                + "W_z[:,1] = [-0.42, 0.36]\nU_z[:,1] = [-0.11, 0.28, 0.53]\nb_z[1] = -0.2\nb'_z[1] = 0.22\n"
                + "b_z[1] + b'_z[1] = 0.02 (both are added to z_z[1])");
        assertThat(h.toMimeBundle().plain()).contains("z_h[1] = x.W_h[:,1] + b_h[1] + r[1] * (h_prev.U_h[:,1] +"
                + " b'_h[1])   (column 7 of W, U and b and b')\n")
                .endsWith("b_h[1] is added to x.W_h, b'_h[1] to h_prev.U_h inside r[1] * (...): they do not add up");
        assertThat(before.gate("h").unit(1).toMimeBundle().plain()).contains("z_h[1] = x.W_h[:,1] + b_h[1] +"
                + " (r * h_prev).U_h[:,1]   (column 7 of W, U and b)\n").endsWith("b_h[1] = 0.12");
    }

    @Test
    void should_write_each_gate_equation_with_its_activation_and_where_r_goes() {
        assertThat(after.gate("r").toMimeBundle().plain()).startsWith("layer \"gru\" gate r (reset gate): W_r 2x3,"
                + " U_r 3x3, b_r 3, b'_r 3, sigmoid\nz_r = x.W_r + h_prev.U_r + b_r + b'_r;  r = sigmoid(z_r)\n"
                + "columns 3..5 of W, U and b (and b')\n");
        assertThat(after.gate("h").toMimeBundle().plain()).contains("\nz_h = x.W_h + b_h + r * (h_prev.U_h + b'_h);"
                + "  hh = tanh(z_h)   (reset_after=True: r multiplies after the recurrent product)\n");
        assertThat(before.activations("tanh", "hard_sigmoid_keras2").gate("z").toMimeBundle().plain())
                .contains("\nz_z = x.W_z + h_prev.U_z + b_z;  z = hard_sigmoid(z_z)   [hard_sigmoid(0.2x+0.5)]\n");
        assertThat(before.gate("h").toMimeBundle().plain()).contains("\nz_h = x.W_h + b_h + (r * h_prev).U_h;"
                + "  hh = tanh(z_h)   (reset_after=False: r multiplies h_prev before the recurrent product)\n");
    }

    @Test
    void should_describe_the_layer_with_its_gates_biases_and_count() {
        assertThat(after.kind()).isEqualTo("GRU");
        assertThat(after.resetAfter()).isTrue();
        assertThat(before.resetAfter()).isFalse();
        assertThat(after.activation()).isEqualTo(Activation.TANH);
        assertThat(after.recurrentActivation()).isEqualTo(Activation.SIGMOID);
        assertThat(after.recurrentActivation(Activation.HARD_SIGMOID_KERAS3).gate("r").activation())
                .isEqualTo(Activation.HARD_SIGMOID_KERAS3);
        assertThat(after.activation(Activation.RELU).gate("h").activation()).isEqualTo(Activation.RELU);
        assertThat(after.activation(Activation.RELU).resetAfter()).isTrue();
        assertThat(after.toMimeBundle().plain()).isEqualTo("GRU \"gru\": 2 features -> 3 units\n"
                + "  input features: 2\n  units: 3\n  activation (hh): tanh\n  recurrent_activation (z, r): sigmoid\n"
                + "  reset_after: True (r after h_prev.U_h)\n  return_sequences: false\n  go_backwards: false\n"
                + "  bias: yes, 2 x 9: b added to x.W, b' added to h_prev.U\n"
                + "  parameters: 3*(2*3 + 3*3 + 2*3) = 63\n"
                + "gates packed in W, U and b as z | r | h, 3 columns each");
        assertThat(before.params().formula()).isEqualTo("3*(2*3 + 3*3 + 3) = 54");
        assertThat(before.kernel().toString()).isEqualTo("layer \"gru\" kernel: W 2x9, gate blocks z | r | h of 3"
                + " units");
    }

    @Test
    void should_build_the_same_layer_from_pasted_text_and_read_reset_after_from_the_bias_shape() {
        LayerView pastedAfter = lstm.gru("[[0.31, -0.42, 0.17, 0.55, -0.23, 0.08, -0.61, 0.44, 0.29],"
                + " [-0.12, 0.36, -0.48, 0.21, 0.67, -0.35, 0.14, -0.27, 0.52]]", matrix(RECURRENT),
                "array([" + vector(B0) + ", " + vector(B1) + "], dtype=float32)");
        LayerView pastedBefore = lstm.gru(matrix(KERNEL), matrix(RECURRENT), vector(B0));

        assertThat(pastedAfter.resetAfter()).isTrue();
        assertThat(pastedAfter.bias().toArray()).isDeepEqualTo(new double[][] {B0, B1});
        assertThat(pastedBefore.resetAfter()).isFalse();
        assertThat(pastedBefore.kernel().toArray()).isDeepEqualTo(KERNEL);
        assertThat(lstm.gru(KERNEL, RECURRENT, (double[][]) null).params().total()).isEqualTo(3 * (2 * 3 + 3 * 3));
        assertThat(lstm.gru(KERNEL, RECURRENT, (double[][]) null).resetAfter()).isTrue();
        assertThat(lstm.gru(KERNEL, RECURRENT, (double[]) null).resetAfter()).isFalse();
    }

    @Test
    void should_name_what_a_gru_has_when_asked_for_what_it_lacks() {
        RunView run = after.run(GruViewsTest.X);

        assertThatThrownBy(() -> after.gate("f")).isInstanceOf(NameException.class).hasMessage("Unknown GRU gate \"f\""
                + " at layer \"gru\"; expected one of z, r, h (or update, reset, candidate/n/hh)");
        assertThatThrownBy(() -> after.gate(Gate.F)).isInstanceOf(LstmException.class).hasMessage("layer \"gru\":"
                + " Gate.F is not a block of a GRU; expected one of [z, r, h] (GRU)");
        assertThatThrownBy(run::c).isInstanceOf(LstmException.class).hasMessage("layer \"gru\" run: c() is an LSTM's"
                + " cell state; a GRU keeps h only: read h() or its gates, gate(\"z\")");
        assertThatThrownBy(() -> run.step(0).cPrev()).isInstanceOf(LstmException.class).hasMessage("layer \"gru\" run"
                + " step 0: cPrev() is an LSTM's cell state; a GRU keeps h only: read h() or its gates, gate(\"z\")");
        assertThatThrownBy(() -> run.step(1).unit(0).c()).isInstanceOf(LstmException.class)
                .hasMessageStartingWith("layer \"gru\" run step 1: c() is an LSTM's cell state");
        assertThatThrownBy(() -> after.run(new double[][][] {GruViewsTest.X}, null, new double[1][3], new double[1][3]))
                .isInstanceOf(ShapeException.class).hasMessage("layer \"gru\" run: a GRU keeps h only, so it starts"
                + " from h0 alone; call run(batch, mask, h0)");
        // memory and influence are the influence package's, tested there (GruMemoryTest, GruInfluenceTest): here,
        // that the views hand a GRU on
        assertThat(after.memory(GruViewsTest.X).toString()).startsWith("Memory[gru, mean of 3 units");
        assertThat(after.memory(GruViewsTest.X).toMimeBundle().plain()).startsWith("update-gate memory of \"gru\"");
        assertThat(after.influence(GruViewsTest.X).gradient().attributions().steps())
                .isEqualTo(GruViewsTest.X.length);
        assertThatThrownBy(() -> lstm.gru(KERNEL, RECURRENT, new double[][] {B0})).isInstanceOf(ShapeException.class)
                .hasMessage("GRU bias: expected (3*units,) for reset_after=False or (2, 3*units) for reset_after=True,"
                + " got 1 row; pass the one row as a double[]");
        assertThatThrownBy(() -> lstm.gru(KERNEL, RECURRENT, new double[] {1, 2})).isInstanceOf(ShapeException.class)
                .hasMessage("GRU bias: expected 9 values (3*units, units = 3), got 2");
        assertThatThrownBy(() -> lstm.random(1, 3, 1).resetAfter()).isInstanceOf(LstmException.class)
                .hasMessage("layer \"lstm\" is an LSTM: reset_after belongs to a GRU's reset gate");
    }

    private static String vector(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : " ").append(v[i]);
        }
        return sb.append(']').toString();
    }

    private static String matrix(double[][] m) {
        StringBuilder sb = new StringBuilder("[");
        for (int r = 0; r < m.length; r++) {
            sb.append(r == 0 ? "" : ",\n ").append(vector(m[r]));
        }
        return sb.append(']').toString();
    }
}
