package org.lstmlens.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.lstmlens.core.Activation;
import org.lstmlens.core.LstmCell;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.core.LstmWeights;
import org.lstmlens.core.Rnn;
import org.lstmlens.core.SimpleRnnCell;
import org.lstmlens.render.Num;

/**
 * A unit's arithmetic with PyTorch's and ONNX's two biases: the text names b' beside b and its numbers add up to the
 * z the cell computed (z = x.W + h_prev.U + b + b'), for an LSTM gate and a SimpleRNN; without b' it reads as before.
 */
class TwoBiasArithmeticTest {
    private static final double[][] X = {{1, -1}, {0.5, 2}};

    @Test
    void should_add_the_recurrent_bias_in_an_lstm_gate_line() {
        double[][] w = {{0.4, -0.7, 0.2, 0.1}, {-0.3, 0.5, 0.9, -0.2}};
        double[][] u = {{0.6, -0.2, 0.1, 0.3}};
        double[] b = {0.05, -0.1, 0.2, 0.3};
        double[] rb = {0.5, 0.25, -0.75, 0.125};
        LayerView view = LayerView.of(new LstmLayer("lstm", new LstmCell(LstmWeights.of(w, u, b, rb),
                Activation.TANH, Activation.SIGMOID), true, false));
        UnitStepView f = view.run(X).step(1).gate("f").unit(0);
        assertThat(f.z()).isCloseTo(f.inputPart() + f.recurrentPart() + f.biasPart() + f.recurrentBiasPart(),
                within(1e-15));
        assertThat(f.recurrentBiasPart()).isEqualTo(0.25);
        assertThat(f.arithmetic()).startsWith("z_f[0] = x.W_f[:,0] + h_prev.U_f[:,0] + b_f[0] + b'_f[0] = "
                + Num.format(f.inputPart()) + " + " + Num.format(f.recurrentPart()) + " + -0.1 + 0.25 = "
                + Num.format(f.z()));
        LayerView keras = LayerView.of(new LstmLayer("lstm", new LstmCell(LstmWeights.of(w, u, b), Activation.TANH,
                Activation.SIGMOID), true, false));
        assertThat(keras.run(X).step(1).gate("f").unit(0).arithmetic())
                .startsWith("z_f[0] = x.W_f[:,0] + h_prev.U_f[:,0] + b_f[0] = ");
    }

    @Test
    void should_add_the_recurrent_bias_in_a_simple_rnn_line() {
        LayerView view = LayerView.of(new Rnn("rnn", new SimpleRnnCell(SimpleRnnCell.weights(new double[][] {{0.4},
            {-0.3}}, new double[][] {{0.6}}, new double[] {0.05}, new double[] {0.5}), Activation.TANH), true,
                false));
        UnitStepView h = view.run(X).step(1).gate("h").unit(0);
        assertThat(h.arithmetic()).startsWith("z[0] = x.W[:,0] + h_prev.U[:,0] + b[0] + b'[0] = "
                + Num.format(h.inputPart()) + " + " + Num.format(h.recurrentPart()) + " + 0.05 + 0.5 = "
                + Num.format(h.z()));
        assertThat(h.z()).isCloseTo(h.inputPart() + h.recurrentPart() + 0.55, within(1e-15));
    }
}
