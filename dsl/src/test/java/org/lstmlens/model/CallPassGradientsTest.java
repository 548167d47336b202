package org.lstmlens.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lstmlens.core.Activation;
import org.lstmlens.testing.RandomLstm;

/**
 * Calls with several outputs or inputs ({@link DifferentiableCall#traceCall}): a recurrent layer with return_state
 * and initial states, a Bidirectional with merge_mode=None and return_state. For {@code L = sum over outputs of
 * d_i * output_i} with random d_i, every input's gradient against central differences of the layer's own
 * {@link Layer#forward} (an identity; h = 1e-5), masks included.
 */
class CallPassGradientsTest {
    private static final double RELATIVE = 1e-6;
    private static final double H = 1e-5;
    private static final boolean[][] MASK = {{true, true, true, false, true}, {false, true, true, true, true}};

    @ParameterizedTest
    @ValueSource(strings = {"LSTM", "GRU reset_after", "GRU", "SimpleRNN"})
    void should_send_gradients_of_the_output_and_the_states_to_the_sequence_and_the_initial_states(String kind) {
        Random rnd = new Random(kind.hashCode());
        for (boolean sequences : new boolean[] {true, false}) {
            RecurrentLayer plain = kind.equals("LSTM") ? new RecurrentLayer("LSTM", RandomLstm.layer(rnd, 3, 4, 0.6,
                    Activation.TANH, Activation.SIGMOID, sequences, false), true, true, 0)
                    : LayerGradientsTest.cell(rnd, kind, sequences, false, true);
            RecurrentLayer layer = new RecurrentLayer(plain.type(), plain.rnn(), true, true, 0);
            List<Tensor> in = new ArrayList<>();
            in.add(Tensor.of(RandomLstm.tensor(rnd, 2, 5, 3, 1)).withMask(MASK));
            for (int s = 0; s < layer.stateCount(); s++) {
                in.add(Tensor.of(RandomLstm.matrix(rnd, 2, 4, 0.5)));
            }
            check(layer, in, rnd, kind + (sequences ? " sequences" : " last"));
        }
    }

    @Test
    void should_send_gradients_of_both_directions_and_their_states_to_the_input() {
        Random rnd = new Random(3);
        RecurrentLayer f = new RecurrentLayer("LSTM", RandomLstm.layer(rnd, 3, 4, 0.6, Activation.TANH,
                Activation.SIGMOID, true, false), true, false, 0);
        RecurrentLayer b = new RecurrentLayer("LSTM", RandomLstm.layer(rnd, 3, 4, 0.6, Activation.TANH,
                Activation.SIGMOID, true, true), true, false, 0);
        BidirectionalLayer none = new BidirectionalLayer("bi", f, b, BidirectionalLayer.Merge.NONE, true);
        Tensor x = Tensor.of(RandomLstm.tensor(rnd, 2, 5, 3, 1)).withMask(MASK);

        assertThat(none.traceCall(List.of(x)).outputs()).as("yf, yb, hf, cf, hb, cb").hasSize(6);
        check(none, List.of(x), rnd, "Bidirectional None with states");
    }

    /** Every input's gradient of {@code L = sum_i d_i . output_i} against central differences of forward. */
    private static void check(DifferentiableCall layer, List<Tensor> in, Random rnd, String what) {
        CallPass pass = layer.traceCall(in);
        List<Tensor> d = new ArrayList<>();
        for (Tensor o : pass.outputs()) {
            double[] v = new double[o.data().length];
            for (int i = 0; i < v.length; i++) {
                v[i] = rnd.nextGaussian();
            }
            d.add(Tensor.wrap(o.shape(), v, o.maskData()));
        }
        List<Tensor> grads = pass.backward(d);
        assertThat(grads).as(what + ": one gradient per input").hasSize(in.size());
        double worst = 0;
        double scale = 0;
        for (int k = 0; k < in.size(); k++) {
            double[] values = in.get(k).data();
            for (int i = 0; i < values.length; i++) {
                double keep = values[i];
                values[i] = keep + H;
                double plus = loss(layer, in, d);
                values[i] = keep - H;
                double minus = loss(layer, in, d);
                values[i] = keep;
                double numeric = (plus - minus) / (2 * H);
                double ours = grads.get(k).data()[i];
                worst = Math.max(worst, Math.abs(numeric - ours));
                scale = Math.max(scale, Math.abs(ours));
            }
        }
        assertThat(scale).as(what + ": not all zero").isGreaterThan(1e-3);
        assertThat(worst / scale).as(what).isLessThanOrEqualTo(RELATIVE);
    }

    private static double loss(Layer layer, List<Tensor> in, List<Tensor> d) {
        List<Tensor> out = layer.forward(in);
        double l = 0;
        for (int i = 0; i < out.size(); i++) {
            double[] y = out.get(i).data();
            double[] w = d.get(i).data();
            for (int j = 0; j < y.length; j++) {
                l += w[j] * y[j];
            }
        }
        return l;
    }
}
