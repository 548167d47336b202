package org.lstmlens.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lstmlens.testing.MiniJson;
import org.lstmlens.testing.RandomLstm;
import org.lstmlens.testing.RnnFixtures;

/**
 * Two biases (PyTorch's bias_ih and bias_hh, ONNX's Wb and Rb) on an LSTM and a SimpleRNN: both add to z, so a cell
 * with (b, b') must compute exactly what a cell with (b + b', none) computes, on every path (the fused vector steps on
 * one and two threads in double and float32, the layer loop over the product kernel in double and float32, the
 * cell's own step, the trace, the backward pass with its weight gradients); and the parameter count must be what
 * PyTorch's {@code sum(p.numel())} printed for the same shapes ({@code dsl/src/test/data/cells/torch_param_counts.py}
 * wrote {@code torch_param_counts.json}) and what the formula gives, worked out here.
 */
class RecurrentBiasTest {
    /** The two cells add the same double sum b + b' to the same x.W: equal to the last bit, allowed one ulp. */
    private static final double SAME = 1e-15;

    static Stream<Arguments> shapes() {
        return Stream.of(
                // kind, batch, features, units, steps
                Arguments.of("LSTM", 1, 3, 5, 9),
                Arguments.of("LSTM", 1, 4, 40, 20),
                Arguments.of("LSTM", 3, 2, 17, 7),
                Arguments.of("SimpleRNN", 1, 3, 7, 6),
                Arguments.of("SimpleRNN", 4, 3, 33, 8));
    }

    @ParameterizedTest(name = "{0}: batch {1}, features {2}, units {3}, steps {4}")
    @MethodSource("shapes")
    void should_run_two_biases_exactly_as_their_sum_on_every_path(String kind, int batch, int features, int units,
                                                                  int steps) {
        Pair p = new Pair(kind, batch, features, units, steps);
        for (boolean backwards : new boolean[] {false, true}) {
            for (boolean masked : new boolean[] {false, true}) {
                Rnn split = p.split.withGoBackwards(backwards);
                Rnn summed = p.summed.withGoBackwards(backwards);
                boolean[][] mask = masked ? p.mask : null;
                String what = kind + " backwards=" + backwards + " masked=" + masked;
                assertSame(split.run(p.x, mask, p.h0, false), summed.run(p.x, mask, p.h0, false), "run " + what);
                assertSame(split.loop(p.x, mask, p.h0, false), summed.loop(p.x, mask, p.h0, false), "loop " + what);
                assertSame(split.runFloat(p.x, mask, p.h0), summed.runFloat(p.x, mask, p.h0), "runFloat " + what);
                assertSame(split.loopFloat(p.x, mask, p.h0), summed.loopFloat(p.x, mask, p.h0), "loopFloat " + what);
                for (int workers = 1; workers <= 2; workers++) {
                    for (boolean float32 : new boolean[] {false, true}) {
                        assertSame(split.fused(p.x, mask, p.h0, workers, float32),
                                summed.fused(p.x, mask, p.h0, workers, float32),
                                "fused " + what + " workers=" + workers + " float32=" + float32);
                    }
                }
                assertSameTrace(split.trace(p.x), summed.trace(p.x), "trace " + what);
            }
        }
        assertThat(p.split.cell().fusedStep()).as("a recurrent bias keeps the fused step").isGreaterThanOrEqualTo(0);
    }

    @ParameterizedTest(name = "{0}: batch {1}, features {2}, units {3}, steps {4}")
    @MethodSource("shapes")
    void should_show_both_biases_in_the_cell_step_and_add_them_to_z(String kind, int batch, int features, int units,
                                                                    int steps) {
        Pair p = new Pair(kind, batch, features, units, steps);
        RecurrentCell cell = p.split.cell();
        double[] x = p.x.vector(0, 0);
        double[] h = p.h0.h(0);
        double[] c = cell.hasCellState() ? p.h0.c(0) : null;
        CellStep a = cell.step(x, h, c);
        CellStep b = p.summed.cell().step(x, h, c);
        assertThat(a.z()).as("z").containsExactly(b.z(), within(SAME));
        assertThat(a.gates()).as("gates").containsExactly(b.gates(), within(SAME));
        assertThat(a.h()).as("h").containsExactly(b.h(), within(SAME));
        if (c != null) {
            assertThat(a.c()).as("c").containsExactly(b.c(), within(SAME));
        }
        assertThat(a.bias()).as("the step shows the input bias b").containsExactly(p.b, within(0.0));
        for (Band band : cell.bands()) {
            for (int k = 0; k < units; k++) {
                assertThat(a.recurrentBiasPart(band, k)).isEqualTo(p.bRec[band.column(units, k)]);
                // z = x.W + h.U + b + b', term by term as a view writes it
                double sum = a.inputPart(band, k) + a.recurrentPart(band, k) + a.biasPart(band, k)
                        + a.recurrentBiasPart(band, k);
                assertThat(a.z(band, k)).as("z_%s[%d]", band.symbol(), k).isCloseTo(sum, within(1e-14));
            }
        }
        assertThat(cell.equations().get(0)).contains("b'");
        assertThat(p.summed.cell().equations().get(0)).doesNotContain("b'");
    }

    @ParameterizedTest(name = "{0}: batch {1}, features {2}, units {3}, steps {4}")
    @MethodSource("shapes")
    void should_give_the_same_gradients_and_equal_bias_gradients(String kind, int batch, int features, int units,
                                                                 int steps) {
        Pair p = new Pair(kind, batch, features, units, steps);
        Random rnd = new Random(11);
        double[][] dOut = RandomLstm.matrix(rnd, batch, units, 1);
        double[][] dh = RandomLstm.matrix(rnd, batch, units, 1);
        double[][] dc = p.split.cell().hasCellState() ? RandomLstm.matrix(rnd, batch, units, 1) : null;
        RnnGradients a = RnnBackward.from(p.split.run(p.x, p.mask, p.h0, true)).lastOutputGradient(dOut)
                .finalStateGradient(dh, dc).withWeightGradients().run();
        RnnGradients b = RnnBackward.from(p.summed.run(p.x, p.mask, p.h0, true)).lastOutputGradient(dOut)
                .finalStateGradient(dh, dc).withWeightGradients().run();
        for (int s = 0; s < batch; s++) {
            for (int t = 0; t < steps; t++) {
                for (int f = 0; f < features; f++) {
                    assertThat(a.dx(s, t, f)).as("dx[%d][%d][%d]", s, t, f).isCloseTo(b.dx(s, t, f), within(SAME));
                }
            }
            assertThat(a.dInitial().h(s)).as("dh0").containsExactly(b.dInitial().h(s), within(SAME));
        }
        CellWeights da = a.dWeights().orElseThrow();
        CellWeights db = b.dWeights().orElseThrow();
        assertThat(da.kernel().data).as("dW").containsExactly(db.kernel().data, within(SAME));
        assertThat(da.recurrentKernel().data).as("dU").containsExactly(db.recurrentKernel().data, within(SAME));
        double[] dSum = db.bias().orElseThrow();
        assertThat(da.bias().orElseThrow()).as("db").containsExactly(dSum, within(SAME));
        assertThat(da.recurrentBias().orElseThrow()).as("db' = db: both add to z").containsExactly(dSum,
                within(SAME));
        assertThat(db.hasRecurrentBias()).isFalse();
    }

    @Test
    void should_count_parameters_as_pytorch_prints_them() throws IOException {
        Map<String, Object> file = MiniJson.object(MiniJson.parse(Files.readString(
                RnnFixtures.cells("torch_param_counts.json"))));
        List<Object> cases = MiniJson.array(file.get("cases"));
        int checked = 0;
        for (Object o : cases) {
            Map<String, Object> c = MiniJson.object(o);
            String name = (String) c.get("name");
            int proj = ((Number) c.get("proj_size")).intValue();
            if (proj > 0) {
                continue; // LSTM projection: LstmProjectionTest
            }
            int d = ((Number) c.get("features")).intValue();
            int u = ((Number) c.get("units")).intValue();
            boolean bias = (Boolean) c.get("bias");
            long torch = ((Number) c.get("total")).longValue();
            int bands = name.startsWith("lstm") ? 4 : name.startsWith("gru") ? 3 : 1;
            Random rnd = new Random(d * 31L + u);
            double[][] w = RandomLstm.matrix(rnd, d, bands * u, 1);
            double[][] r = RandomLstm.matrix(rnd, u, bands * u, 1);
            double[] b = bias ? RandomLstm.vector(rnd, bands * u, 1) : null;
            double[] bRec = bias ? RandomLstm.vector(rnd, bands * u, 1) : null;
            RecurrentCell cell = bands == 4 ? new LstmCell(LstmWeights.of(w, r, b, bRec), Activation.TANH,
                    Activation.SIGMOID)
                    : bands == 3 ? new GruCell(GruCell.weights(w, r, b, bRec), Activation.TANH, Activation.SIGMOID,
                    true)
                    : new SimpleRnnCell(SimpleRnnCell.weights(w, r, b, bRec), Activation.TANH);
            long formula = (long) bands * (d * u + u * u + (bias ? 2 * u : 0));
            assertThat(formula).as("%s: the formula against torch's count", name).isEqualTo(torch);
            assertThat(cell.params().total()).as("%s: %s", name, cell.params()).isEqualTo(torch);
            assertThat(cell.params().bias()).as("%s bias share", name).isEqualTo(bias ? 2L * bands * u : 0);
            checked++;
        }
        assertThat(checked).as("cases without projection").isEqualTo(6);
    }

    /** The same layer twice: with b and b' apart, and with their sum as its only bias. */
    private static final class Pair {
        final Rnn split;
        final Rnn summed;
        final double[] b;
        final double[] bRec;
        final SequenceBatch x;
        final boolean[][] mask;
        final RnnState h0;

        Pair(String kind, int batch, int features, int units, int steps) {
            Random rnd = new Random(97L * units + 13L * batch + steps);
            boolean lstm = kind.equals("LSTM");
            int n = (lstm ? 4 : 1) * units;
            double[][] w = RandomLstm.matrix(rnd, features, n, 0.6);
            double[][] u = RandomLstm.matrix(rnd, units, n, 1.0 / Math.sqrt(units));
            b = RandomLstm.vector(rnd, n, 0.5);
            bRec = RandomLstm.vector(rnd, n, 0.5);
            double[] sum = new double[n];
            for (int j = 0; j < n; j++) {
                sum[j] = b[j] + bRec[j];
            }
            x = RandomLstm.input(rnd, batch, steps, features, 1.2);
            mask = new boolean[batch][steps];
            for (int s = 0; s < batch; s++) {
                for (int t = 0; t < steps; t++) {
                    mask[s][t] = s % 2 == 0 ? t != 2 : t < steps - 1;
                }
            }
            double[][] h = RandomLstm.matrix(rnd, batch, units, 0.4);
            h0 = lstm ? RnnState.of(h, RandomLstm.matrix(rnd, batch, units, 0.4)) : RnnState.of(h);
            split = layer(lstm, w, u, b, bRec);
            summed = layer(lstm, w, u, sum, null);
        }

        private static Rnn layer(boolean lstm, double[][] w, double[][] u, double[] b, double[] bRec) {
            RecurrentCell cell = lstm ? new LstmCell(LstmWeights.of(w, u, b, bRec), Activation.TANH,
                    Activation.SIGMOID) : new SimpleRnnCell(SimpleRnnCell.weights(w, u, b, bRec), Activation.TANH);
            return new Rnn("l", cell, true, false);
        }
    }

    private static void assertSame(LayerOutput a, LayerOutput b, String what) {
        assertThat(a.toArray().length).isEqualTo(b.toArray().length);
        double[][][] x = a.toArray();
        double[][][] y = b.toArray();
        for (int s = 0; s < x.length; s++) {
            for (int t = 0; t < x[s].length; t++) {
                assertThat(x[s][t]).as("%s: sample %d step %d", what, s, t).containsExactly(y[s][t], within(SAME));
            }
            assertThat(a.state().h(s)).as("%s: final h", what).containsExactly(b.state().h(s), within(SAME));
            if (a.state().hasCellState()) {
                assertThat(a.state().c(s)).as("%s: final c", what).containsExactly(b.state().c(s), within(SAME));
            }
        }
    }

    private static void assertSameTrace(LayerOutput a, LayerOutput b, String what) {
        Trace ta = a.trace().orElseThrow();
        Trace tb = b.trace().orElseThrow();
        assertThat(ta.zData()).as("%s: z", what).containsExactly(tb.zData(), within(SAME));
        assertThat(ta.doubleGates()).as("%s: gates", what).containsExactly(tb.doubleGates(), within(SAME));
    }
}
