package org.lstmlens.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lstmlens.error.ShapeException;
import org.lstmlens.testing.MiniJson;
import org.lstmlens.testing.RandomLstm;
import org.lstmlens.testing.RnnFixtures;

/**
 * An LSTM with a projection (PyTorch's {@code proj_size}: {@code h = W_hr (o * tanh(c))}, p values, fed back through
 * a p x 4u recurrent kernel; c keeps u values): against torch's own forward output
 * ({@code dsl/src/test/data/cells/torch_lstm_projection.py} wrote {@code torch_lstm_projection.json}, in float32 and
 * with the module in float64) on every path of the loop; its parameter count against torch's {@code sum(p.numel())};
 * with masks, go_backwards and ONNX's options against {@link ReferenceCells}; and what it says of itself.
 */
class LstmProjectionTest {
    /** torch's float32 forward. */
    private static final double TOL_F32 = 1e-6;
    /** torch's float64 forward: the same arithmetic in another order. */
    private static final double TOL_F64 = 1e-12;

    static Stream<String> torchCases() {
        return fixture().keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("torchCases")
    void should_equal_torch_on_every_path(String name) {
        TorchCase c = new TorchCase(fixture().get(name));
        Rnn layer = new Rnn(name, c.cell, true, false);
        assertThat(c.cell.fusedStep()).isEqualTo(-1);
        assertThat(c.cell.outputSize()).isEqualTo(c.p);
        for (String path : new String[] {"run", "trace", "loop", "runFloat", "loopFloat"}) {
            boolean f32 = path.contains("Float");
            LayerOutput out = switch (path) {
                case "run" -> layer.run(c.x, null, c.initial, false);
                case "trace" -> layer.run(c.x, null, c.initial, true);
                case "loop" -> layer.loop(c.x, null, c.initial, false);
                case "runFloat" -> layer.runFloat(c.x, null, c.initial);
                default -> layer.loopFloat(c.x, null, c.initial);
            };
            assertThat(out.units()).isEqualTo(c.p);
            assertTorch(out, c, f32 ? "" : "_f64", f32 ? TOL_F32 : TOL_F64, name + " " + path);
            if (!f32) {
                assertTorch(out, c, "", TOL_F32, name + " " + path + " against torch's float32");
            }
        }
        Trace tr = layer.trace(c.x).trace().orElseThrow();
        assertThat(tr.outputSize()).isEqualTo(c.p);
        assertThat(tr.units()).isEqualTo(c.u);
    }

    private static void assertTorch(LayerOutput out, TorchCase c, String suffix, double tol, String what) {
        double[][][] y = MiniJson.tensor(c.json.get("output" + suffix));
        double[][] hn = MiniJson.tensor(c.json.get("h_n" + suffix))[0];
        double[][] cn = MiniJson.tensor(c.json.get("c_n" + suffix))[0];
        for (int b = 0; b < c.x.batch(); b++) {
            for (int t = 0; t < y.length; t++) {
                for (int j = 0; j < c.p; j++) {
                    assertThat(out.output(b, t, j)).as("%s: output[%d, %d, %d]", what, t, b, j)
                            .isCloseTo(y[t][b][j], within(tol));
                }
            }
            assertThat(out.state().h(b)).as("%s: h_n of %d", what, b).containsExactly(hn[b], within(tol));
            assertThat(out.state().c(b)).as("%s: c_n of %d", what, b).containsExactly(cn[b], within(tol));
        }
    }

    @Test
    void should_count_parameters_as_pytorch_prints_them() throws IOException {
        Map<String, Object> file = MiniJson.object(MiniJson.parse(Files.readString(
                RnnFixtures.cells("torch_param_counts.json"))));
        int checked = 0;
        for (Object o : MiniJson.array(file.get("cases"))) {
            Map<String, Object> c = MiniJson.object(o);
            int p = ((Number) c.get("proj_size")).intValue();
            if (p == 0) {
                continue; // without projection: RecurrentBiasTest
            }
            int d = ((Number) c.get("features")).intValue();
            int u = ((Number) c.get("units")).intValue();
            boolean bias = (Boolean) c.get("bias");
            Random rnd = new Random(u);
            LstmWeights w = LstmWeights.of(RandomLstm.matrix(rnd, d, 4 * u, 1), RandomLstm.matrix(rnd, p, 4 * u, 1),
                    bias ? RandomLstm.vector(rnd, 4 * u, 1) : null, bias ? RandomLstm.vector(rnd, 4 * u, 1) : null,
                    RandomLstm.matrix(rnd, u, p, 1));
            long torch = ((Number) c.get("total")).longValue();
            long formula = 4L * (d * u + p * u + (bias ? 2 * u : 0)) + (long) u * p;
            assertThat(formula).as("%s: the formula against torch's count", c.get("name")).isEqualTo(torch);
            assertThat(new LstmCell(w, Activation.TANH, Activation.SIGMOID).params().total()).isEqualTo(torch);
            checked++;
        }
        assertThat(checked).isEqualTo(2);
        LstmWeights w = new TorchCase(fixture().get("proj_bias_initial")).cell.weights();
        assertThat(w.params().formula()).isEqualTo("4*(3*5 + 2*5 + 2*5) + 5*2 = 150");
        assertThat(w.params().toString()).isEqualTo("150 = kernel 60 + recurrent kernel 40 + input bias 20 + recurrent"
                + " bias 20 + projection 10; 4*(3*5 + 2*5 + 2*5) + 5*2 = 150");
    }

    @Test
    void should_run_with_masks_backwards_and_onnx_options_as_the_reference() {
        int batch = 3;
        int u = 5;
        int p = 2;
        int steps = 8;
        Random rnd = new Random(23);
        double[][] w = RandomLstm.matrix(rnd, 3, 4 * u, 1.0);
        double[][] r = RandomLstm.matrix(rnd, p, 4 * u, 1.0);
        double[] b = RandomLstm.vector(rnd, 4 * u, 0.5);
        double[][] proj = RandomLstm.matrix(rnd, u, p, 1.0);
        double[][] peep = RandomLstm.matrix(rnd, 3, u, 0.8);
        double[][][] x = RandomLstm.tensor(rnd, batch, steps, 3, 1.4);
        double[][] h0 = RandomLstm.matrix(rnd, batch, p, 0.5);
        double[][] c0 = RandomLstm.matrix(rnd, batch, u, 1.0);
        boolean[][] mask = new boolean[batch][steps];
        for (int s = 0; s < batch; s++) {
            for (int t = 0; t < steps; t++) {
                mask[s][t] = s == 0 || (s == 1 && t >= 2) || (s == 2 && t % 3 != 1);
            }
        }
        DoubleUnaryOperator sigmoid = v -> 1 / (1 + Math.exp(-v));
        LstmWeights weights = LstmWeights.of(w, r, b, null, proj);
        for (boolean options : new boolean[] {false, true}) {
            LstmCell cell = new LstmCell(weights, Activation.TANH, Activation.SIGMOID, options
                    ? LstmOptions.NONE.peepholes(peep[0], peep[1], peep[2]).clip(0.9) : LstmOptions.NONE);
            ReferenceCells.Lstm spec = new ReferenceCells.Lstm(w, r, b, null, options ? peep : null,
                    options ? 0.9 : Double.POSITIVE_INFINITY, false, sigmoid, Math::tanh, Math::tanh, proj);
            for (boolean backwards : new boolean[] {false, true}) {
                Rnn layer = new Rnn("p", cell, true, backwards);
                double[][][] ref = ReferenceCells.lstm(spec, x, mask, h0, c0, backwards);
                RnnState init = RnnState.of(h0, c0);
                String what = "options=" + options + " backwards=" + backwards;
                ReferenceLstm.assertMatches(layer.run(SequenceBatch.of(x), mask, init, false), ref, TOL_F64, what);
                ReferenceLstm.assertMatches(layer.run(SequenceBatch.of(x), mask, init, true), ref, TOL_F64,
                        "traced " + what);
                ReferenceLstm.assertMatches(layer.runFloat(SequenceBatch.of(x), mask, init), ref, 3e-5,
                        "float32 " + what);
            }
            CellStep step = cell.step(x[0][0], h0[0], c0[0]);
            double[][][] one = ReferenceCells.lstm(spec, new double[][][] {{x[0][0]}}, null, new double[][] {h0[0]},
                    new double[][] {c0[0]}, false);
            assertThat(step.h()).as("the cell step's h: p values").hasSize(p).containsExactly(one[0][0],
                    within(TOL_F64));
            assertThat(step.c()).hasSize(u).containsExactly(one[0][2], within(TOL_F64));
        }
    }

    @Test
    void should_say_what_it_computes_and_refuse_wrong_shapes() {
        TorchCase c = new TorchCase(fixture().get("proj_bias_initial"));
        assertThat(c.cell.equations().get(c.cell.equations().size() - 1))
                .isEqualTo("h = (o * tanh(c)) . P   (the projection to 2 values, PyTorch's W_hr^T; c keeps 5)");
        assertThat(c.cell.toString()).isEqualTo("LstmCell[units=5, inputDim=3, activation=tanh, "
                + "recurrentActivation=sigmoid, projection to 2]");
        assertThat(c.cell.weights().toString()).isEqualTo("LstmWeights[inputDim=3, units=5, kernel 3x20, recurrent"
                + " 2x20, bias 20, recurrent bias 20, projection 5x2]");
        assertThat(c.cell.weights().projection().orElseThrow().numCols).isEqualTo(2);
        double[][] w = new double[3][20];
        assertThatThrownBy(() -> LstmWeights.of(w, new double[5][20], null, null, new double[5][2]))
                .isInstanceOf(ShapeException.class).hasMessage("recurrent kernel: expected p x 4*units = 2x20 (h has"
                        + " p = 2 values with the projection 5x2), got 5x20");
        assertThatThrownBy(() -> LstmWeights.of(w, new double[5][20], null, null, new double[5][5]))
                .isInstanceOf(ShapeException.class)
                .hasMessage("projection: expected units x p with 0 < p < units (PyTorch's proj_size), got 5x5");
        assertThatThrownBy(() -> LstmWeights.of(new double[3][16], new double[2][20], null, null, new double[5][2]))
                .isInstanceOf(ShapeException.class).hasMessage("kernel: expected inputDim x 20 (4 * units, units = 5"
                        + " from the projection 5x2), got 3x16");
        Rnn layer = new Rnn("p", c.cell, true, false);
        assertThatThrownBy(() -> layer.run(c.x, null, RnnState.of(new double[2][5], new double[2][5]), false))
                .isInstanceOf(ShapeException.class).hasMessage("initial state of layer \"p\": expected 2x2 (samples"
                        + " x p, the projection size, for h), got 2x5");
        assertThatThrownBy(() -> layer.run(c.x, null, RnnState.of(new double[2][2], new double[2][2]), false))
                .isInstanceOf(ShapeException.class)
                .hasMessage("initial state of layer \"p\": expected c of 2x5 (samples x units), got 2x2");
    }

    static Map<String, Map<String, Object>> fixture() {
        return RnnFixtures.cellCases("torch_lstm_projection.json");
    }

    /** A torch module's parameters mapped by hand: W = weight_ih^T, U = weight_hh^T, P = weight_hr^T, b, b'. */
    static final class TorchCase {
        final Map<String, Object> json;
        final int u;
        final int p;
        final LstmCell cell;
        final SequenceBatch x;
        final RnnState initial;

        TorchCase(Map<String, Object> c) {
            json = c;
            u = ((Number) c.get("hidden_size")).intValue();
            p = ((Number) c.get("proj_size")).intValue();
            Map<String, Object> prm = MiniJson.object(c.get("params"));
            double[] b = prm.containsKey("bias_ih_l0") ? MiniJson.vector(prm.get("bias_ih_l0")) : null;
            double[] rb = prm.containsKey("bias_hh_l0") ? MiniJson.vector(prm.get("bias_hh_l0")) : null;
            LstmWeights w = LstmWeights.of(transpose(MiniJson.matrix(prm.get("weight_ih_l0"))),
                    transpose(MiniJson.matrix(prm.get("weight_hh_l0"))), b, rb,
                    transpose(MiniJson.matrix(prm.get("weight_hr_l0"))));
            cell = new LstmCell(w, Activation.TANH, Activation.SIGMOID);
            double[][][] seq = MiniJson.tensor(c.get("x"));
            double[][][] byBatch = new double[seq[0].length][seq.length][];
            for (int t = 0; t < seq.length; t++) {
                for (int b2 = 0; b2 < seq[t].length; b2++) {
                    byBatch[b2][t] = seq[t][b2];
                }
            }
            x = SequenceBatch.of(byBatch);
            initial = c.containsKey("h_0") ? RnnState.of(MiniJson.tensor(c.get("h_0"))[0],
                    MiniJson.tensor(c.get("c_0"))[0]) : null;
        }

        private static double[][] transpose(double[][] m) {
            double[][] t = new double[m[0].length][m.length];
            for (int i = 0; i < m.length; i++) {
                for (int j = 0; j < m[0].length; j++) {
                    t[j][i] = m[i][j];
                }
            }
            return t;
        }
    }
}
