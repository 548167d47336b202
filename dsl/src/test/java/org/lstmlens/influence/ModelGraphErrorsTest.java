package org.lstmlens.influence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lstmlens.core.Activation;
import org.lstmlens.error.LstmException;
import org.lstmlens.model.ActivationFunction;
import org.lstmlens.model.ActivationLayer;
import org.lstmlens.model.Call;
import org.lstmlens.model.Layer;
import org.lstmlens.model.Model;
import org.lstmlens.model.ModelInfo;
import org.lstmlens.model.RecurrentLayer;
import org.lstmlens.model.TensorRef;
import org.lstmlens.model.UnsupportedLayer;
import org.lstmlens.testing.RandomLstm;

/** A model layer without a backward pass is named, with its type and what influence goes through; verbatim. */
class ModelGraphErrorsTest {
    private static Model chain(String name, Layer... layers) {
        List<Call> calls = new java.util.ArrayList<>();
        TensorRef in = new TensorRef("input", 0, 0);
        TensorRef current = in;
        for (Layer l : layers) {
            Call c = new Call(l, 0, List.of(current));
            calls.add(c);
            current = c.output(0);
        }
        return new Model(name, "Sequential", List.of(layers), calls, List.of(in), List.of(current), Map.of(),
                ModelInfo.builder("built.h5").build());
    }

    @Test
    void should_name_a_layer_without_a_backward_pass() {
        RecurrentLayer lstm = new RecurrentLayer("LSTM", RandomLstm.layer(new Random(1), 2, 3, 0.5, Activation.TANH,
                Activation.SIGMOID, true, false), false, false, 0);
        Model m = chain("built", lstm, new UnsupportedLayer("attention", "Attention", 0, "not supported"),
                new ActivationLayer("act", ActivationFunction.SOFTMAX));

        assertThatThrownBy(() -> Influence.of(m)).isInstanceOf(LstmException.class).hasMessage("model \"built\": "
                + "layer \"attention\" (Attention) has no backward pass; influence goes through InputLayer, Masking, "
                + "Embedding (first), LSTM, GRU, SimpleRNN (also with return_state), Bidirectional (every merge mode), "
                + "Dense, TimeDistributed(Dense), Activation, Flatten, RepeatVector, Concatenate, Add and the other "
                + "merges, Dropout and the like");
    }

    @Test
    void should_ask_gate_targets_through_a_whole_model_for_their_layer() {
        RecurrentLayer lstm = new RecurrentLayer("LSTM", RandomLstm.layer(new Random(2), 2, 3, 0.5, Activation.TANH,
                Activation.SIGMOID, false, false), false, false, 0);
        ModelInfluence inf = Influence.of(chain("built", lstm)).on(new double[4][2]);

        assertThatThrownBy(() -> inf.target(Target.gate("f", 1))).isInstanceOf(LstmException.class).hasMessage(
                "target gate \"f\" of unit 1 at the last step: through a whole model a gate or cell target names its"
                + " layer, influence.layer(name).gate(\"z\", 2) or .cell(2); recurrent layers of \"built\": random");
        assertThat(inf.layer("random").gate("f", 1).attributions().target().describe())
                .isEqualTo("forget gate f of unit 1 of layer \"random\" at the last step");
    }
}
