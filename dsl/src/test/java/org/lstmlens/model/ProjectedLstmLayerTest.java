package org.lstmlens.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lstmlens.core.Activation;
import org.lstmlens.core.LayerOutput;
import org.lstmlens.core.LstmCell;
import org.lstmlens.core.LstmWeights;
import org.lstmlens.core.Rnn;
import org.lstmlens.core.RnnBackward;
import org.lstmlens.core.RnnGradients;
import org.lstmlens.core.RnnState;
import org.lstmlens.core.SequenceBatch;
import org.lstmlens.testing.RandomLstm;

/**
 * A model layer around an LSTM with a projection (PyTorch's proj_size: h has p values, c has units): its output and
 * its states are as wide as the core says (h p, c units), in the shapes it declares and the tensors it returns, and
 * its gradients are the core's. The core's numbers themselves are checked against torch in the core's
 * LstmProjectionTest; here the model must hand them on unchanged.
 */
class ProjectedLstmLayerTest {
    private final Random rnd = new Random(3);
    private final double[][][] x = RandomLstm.tensor(rnd, 2, 4, 3, 1.0);
    private final Rnn rnn = new Rnn("lstm", new LstmCell(LstmWeights.of(RandomLstm.matrix(rnd, 3, 20, 0.8),
            RandomLstm.matrix(rnd, 2, 20, 0.8), RandomLstm.vector(rnd, 20, 0.5), RandomLstm.vector(rnd, 20, 0.5),
            RandomLstm.matrix(rnd, 5, 2, 0.8)), Activation.TANH, Activation.SIGMOID), true, false);

    @Test
    void should_return_outputs_and_states_as_wide_as_h_and_c() {
        RecurrentLayer layer = new RecurrentLayer("LSTM", rnn, true, false, 0);
        assertThat(layer.outputSize()).isEqualTo(2);
        assertThat(layer.outputShapes(List.of(Shape.of(4, 3)))).containsExactly(Shape.of(4, 2), Shape.of(2),
                Shape.of(5));
        List<Tensor> out = layer.forward(List.of(Tensor.of(x)));
        LayerOutput core = rnn.run(SequenceBatch.of(x));
        for (int b = 0; b < x.length; b++) {
            for (int t = 0; t < 4; t++) {
                assertThat(out.get(0).toArray3()[b][t]).containsExactly(core.toArray()[b][t], within(0.0));
            }
            assertThat(out.get(1).toArray2()[b]).as("h: p values").containsExactly(core.state().h(b), within(0.0));
            assertThat(out.get(2).toArray2()[b]).as("c: units values").containsExactly(core.state().c(b),
                    within(0.0));
        }
        RecurrentLayer fw = new RecurrentLayer("LSTM", rnn, true, false, 0);
        RecurrentLayer bw = new RecurrentLayer("LSTM", rnn.withGoBackwards(true), true, false, 0);
        BidirectionalLayer bi = new BidirectionalLayer("bi", fw, bw, BidirectionalLayer.Merge.CONCAT, false);
        assertThat(bi.outputShapes(List.of(Shape.of(4, 3)))).as("concat of two p-wide outputs, then h, c, h, c")
                .containsExactly(Shape.of(4, 4), Shape.of(2), Shape.of(5), Shape.of(2),
                Shape.of(5));
    }

    @Test
    void should_send_the_cores_gradients_through_the_model() {
        RecurrentLayer layer = new RecurrentLayer("LSTM", rnn, false, false, 0);
        double[][][] dy = RandomLstm.tensor(rnd, 2, 4, 2, 1.0);
        Tensor dx = layer.trace(Tensor.of(x)).backward(Tensor.of(dy));
        RnnGradients core = RnnBackward.from(rnn.run(SequenceBatch.of(x), null, null, true)).outputGradient(dy).run();
        for (int b = 0; b < x.length; b++) {
            for (int t = 0; t < 4; t++) {
                assertThat(dx.toArray3()[b][t]).containsExactly(core.dx().toArray()[b][t], within(0.0));
            }
        }
        RnnState zeros = core.dInitial();
        assertThat(zeros.units()).as("dL/dh0: p values").isEqualTo(2);
        assertThat(zeros.cellUnits()).as("dL/dc0: units values").isEqualTo(5);
    }
}
