package org.lstmlens.influence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lstmlens.core.Band;
import org.lstmlens.core.Rnn;
import org.lstmlens.core.SequenceBatch;
import org.lstmlens.core.Trace;
import org.lstmlens.error.LstmException;
import org.lstmlens.model.BidirectionalLayer;
import org.lstmlens.model.Model;
import org.lstmlens.model.RecurrentLayer;
import org.lstmlens.model.Tensor;

/**
 * Gate and cell-state targets inside a whole model, {@code influence(x).layer(name).gate(g, k)}: the gradient flows
 * from the gate back through the layers below it to the model's input. Checked against central differences of the
 * gate's value computed without the code under test: the layer's input from {@link Model#outputsOf} (the model's
 * own forward pass), then the core layer's traced run of that input. Keras 3 models of dsl/src/test/data/rnn.
 */
class GateThroughModelTest {
    @Test
    void should_send_a_gru_gate_and_an_lstm_cell_state_back_through_the_layers_below() throws IOException {
        Model model = SeveralOutputsTest.load("stacked_gru_over_lstm"); // LSTM(5) -> GRU(4) -> SimpleRNN(3)
        double[][][] x = SeveralOutputsTest.input("stacked_gru_over_lstm");
        RecurrentLayer gru = (RecurrentLayer) model.layer("gru");
        RecurrentLayer lstm = (RecurrentLayer) model.layer("lstm");
        int last = x[0].length - 1;
        ModelInfluence inf = Influence.of(model).on(x).gradient();

        for (String g : new String[] {"z", "r", "h"}) {
            Band band = gru.cell().band(g, "test");
            Attribution a = inf.layer("gru").gate(g, 2).attributions();

            ModelGradientTest.assertRelative(a.toArray(), SeveralOutputsTest.differences(x, v -> gateOf(gru.rnn(),
                    model.outputsOf("lstm", List.of(Tensor.of(v))).get(0).toArray3(), band, last, 2)), "gru " + g);
            assertThat(a.output()[1]).isCloseTo(gateOf(gru.rnn(), model.outputsOf("lstm", List.of(Tensor.of(
                    new double[][][] {x[1]}))).get(0).toArray3(), band, last, 2), within(1e-15));
            assertThat(a.target().describe()).isEqualTo(band.title() + " " + g + " of unit 2 of layer \"gru\" at the"
                    + " last step");
        }
        Attribution cell = inf.layer("lstm").target(Target.cell(1).atStep(3)).attributions();
        ModelGradientTest.assertRelative(cell.toArray(), SeveralOutputsTest.differences(x, v -> lstm.rnn().trace(
                SequenceBatch.of(v)).trace().orElseThrow().c(0, 3, 1)), "lstm cell state");
        Attribution ig = inf.layer("gru").gate("update", 0).integratedGradients(64).attributions();
        assertThat(ig.relativeCompletenessGap()).isLessThanOrEqualTo(0.01);
    }

    @Test
    void should_reach_a_gate_of_one_direction_of_a_bidirectional() throws IOException {
        Model model = SeveralOutputsTest.load("bidirectional_gru_concat");
        double[][][] x = SeveralOutputsTest.input("bidirectional_gru_concat");
        BidirectionalLayer bi = (BidirectionalLayer) model.layer("bidirectional");

        for (RecurrentLayer direction : List.of(bi.forwardLayer(), bi.backwardLayer())) {
            Band r = direction.cell().band("r", "test");
            Attribution a = Influence.of(model).on(x).gradient().layer(direction.name())
                    .target(Target.gate("r", 1).atStep(2)).attributions();

            ModelGradientTest.assertRelative(a.toArray(), SeveralOutputsTest.differences(x, v -> gateOf(
                    direction.rnn(), v, r, 2, 1)), direction.name());
        }
        assertThatThrownBy(() -> Influence.of(model).layer("bidirectional")).isInstanceOf(LstmException.class)
                .hasMessage("Bidirectional \"bidirectional\" of model \"bidirectional_gru_concat\" runs two layers;"
                        + " name one: layer(\"forward_gru\") or layer(\"backward_gru\")");
    }

    /** Gate {@code band} of unit {@code k} at processing step {@code step}, of the first sequence of {@code in}. */
    private static double gateOf(Rnn layer, double[][][] in, Band band, int step, int k) {
        Trace tr = layer.trace(SequenceBatch.of(in)).trace().orElseThrow();
        return tr.gate(0, step, band, k);
    }
}
