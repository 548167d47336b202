package org.lstmlens.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lstmlens.core.Activation;
import org.lstmlens.core.CellWeights;
import org.lstmlens.core.GruCell;
import org.lstmlens.core.Rnn;
import org.lstmlens.core.SimpleRnnCell;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.ShapeException;
import org.lstmlens.testing.RandomLstm;
import org.lstmlens.testing.ReferenceRnn;
import org.lstmlens.testing.ReferenceRnn.Gru;

/**
 * What a GRU or SimpleRNN layer hands the model beside its output: Keras's return_state gives one state, h (an LSTM
 * gives h and c), an initial state is one more input, and Bidirectional lists the forward then the backward states,
 * after its one merged output or (merge_mode=None) its two. Values against {@link ReferenceRnn}'s float64 equations.
 */
class RecurrentStatesTest {
    private static final double TOL = 1e-12;
    private final Random rnd = new Random(31);
    private final Gru p = Gru.random(rnd, 3, 4, 0.8, true, true);
    private final double[][][] x = RandomLstm.tensor(rnd, 2, 5, 3, 1.2);

    private Rnn gru(boolean sequences, boolean backwards) {
        CellWeights w = GruCell.weights(doubles(p.kernel()), doubles(p.recurrentKernel()), doubles(p.bias2())[0],
                doubles(p.bias2())[1]);
        return new Rnn("gru", new GruCell(w, Activation.TANH, Activation.SIGMOID, true), sequences, backwards);
    }

    @Test
    void should_return_the_sequence_and_one_state_h_for_a_gru() {
        RecurrentLayer layer = new RecurrentLayer("GRU", gru(true, false), true, false, 0);
        List<Tensor> out = layer.forward(List.of(Tensor.of(x)));
        assertThat(out).hasSize(2);
        assertThat(layer.outputShapes(List.of(Shape.of(5, 3)))).containsExactly(Shape.of(5, 4), Shape.of(4));
        for (int b = 0; b < x.length; b++) {
            double[][] want = ReferenceRnn.gru(p, x[b], true, ReferenceRnn.TANH, ReferenceRnn.SIGMOID, false, null,
                    null);
            assertThat(out.get(0).toArray3()[b][4]).containsExactly(want[4], within(TOL));
            assertThat(out.get(1).toArray2()[b]).as("the state h").containsExactly(want[4], within(TOL));
        }
    }

    @Test
    void should_start_a_gru_from_an_initial_h_given_as_a_second_input() {
        double[][] h0 = RandomLstm.matrix(rnd, 2, 4, 0.7);
        RecurrentLayer layer = new RecurrentLayer("GRU", gru(false, true), false, false, 0);
        Tensor out = layer.forward(List.of(Tensor.of(x), Tensor.of(h0))).get(0);
        for (int b = 0; b < x.length; b++) {
            double[][] want = ReferenceRnn.gru(p, x[b], true, ReferenceRnn.TANH, ReferenceRnn.SIGMOID, true, null,
                    h0[b]);
            assertThat(out.toArray2()[b]).containsExactly(want[4], within(TOL));
        }
        assertThatThrownBy(() -> layer.forward(List.of(Tensor.of(x), Tensor.of(h0), Tensor.of(h0))))
                .isInstanceOf(ShapeException.class)
                .hasMessage("GRU \"gru\" takes the sequence and optionally the initial h, got 3 inputs");
    }

    @Test
    void should_return_one_state_for_a_simple_rnn() {
        double[][] w = RandomLstm.matrix(rnd, 3, 2, 0.8);
        double[][] u = RandomLstm.matrix(rnd, 2, 2, 0.8);
        RecurrentLayer layer = new RecurrentLayer("SimpleRNN", new Rnn("simple_rnn", new SimpleRnnCell(
                SimpleRnnCell.weights(w, u, null), Activation.RELU), false, false), true, false, 0);
        List<Tensor> out = layer.forward(List.of(Tensor.of(x)));
        assertThat(out).hasSize(2);
        for (int b = 0; b < x.length; b++) {
            double[][] want = ReferenceRnn.simpleRnn(w, u, null, x[b], ReferenceRnn.RELU, false, null, null);
            assertThat(out.get(0).toArray2()[b]).containsExactly(want[4], within(TOL));
            assertThat(out.get(1).toArray2()[b]).containsExactly(want[4], within(TOL));
        }
    }

    @Test
    void should_list_a_bidirectional_grus_states_forward_then_backward() {
        RecurrentLayer f = new RecurrentLayer("GRU", gru(false, false), true, false, 0);
        RecurrentLayer b = new RecurrentLayer("GRU", gru(false, true).withName("backward_gru"), true, false, 0);
        BidirectionalLayer concat = new BidirectionalLayer("bi", f, b, BidirectionalLayer.Merge.CONCAT, true);
        BidirectionalLayer none = new BidirectionalLayer("bi", f, b, BidirectionalLayer.Merge.NONE, true);
        assertThat(concat.outputShapes(List.of(Shape.of(5, 3)))).containsExactly(Shape.of(8), Shape.of(4),
                Shape.of(4));
        assertThat(none.outputShapes(List.of(Shape.of(5, 3)))).containsExactly(Shape.of(4), Shape.of(4), Shape.of(4),
                Shape.of(4));
        List<Tensor> out = none.forward(List.of(Tensor.of(x)));
        assertThat(out).hasSize(4);
        for (int s = 0; s < x.length; s++) {
            double[][] fw = ReferenceRnn.gru(p, x[s], true, ReferenceRnn.TANH, ReferenceRnn.SIGMOID, false, null, null);
            double[][] bw = ReferenceRnn.gru(p, x[s], true, ReferenceRnn.TANH, ReferenceRnn.SIGMOID, true, null, null);
            assertThat(out.get(0).toArray2()[s]).containsExactly(fw[4], within(TOL));
            assertThat(out.get(1).toArray2()[s]).containsExactly(bw[4], within(TOL));
            assertThat(out.get(2).toArray2()[s]).as("forward h").containsExactly(fw[4], within(TOL));
            assertThat(out.get(3).toArray2()[s]).as("backward h").containsExactly(bw[4], within(TOL));
        }
    }

    @Test
    void should_name_the_cell_when_an_lstm_only_view_asks_a_gru_for_its_lstm() {
        RecurrentLayer layer = new RecurrentLayer("GRU", gru(false, false), false, false, 0);
        assertThat(layer.cell().kind()).isEqualTo("GRU");
        assertThat(layer.inputDim()).isEqualTo(3);
        assertThatThrownBy(layer::lstm).isInstanceOf(LstmException.class)
                .hasMessageStartingWith("GRU \"gru\" is a GRU, not an LSTM");
    }

    private static double[][] doubles(float[][] f) {
        double[][] d = new double[f.length][];
        for (int r = 0; r < f.length; r++) {
            d[r] = new double[f[r].length];
            for (int c = 0; c < f[r].length; c++) {
                d[r][c] = f[r][c];
            }
        }
        return d;
    }

    private static double[][] doubles(float[] f) {
        return doubles(new float[][] {f});
    }
}
