package org.lstmlens.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lstmlens.progress.Progress;
import org.lstmlens.testing.RandomLstm;

/**
 * A long run stops at an interrupt before its next step (never inside a step kernel), saying how far it got; a run
 * after it works (the helper thread of a two-thread pass is not left waiting).
 */
class RnnInterruptTest {
    @AfterEach
    void clearFlag() {
        Thread.interrupted();
    }

    @Test
    void aLongForwardPassStopsAtAnInterruptWithHowFarItGot() {
        LstmLayer layer = RandomLstm.layer(new Random(3), 2, 64, 0.9, Activation.TANH, Activation.SIGMOID, false, false);
        int steps = 20_000;
        SequenceBatch x = SequenceBatch.of(new double[1][steps][2]);
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> layer.run(x)).isInstanceOf(Progress.Interrupted.class)
                .hasMessage("layer \"random\" forward pass interrupted after 0 of " + steps + " steps");
        Thread.interrupted();
        assertThat(layer.run(x).state().h(0)).hasSize(64);
    }

    @Test
    void aLongBackwardPassStopsAtAnInterrupt() {
        LstmLayer layer = RandomLstm.layer(new Random(4), 2, 8, 0.9, Activation.TANH, Activation.SIGMOID, false, false);
        int steps = 3000;
        LayerOutput traced = layer.trace(SequenceBatch.of(new double[1][steps][2]));
        Thread.currentThread().interrupt();
        // the loop runs from the last step down, checks at every step and reports every 256 (first at step 2816)
        assertThatThrownBy(() -> RnnBackward.from(traced).lastOutputGradient(new double[][] {new double[8]}).run())
                .isInstanceOf(Progress.Interrupted.class)
                .hasMessage("layer \"random\" backward pass interrupted after 0 of " + steps + " steps");
    }
}
