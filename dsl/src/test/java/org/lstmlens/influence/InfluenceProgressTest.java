package org.lstmlens.influence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lstmlens.core.Activation;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.core.SequenceBatch;
import org.lstmlens.model.Model;
import org.lstmlens.progress.Progress;
import org.lstmlens.testing.HeardProgress;
import org.lstmlens.testing.RandomLstm;

/**
 * The multi-pass influence methods report their work (only the outermost call: one bar) and stop at an interrupt,
 * naming the call and how far it got. The counts expected are the method's own arithmetic: integrated gradients
 * runs one row per path point and sequence, occlusion one per window start and sequence.
 */
class InfluenceProgressTest {
    private final HeardProgress recorder = new HeardProgress();
    private final List<String> heard = recorder.lines();

    @AfterEach
    void reset() {
        Progress.listen(null);
        Thread.interrupted();
    }

    private static Model model() {
        Random rnd = new Random(5);
        LstmLayer layer = RandomLstm.layer(rnd, 2, 3, 0.9, Activation.TANH, Activation.SIGMOID, false, false);
        return AttributionMethodsTest.withHead(rnd, layer, 1, Activation.LINEAR);
    }

    private static double[][][] batch(int samples, int steps) {
        Random rnd = new Random(6);
        double[][][] x = new double[samples][steps][2];
        for (double[][] s : x) {
            for (double[] v : s) {
                v[0] = rnd.nextGaussian();
                v[1] = rnd.nextGaussian();
            }
        }
        return x;
    }

    @Test
    void integratedGradientsReportsOneStepPerPathPointAndSequenceAsOneBar() {
        Progress.listen(recorder);
        Influence.of(model()).on(batch(2, 9)).integratedGradients(16).batchSize(5).attributions();
        assertThat(heard).containsExactly("begin integrated gradients of \"random + Dense\" (32 sequences of 9 steps) 32",
                "end 32/32 complete");
    }

    @Test
    void occlusionReportsOneStepPerWindowAndSequence() {
        Progress.listen(recorder);
        Influence.of(model()).on(batch(3, 10)).occlusion(4).attributions();
        // 10 - 4 + 1 = 7 window starts for each of 3 sequences
        assertThat(heard).containsExactly("begin occlusion of \"random + Dense\" (21 sequences of 10 steps) 21",
                "end 21/21 complete");
    }

    @Test
    void anInterruptDuringIntegratedGradientsNamesTheCallAndHowFarItGot() {
        Progress.listen(recorder);
        var query = Influence.of(model()).on(batch(1, 9)).integratedGradients(64).batchSize(4);
        Thread.currentThread().interrupt();
        assertThatThrownBy(query::attributions).isInstanceOf(Progress.Interrupted.class)
                .hasMessageStartingWith("integrated gradients of \"random + Dense\" (64 sequences of 9 steps) "
                        + "interrupted after 0 of 64 steps (in layer \"random\" forward pass: 0 of 9)");
        assertThat(heard).containsExactly("begin integrated gradients of \"random + Dense\" (64 sequences of 9 steps) 64",
                "end 0/64 partial");
    }

    @Test
    void perUnitIsOneBarOverTheUnits() {
        Progress.listen(recorder);
        Random rnd = new Random(7);
        LstmLayer layer = RandomLstm.layer(rnd, 2, 3, 0.9, Activation.TANH, Activation.SIGMOID, false, false);
        Influence.of(layer).on(SequenceBatch.of(batch(1, 6))).gradient().perUnit();
        heard.removeIf(line -> line.contains("forward pass 6") || line.equals("end 6/6 complete")); // the probe of its width
        assertThat(heard).containsExactly("begin per-unit influence of \"random\" (3 units) 3", "end 3/3 complete");
    }
}
