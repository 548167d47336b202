package org.lstmlens.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A traced run records, at every step, what the cell computed, masked steps included (Keras computes them and
 * discards the result). Identity checked: the trace's z and gates equal {@link LstmCell#step} recomputed from the
 * step's recorded input and previous state, and a masked step leaves h and c as they were.
 */
class TraceMaskedStepTest {
    private static final double REORDERED = 1e-14; // the layer adds b before h.U, the single step after

    @Test
    void should_record_the_gates_of_masked_steps_as_the_cell_computes_them() {
        Random rnd = new Random(345);
        int features = 3;
        int units = 4;
        LstmLayer layer = new LstmLayer("lstm", new LstmCell(LstmWeights.of(random(rnd, features, 4 * units),
                random(rnd, units, 4 * units), random(rnd, 1, 4 * units)[0]), Activation.TANH, Activation.SIGMOID),
                true, false);
        double[][][] x = new double[2][5][];
        for (int b = 0; b < 2; b++) {
            x[b] = random(rnd, 5, features);
        }
        boolean[][] mask = {{true, false, true, false, false}, {false, true, true, true, false}};

        Trace trace = layer.run(SequenceBatch.of(x), mask, null, true).trace().orElseThrow();

        for (int b = 0; b < 2; b++) {
            for (int s = 0; s < 5; s++) {
                CellStep step = trace.cellStep(b, s);
                for (Gate g : Gate.values()) {
                    for (int k = 0; k < units; k++) {
                        String where = "sample " + b + " step " + s + " gate " + g + " unit " + k;
                        assertThat(trace.z(b, s, g, k)).as(where + " z").isCloseTo(step.z(g, k), within(REORDERED));
                        assertThat(trace.gate(b, s, g, k)).as(where + " value")
                                .isCloseTo(step.gate(g, k), within(REORDERED));
                    }
                }
                if (!mask[b][s]) {
                    for (int k = 0; k < units; k++) {
                        assertThat(trace.h(b, s, k)).as("masked h carried").isEqualTo(step.hPrev(k));
                        assertThat(trace.c(b, s, k)).as("masked c carried").isEqualTo(step.cPrev(k));
                    }
                }
            }
        }
    }

    private static double[][] random(Random rnd, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = rnd.nextGaussian() * 0.5;
            }
        }
        return m;
    }
}
