package org.lstmlens.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.lstmlens.core.Activation;
import org.lstmlens.core.SimpleRnnBand;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.NameException;
import org.lstmlens.render.Num;
import org.lstmlens.testing.ReferenceSteps;

/**
 * A SimpleRNN through the views: one block and no gate, {@code h = activation(x.W + b + h_prev.U)}
 * (KERAS_FORMATS.md Part 2 §1, §2), against {@link ReferenceSteps}'s float64 loop; tanh (Keras's default) and relu.
 * Texts asserted word for word, including what it says where a gate is asked for.
 */
class SimpleRnnViewsTest {
    private static final double TOL = 1e-12;
    private static final double[][] KERNEL = {{0.4, -0.7, 0.2}, {-0.3, 0.5, 0.9}};
    private static final double[][] RECURRENT = {{0.6, -0.2, 0.1}, {0.3, 0.8, -0.5}, {-0.4, 0.25, 0.7}};
    private static final double[] BIAS = {0.05, -0.1, 0.2};
    private static final double[][] X = {{1, -1}, {0.5, 2}, {-1.5, 0.25}};
    private final Lstm lstm = new Lstm();
    private final LayerView rnn = lstm.simpleRnn(KERNEL, RECURRENT, BIAS);

    private double[][][] reference(java.util.function.DoubleUnaryOperator act) {
        double[][][] steps = new double[X.length][][];
        double[] h = new double[3];
        for (int t = 0; t < X.length; t++) {
            steps[t] = ReferenceSteps.simpleRnn(KERNEL, RECURRENT, BIAS, act, X[t], h);
            h = steps[t][3];
        }
        return steps;
    }

    @Test
    void should_show_every_step_as_the_keras_formula_computes_it() {
        double[][][] tanh = reference(ReferenceSteps.TANH);
        double[][][] relu = reference(ReferenceSteps.RELU);
        RunView run = rnn.run(X);
        RunView reluRun = rnn.activation(Activation.RELU).run(X);

        for (int t = 0; t < X.length; t++) {
            assertThat(run.outputs()[t]).containsExactly(tanh[t][3], within(TOL));
            assertThat(run.step(t).gate("h").z()).containsExactly(tanh[t][2], within(TOL));
            assertThat(run.gate("state").values()[t]).containsExactly(tanh[t][3], within(TOL));
            assertThat(reluRun.outputs()[t]).containsExactly(relu[t][3], within(TOL));
            for (int k = 0; k < 3; k++) {
                UnitStepView unit = run.step(t).gate("h").unit(k);
                assertThat(unit.inputPart()).isCloseTo(tanh[t][0][k], within(TOL));
                assertThat(unit.recurrentPart()).isCloseTo(tanh[t][1][k], within(TOL));
                assertThat(unit.biasPart()).isEqualTo(BIAS[k]);
            }
        }
    }

    @Test
    void should_write_the_arithmetic_of_a_unit_without_gates() {
        double[][] s = reference(ReferenceSteps.TANH)[1];
        double[][] p = reference(ReferenceSteps.TANH)[0];

        UnitStepView unit = rnn.run(X).step(1).gate("h").unit(2);

        assertThat(unit.arithmetic()).isEqualTo("z[2] = x.W[:,2] + h_prev.U[:,2] + b[2] = " + Num.format(s[0][2])
                + " + " + Num.format(s[1][2]) + " + 0.2 = " + Num.format(s[2][2]) + "; h = tanh(" + Num.format(s[2][2])
                + ") = " + Num.format(s[3][2]));
        assertThat(unit.toMimeBundle().plain()).isEqualTo("layer \"simple_rnn\" run step 1 block h unit 2: z = "
                + Num.format(s[2][2]) + ", h = " + Num.format(s[3][2]) + "\n" + unit.arithmetic() + "\n"
                + "x.W[:,2] = 0.5*0.2 + 2*0.9 = " + Num.format(s[0][2]) + "\n"
                + "h_prev.U[:,2] = " + Num.factor(p[3][0]) + "*0.1 + " + Num.factor(p[3][1]) + "*(-0.5) + "
                + Num.factor(p[3][2]) + "*0.7 = " + Num.format(s[1][2]));
        assertThat(rnn.run(X).step(1).toMimeBundle().plain()).contains("\n\tz\th_prev\th\n");
    }

    @Test
    void should_show_the_weights_as_one_block_and_say_there_are_no_gates() {
        assertThat(rnn.kind()).isEqualTo("SimpleRNN");
        assertThat(rnn.bands()).containsExactly(SimpleRnnBand.H);
        assertThat(rnn.kernel().toArray()).isDeepEqualTo(KERNEL);
        assertThat(rnn.kernel().toString()).isEqualTo("layer \"simple_rnn\" kernel: W 2x3, one block h (SimpleRNN has"
                + " no gates)");
        assertThat(rnn.gate("hidden").recurrentKernel().toArray()).isDeepEqualTo(RECURRENT);
        assertThat(rnn.gate("h").unit(1).bias()).isEqualTo(-0.1);
        assertThat(rnn.gate("h").toMimeBundle().plain()).startsWith("layer \"simple_rnn\" block h (state, no gate): W"
                + " 2x3, U 3x3, b 3, tanh\nh = tanh(x.W + h_prev.U + b)   (SimpleRNN has no gates: the new state is the"
                + " activated sum itself)\ncolumns 0..2 of W, U and b\n");
        assertThat(rnn.toMimeBundle().plain()).isEqualTo("SimpleRNN \"simple_rnn\": 2 features -> 3 units\n"
                + "  input features: 2\n  units: 3\n  activation (h; no gates): tanh\n  return_sequences: false\n"
                + "  go_backwards: false\n  bias: yes, 3\n  parameters: 2*3 + 3*3 + 3 = 18\n"
                + "one block: SimpleRNN has no gates; W, U and b all feed h, 3 columns");
    }

    @Test
    void should_name_what_a_simple_rnn_has_when_asked_for_gates() {
        assertThatThrownBy(rnn::recurrentActivation).isInstanceOf(LstmException.class).hasMessage("layer"
                + " \"simple_rnn\" is a SimpleRNN: it has no gates and so no recurrent_activation, only its activation"
                + " (activation(...))");
        assertThatThrownBy(() -> rnn.activations("tanh", "sigmoid")).isInstanceOf(LstmException.class)
                .hasMessageStartingWith("layer \"simple_rnn\" is a SimpleRNN: it has no gates");
        assertThatThrownBy(() -> rnn.gate("f")).isInstanceOf(NameException.class).hasMessage("Unknown SimpleRNN block"
                + " \"f\" at layer \"simple_rnn\"; expected one of h (SimpleRNN has no gates; also: state, hidden)");
        assertThatThrownBy(() -> rnn.run(X).c()).isInstanceOf(LstmException.class).hasMessage("layer \"simple_rnn\""
                + " run: c() is an LSTM's cell state; a SimpleRNN keeps h only: read h()");
    }
}
