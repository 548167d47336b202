package org.lstmlens.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lstmlens.error.LstmException;
import org.lstmlens.testing.RandomLstm;

/**
 * Gradients from a float32 trace ({@link Rnn#traceForGradients(SequenceBatch, boolean[][], RnnState, Precision)})
 * against the double pass of the same layer, the reference checked against PyTorch float64 elsewhere
 * (TraceForGradientsTest, RnnBackwardTest): within float32's noise, yet not the double numbers (so float32 really
 * ran), under masks, go_backwards, initial states and final-state gradients, on one worker and two, and for one
 * sample big enough that its products are large; a split batch gives each sample the bits it gets alone; a SimpleRNN
 * with tanh and a GRU (reset_after=True) likewise; a cell without a float32 backward (a GRU with reset_after=False, a
 * SimpleRNN with relu) runs double. Measured worst |float32 - double| / max |double| over these cases:
 * 7.3e-7 (dh0 of the two-worker batch; outputs 1.6e-7 to 3.0e-7), 2026-12-07; the bound is 14x above it.
 */
class Float32GradientTest {
    private static final double BOUND = 1e-5;

    @BeforeEach
    void vectorApi() {
        assumeThat(VectorPass.available()).as("the Vector API (--add-modules jdk.incubator.vector, C2)").isTrue();
    }

    @Test
    void maskedBackwardSequencesWithStatesAgreeWithDouble() {
        Random rnd = new Random(71);
        LstmLayer layer = RandomLstm.layer(rnd, 5, 24, 0.4, Activation.TANH, Activation.SIGMOID, true, true);
        int batch = 5;
        int steps = 17;
        SequenceBatch x = RandomLstm.input(rnd, batch, steps, 5, 1.0);
        boolean[][] mask = new boolean[batch][steps];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                mask[b][t] = b != 2 || (t % 5 != 1 && t > 3); // sample 2 starts late and skips steps
            }
        }
        RnnState initial = new RnnState(batch, 24, 24, vector(rnd, batch * 24), vector(rnd, batch * 24));
        double[][][] dOut = RandomLstm.tensor(rnd, batch, steps, 24, 1.0);
        double[][] dh = RandomLstm.matrix(rnd, batch, 24, 1.0);
        double[][] dc = RandomLstm.matrix(rnd, batch, 24, 1.0);
        compare(layer, x, mask, initial, b -> b.outputGradient(dOut).finalStateGradient(dh, dc));
    }

    @Test
    void twoWorkersAgreeWithDoubleAndEachSampleAlone() {
        Random rnd = new Random(72);
        LstmLayer layer = RandomLstm.layer(rnd, 32, 64, 0.2, Activation.TANH, Activation.SIGMOID, false, false);
        SequenceBatch x = RandomLstm.input(rnd, 9, 20, 32, 1.0);
        double[][] dLast = RandomLstm.matrix(rnd, 9, 64, 1.0);
        assertThat(Team.helperPays(9L * 256 * 64)).as("9 samples of LSTM(64) take two workers").isTrue();
        RnnGradients all = compare(layer, x, null, null, b -> b.lastOutputGradient(dLast));
        for (int b = 0; b < 9; b++) {
            LayerOutput one = layer.traceForGradients(SequenceBatch.of(new double[][][] {x.toArray()[b]}), null, null,
                    Precision.FLOAT32);
            RnnGradients alone = RnnBackward.from(one).lastOutputGradient(new double[][] {dLast[b]}).run();
            for (int t = 0; t < 20; t++) {
                for (int j = 0; j < 32; j++) {
                    assertThat(all.dx(b, t, j)).as("dx[%d][%d][%d]", b, t, j).isEqualTo(alone.dx(0, t, j));
                }
            }
        }
    }

    @Test
    void oneLargeSampleAgreesWithDouble() {
        Random rnd = new Random(73);
        LstmLayer layer = RandomLstm.layer(rnd, 16, 192, 0.1, Activation.TANH, Activation.SIGMOID, false, false);
        SequenceBatch x = RandomLstm.input(rnd, 1, 6, 16, 1.0);
        double[][] dLast = RandomLstm.matrix(rnd, 1, 192, 1.0);
        compare(layer, x, null, null, b -> b.lastOutputGradient(dLast));
    }

    @Test
    void aSimpleRnnWithTanhAgreesWithDoubleOnTwoWorkers() {
        Random rnd = new Random(76);
        Rnn simple = simpleRnn(rnd, Activation.TANH, 12, 64, true);
        SequenceBatch x = RandomLstm.input(rnd, 9, 15, 12, 1.0);
        boolean[][] mask = new boolean[9][15];
        for (int b = 0; b < 9; b++) {
            for (int t = 0; t < 15; t++) {
                mask[b][t] = b % 4 != 3 || t % 3 != 0;
            }
        }
        double[][][] dOut = RandomLstm.tensor(rnd, 9, 15, 64, 1.0);
        assertThat(Team.helperPays(9L * 64 * 64)).as("9 samples of SimpleRNN(64) take one worker").isFalse();
        compare(simple, x, mask, null, b -> b.outputGradient(dOut));
        SequenceBatch wide = RandomLstm.input(rnd, 40, 6, 12, 1.0);
        double[][][] dWide = RandomLstm.tensor(rnd, 40, 6, 64, 1.0);
        assertThat(Team.helperPays(40L * 64 * 64)).as("40 samples take two").isTrue();
        compare(simple, wide, null, null, b -> b.outputGradient(dWide));
    }

    @Test
    void aSimpleRnnWithReluRunsDouble() {
        Rnn relu = simpleRnn(new Random(77), Activation.RELU, 4, 8, false);
        LayerOutput f = relu.traceForGradients(RandomLstm.input(new Random(78), 3, 5, 4, 1.0), null, null,
                Precision.FLOAT32);
        assertThat(relu.gradientPrecision(Precision.FLOAT32)).isEqualTo(Precision.DOUBLE);
        assertThat(f.trace().orElseThrow().precision()).isEqualTo(Precision.DOUBLE);
    }

    private static Rnn simpleRnn(Random rnd, Activation act, int features, int units, boolean sequences) {
        return new Rnn("simple", new SimpleRnnCell(SimpleRnnCell.weights(RandomLstm.matrix(rnd, features, units,
                0.3), RandomLstm.matrix(rnd, units, units, 0.3), RandomLstm.vector(rnd, units, 0.3)), act),
                sequences, false);
    }

    @Test
    void aGruAgreesWithDoubleUnderMasksAndInitialStatesOnTwoWorkers() {
        Random rnd = new Random(79);
        Rnn gru = gru(rnd, 6, 48, true, true);
        SequenceBatch x = RandomLstm.input(rnd, 7, 13, 6, 1.0);
        boolean[][] mask = new boolean[7][13];
        for (int b = 0; b < 7; b++) {
            for (int t = 0; t < 13; t++) {
                mask[b][t] = b != 4 || (t > 2 && t % 4 != 1);
            }
        }
        RnnState initial = RnnState.of(RandomLstm.matrix(rnd, 7, 48, 0.5));
        double[][][] dOut = RandomLstm.tensor(rnd, 7, 13, 48, 1.0);
        double[][] dh = RandomLstm.matrix(rnd, 7, 48, 1.0);
        compare(gru, x, mask, initial, b -> b.outputGradient(dOut).finalStateGradient(dh, null));
        SequenceBatch wide = RandomLstm.input(rnd, 24, 8, 6, 1.0);
        double[][][] dWide = RandomLstm.tensor(rnd, 24, 8, 48, 1.0);
        assertThat(Team.helperPays(24L * 144 * 48)).as("24 samples of GRU(48) take two workers").isTrue();
        compare(gru, wide, null, null, b -> b.outputGradient(dWide));
    }

    private static Rnn gru(Random rnd, int features, int units, boolean resetAfter, boolean sequences) {
        CellWeights w = CellWeights.of("GRU", 3, RandomLstm.matrix(rnd, features, 3 * units, 0.3),
                RandomLstm.matrix(rnd, units, 3 * units, 0.3), RandomLstm.vector(rnd, 3 * units, 0.3),
                resetAfter ? RandomLstm.vector(rnd, 3 * units, 0.3) : null);
        return new Rnn("gru", new GruCell(w, Activation.TANH, Activation.SIGMOID, resetAfter), sequences, false);
    }

    @Test
    void aCellWithoutFloat32BackwardRunsDouble() {
        Random rnd = new Random(74);
        Rnn gru = gru(rnd, 4, 8, false, false); // reset_after=False: r multiplies h before U_h, no fused step
        SequenceBatch x = RandomLstm.input(rnd, 3, 10, 4, 1.0);
        LayerOutput f = gru.traceForGradients(x, null, null, Precision.FLOAT32);
        LayerOutput d = gru.traceForGradients(x, null, null);
        assertThat(f.trace().orElseThrow().precision()).isEqualTo(Precision.DOUBLE);
        double[][] dLast = RandomLstm.matrix(rnd, 3, 8, 1.0);
        assertThat(RnnBackward.from(f).lastOutputGradient(dLast).run().dx().data())
                .isEqualTo(RnnBackward.from(d).lastOutputGradient(dLast).run().dx().data());
    }

    @Test
    void aFloat32TraceRefusesGateGradientsAndSaysWhy() {
        Random rnd = new Random(75);
        LstmLayer layer = RandomLstm.layer(rnd, 3, 8, 0.4, Activation.TANH, Activation.SIGMOID, false, false);
        LayerOutput f = layer.traceForGradients(RandomLstm.input(rnd, 2, 4, 3, 1.0), null, null, Precision.FLOAT32);
        RnnBackward back = RnnBackward.from(f).gateGradient(Gate.F, 2, RandomLstm.matrix(rnd, 2, 8, 1.0));
        assertThatThrownBy(back::run).isInstanceOf(LstmException.class)
                .hasMessageContaining("float32 trace").hasMessageContaining("trace in double");
    }

    private interface Seed {
        RnnBackward apply(RnnBackward b);
    }

    /** The float32 pass against the double one: close, not equal; returns the float32 gradients. */
    private static RnnGradients compare(Rnn layer, SequenceBatch x, boolean[][] mask, RnnState initial, Seed seed) {
        LayerOutput f = layer.traceForGradients(x, mask, initial, Precision.FLOAT32);
        LayerOutput d = layer.traceForGradients(x, mask, initial);
        assertThat(f.trace().orElseThrow().precision()).isEqualTo(Precision.FLOAT32);
        assertThat(d.trace().orElseThrow().precision()).isEqualTo(Precision.DOUBLE);
        closeNotEqual("outputs", SequenceBatch.of(f.toArray()).data(), SequenceBatch.of(d.toArray()).data());
        RnnGradients gf = seed.apply(RnnBackward.from(f)).run();
        RnnGradients gd = seed.apply(RnnBackward.from(d)).run();
        closeNotEqual("dx", gf.dx().data(), gd.dx().data());
        closeNotEqual("dh0", gf.dInitial().hData(), gd.dInitial().hData());
        if (gd.dInitial().hasCellState()) {
            closeNotEqual("dc0", gf.dInitial().cData(), gd.dInitial().cData());
        }
        return gf;
    }

    private static void closeNotEqual(String what, double[] f, double[] d) {
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < d.length; i++) {
            scale = Math.max(scale, Math.abs(d[i]));
            worst = Math.max(worst, Math.abs(f[i] - d[i]));
        }
        assertThat(scale).as("%s: a non-zero reference", what).isPositive();
        assertThat(worst / scale).as("%s: max |float32 - double| / max |double|", what).isLessThanOrEqualTo(BOUND)
                .isPositive();
    }

    private static double[] vector(Random rnd, int n) {
        return RandomLstm.vector(rnd, n, 0.5);
    }
}
