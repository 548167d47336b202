package org.lstmlens.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lstmlens.error.LstmException;
import org.lstmlens.testing.RandomLstm;

/**
 * The lean traced pass ({@link Rnn#traceForGradients}, no z and h for Keras's LSTM) and the backward pass that adds each
 * step's dx as it goes (no steps x batch x bands*u array of dz) against the full trace and the backward pass that
 * keeps every dz for the weight gradients and takes dx as one product: dx, dh0 and dc0 the same to the last bit,
 * for LSTM (masked, go_backwards, sequences returned; sigmoid and hard_sigmoid), GRU and SimpleRNN. Then the bytes one 64 x 100 pass of
 * LSTM(64) allocates on the calling thread, counted by the JVM: what it must keep, and less than h's 3.3 MB more
 * (z and every step's dz, 13 MB each, were made before).
 */
class TraceForGradientsTest {
    private static final int BATCH = 7;
    private static final int STEPS = 11;
    private static final int FEATURES = 5;
    private static final int UNITS = 16;

    @Test
    void should_give_the_same_gradients_as_the_full_trace_for_every_cell() {
        Random rnd = new Random(345);
        LstmLayer lstm = RandomLstm.layer(rnd, FEATURES, UNITS, 0.4, Activation.TANH, Activation.SIGMOID, true, true);
        Rnn gru = new Rnn("gru", new GruCell(GruCell.weights(RandomLstm.matrix(rnd, FEATURES, 3 * UNITS, 0.4),
                RandomLstm.matrix(rnd, UNITS, 3 * UNITS, 0.4), RandomLstm.vector(rnd, 3 * UNITS, 0.4),
                RandomLstm.vector(rnd, 3 * UNITS, 0.4)), Activation.TANH, Activation.SIGMOID, true), true, false);
        Rnn simple = new Rnn("simple", new SimpleRnnCell(SimpleRnnCell.weights(RandomLstm.matrix(rnd, FEATURES,
                UNITS, 0.4), RandomLstm.matrix(rnd, UNITS, UNITS, 0.4), RandomLstm.vector(rnd, UNITS, 0.4)),
                Activation.TANH), true, false);
        LstmLayer hard = RandomLstm.layer(rnd, FEATURES, UNITS, 0.4, Activation.TANH,
                Activation.HARD_SIGMOID_KERAS2, true, false);
        SequenceBatch x = RandomLstm.input(rnd, BATCH, STEPS, FEATURES, 1.0);
        boolean[][] mask = new boolean[BATCH][STEPS];
        for (int b = 0; b < BATCH; b++) {
            for (int t = 0; t < STEPS; t++) {
                mask[b][t] = b % 3 != 1 || t % 4 != 2;
            }
        }
        double[][][] dOut = RandomLstm.tensor(rnd, BATCH, STEPS, UNITS, 1.0);
        for (Rnn layer : new Rnn[] {lstm, gru, simple, hard}) {
            RnnBackward back = RnnBackward.from(layer.run(x, mask, null, true)).outputGradient(dOut);
            // weight gradients keep every step's dz and take dx as one product (a GRU's weight gradients are not
            // computed yet: its full pass streams dx too, so only the lean trace is compared there)
            RnnGradients full = (layer.cell() instanceof GruCell ? back : back.withWeightGradients()).run();
            RnnGradients lean = RnnBackward.from(layer.traceForGradients(x, mask, null)).outputGradient(dOut).run();
            assertSame(layer + " under a mask", full, lean);
        }
        RnnGradients full = RnnBackward.from(lstm.run(x, null, null, true)).outputGradient(dOut)
                .withWeightGradients().run();
        assertSame("LSTM without a mask", full, RnnBackward.from(lstm.traceForGradients(x, null, null))
                .outputGradient(dOut).run());
    }

    @Test
    void should_leave_z_and_h_out_only_where_the_backward_step_does_not_read_them() {
        Random rnd = new Random(345);
        LstmLayer lstm = RandomLstm.layer(rnd, FEATURES, UNITS, 0.4, Activation.TANH, Activation.SIGMOID, false, false);
        LstmLayer hard = RandomLstm.layer(rnd, FEATURES, UNITS, 0.4, Activation.TANH,
                Activation.HARD_SIGMOID_KERAS2, false, false);
        SequenceBatch x = RandomLstm.input(rnd, BATCH, STEPS, FEATURES, 1.0);

        Trace lean = lstm.traceForGradients(x, null, null).trace().orElseThrow();
        Trace leanHard = hard.traceForGradients(x, null, null).trace().orElseThrow();
        Trace fullHard = hard.run(x, null, null, true).trace().orElseThrow();

        assertThatThrownBy(() -> lean.z(0, 0, Gate.F, 2)).isInstanceOf(LstmException.class)
                .hasMessage("layer \"random\": this trace was kept for gradients only and holds no pre-activations z;"
                        + " trace the layer (layer.trace(x)) to read them");
        assertThatThrownBy(() -> lean.h(0, 1, 2)).isInstanceOf(LstmException.class)
                .hasMessageContaining("holds no states h;");
        assertThat(lean.gate(3, 4, Gate.F, 2)).isEqualTo(lstm.trace(x).trace().orElseThrow().gate(3, 4, Gate.F, 2));
        // hard_sigmoid's slope needs z: kept, and h with it
        assertThat(leanHard.z(3, 4, Gate.F, 2)).isEqualTo(fullHard.z(3, 4, Gate.F, 2));
        assertThat(leanHard.h(3, 4, 2)).isEqualTo(fullHard.h(3, 4, 2));
    }

    @Test
    void should_not_allocate_z_or_every_steps_dz_in_a_64_by_100_pass() {
        assumeTrue(VectorPass.available(), "skipped: the Vector API is absent, so dx is one product over every dz");
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        assumeTrue(mx instanceof com.sun.management.ThreadMXBean, "skipped: this JVM has no allocation counter");
        com.sun.management.ThreadMXBean counter = (com.sun.management.ThreadMXBean) mx;
        int batch = 64;
        int steps = 100;
        int features = 32;
        int units = 64;
        Random rnd = new Random(345);
        LstmLayer layer = RandomLstm.layer(rnd, features, units, 0.2, Activation.TANH, Activation.SIGMOID, false,
                false);
        SequenceBatch x = RandomLstm.input(rnd, batch, steps, features, 1.0);
        double[][] dLast = RandomLstm.matrix(rnd, batch, units, 1.0);
        long bandsBytes = 8L * steps * batch * 4 * units;    // the gates, z, or every step's dz: 13.1 MB each
        long statesBytes = 8L * steps * batch * units;       // c, or h: 3.3 MB each
        long dxBytes = 8L * steps * batch * features;
        // what must be made: the gates and c of every step, dx; then x.W's chunk (1 MB) and small work arrays
        long needed = bandsBytes + statesBytes + dxBytes;

        long limit = needed + statesBytes;
        long best = Long.MAX_VALUE;
        // until C2 has compiled the Vector API kernels the interim code boxes vectors: count until the figure settles
        for (int round = 0; round < 60 && best >= limit; round++) {
            long before = counter.getThreadAllocatedBytes(Thread.currentThread().getId());
            RnnGradients g = RnnBackward.from(layer.traceForGradients(x, null, null)).lastOutputGradient(dLast).run();
            long after = counter.getThreadAllocatedBytes(Thread.currentThread().getId());
            assertThat(g.dx().batch()).isEqualTo(batch);
            best = Math.min(best, after - before);
        }

        assertThat(best).as("bytes of one traced pass and its backward pass").isGreaterThanOrEqualTo(needed)
                .isLessThan(limit);
    }

    private static void assertSame(String what, RnnGradients full, RnnGradients lean) {
        for (int b = 0; b < BATCH; b++) {
            for (int t = 0; t < STEPS; t++) {
                for (int j = 0; j < FEATURES; j++) {
                    assertThat(lean.dx(b, t, j)).as("%s: dx[%d][%d][%d]", what, b, t, j).isEqualTo(full.dx(b, t, j));
                }
            }
            assertThat(lean.dInitial().h(b)).as("%s: dh0 of sample %d", what, b).isEqualTo(full.dInitial().h(b));
            if (full.dInitial().hasCellState()) {
                assertThat(lean.dInitial().c(b)).as("%s: dc0 of sample %d", what, b).isEqualTo(full.dInitial().c(b));
            }
        }
    }
}
