package org.lstmlens.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lstmlens.core.Activation;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.progress.Progress;
import org.lstmlens.testing.Built;
import org.lstmlens.testing.HeardProgress;
import org.lstmlens.testing.RandomLstm;

/** A model's pass is one piece of work, a step per layer call: one bar, its layers' own passes inside it. */
class PredictProgressTest {
    @AfterEach
    void reset() {
        Progress.listen(null);
    }

    @Test
    void predictReportsOneStepPerLayerCall() {
        Random rnd = new Random(3);
        LstmLayer layer = RandomLstm.layer(rnd, 2, 3, 0.9, Activation.TANH, Activation.SIGMOID, false, false);
        Model model = Built.withHead(layer, RandomLstm.matrix(rnd, 3, 1, 1), RandomLstm.vector(rnd, 1, 0.5),
                Activation.LINEAR);
        HeardProgress heard = new HeardProgress();
        Progress.listen(heard);
        model.predict(List.of(Tensor.of(new double[1][5][2])));
        assertThat(heard.lines()).containsExactly("begin predict of model \"random + Dense\" (2 layer calls) 2",
                "end 2/2 complete");
    }
}
