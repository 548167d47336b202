package org.lstmlens.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lstmlens.testing.RandomLstm;

/**
 * A backward pass big enough to split its batch between two workers (an LSTM of 64 units, 9 samples) against the
 * same pass of each sample alone, which runs on one worker: the samples are independent, so each sample's dx, dh0
 * and dc0 must be the same to the last bit, under a mask, with a gate gradient and a cell-state gradient entering
 * mid-sequence, and sequences returned.
 */
class RnnBackwardSplitTest {
    private static final int BATCH = 9;
    private static final int STEPS = 12;
    private static final int FEATURES = 8;
    private static final int UNITS = 64;

    @Test
    void splitBatchEqualsEachSampleAlone() {
        assumeThat(VectorPass.available()).as("the Vector API (--add-modules jdk.incubator.vector, C2)").isTrue();
        Random rnd = new Random(345);
        LstmLayer layer = RandomLstm.layer(rnd, FEATURES, UNITS, 0.3, Activation.TANH, Activation.SIGMOID, true, false);
        SequenceBatch x = RandomLstm.input(rnd, BATCH, STEPS, FEATURES, 1.0);
        boolean[][] mask = new boolean[BATCH][STEPS];
        for (int b = 0; b < BATCH; b++) {
            for (int t = 0; t < STEPS; t++) {
                mask[b][t] = b % 3 != 1 || t % 4 != 2; // every third sample skips some steps
            }
        }
        double[][][] dOut = RandomLstm.tensor(rnd, BATCH, STEPS, UNITS, 1.0);
        double[][] dGate = RandomLstm.matrix(rnd, BATCH, UNITS, 1.0);
        double[][] dCell = RandomLstm.matrix(rnd, BATCH, UNITS, 1.0);
        assertThat(splits(layer)).as("a batch of 9 x 64 units takes two workers").isTrue();

        RnnGradients all = backward(layer, x.toArray(), mask, dOut, dGate, dCell);

        for (int b = 0; b < BATCH; b++) {
            RnnGradients one = backward(layer, new double[][][] {x.toArray()[b]}, new boolean[][] {mask[b]},
                    new double[][][] {dOut[b]}, new double[][] {dGate[b]}, new double[][] {dCell[b]});
            for (int t = 0; t < STEPS; t++) {
                for (int j = 0; j < FEATURES; j++) {
                    assertThat(all.dx(b, t, j)).as("dx[%d][%d][%d]", b, t, j).isEqualTo(one.dx(0, t, j));
                }
            }
            assertThat(all.dInitial().h(b)).as("dh0 of sample %d", b).isEqualTo(one.dInitial().h(0));
            assertThat(all.dInitial().c(b)).as("dc0 of sample %d", b).isEqualTo(one.dInitial().c(0));
        }
    }

    private static boolean splits(LstmLayer layer) {
        return layer.cell().backsRows() && Runtime.getRuntime().availableProcessors() >= 2;
    }

    private static RnnGradients backward(LstmLayer layer, double[][][] x, boolean[][] mask, double[][][] dOut,
                                         double[][] dGate, double[][] dCell) {
        LayerOutput traced = layer.run(SequenceBatch.of(x), mask, null, true);
        return RnnBackward.from(traced).outputGradient(dOut).gateGradient(Gate.F, STEPS - 3, dGate)
                .cellGradient(STEPS / 2, dCell).run();
    }
}
