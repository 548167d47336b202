package org.lstmlens.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lstmlens.testing.MiniJson;
import org.lstmlens.testing.RnnFixtures;

/**
 * ONNX's recurrent operators with the options Keras lacks, against onnxruntime's own outputs: LSTM nodes with
 * peepholes, clip, input_forget, HardSigmoid(alpha, beta) gates and ScaledTanh / Elu output activations, a GRU and an
 * RNN with clip, all with both biases and initial states ({@code dsl/src/test/data/cells/onnx_cells.py} built them with
 * onnx's helper API, ran them with onnxruntime and wrote {@code onnx_cells.json}). The cells are built here from the
 * node's arrays by hand (ONNX's gate order i, o, f, c and P's i, o, f mapped to ours), as a reader would, and run on
 * every path: the layer loop in double, the float32 loop, and with a trace. Within 1e-6 of onnxruntime (float32).
 */
class OnnxCellsTest {
    /** onnxruntime computes in float32; the weights and inputs are float32-exact. */
    private static final double TOL = 1e-6;

    static Stream<String> cases() {
        return fixture().keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void should_equal_onnxruntime_on_every_path(String name) {
        OnnxCase c = new OnnxCase(fixture().get(name));
        Rnn layer = new Rnn(name, c.cell, true, false);
        assertThat(c.cell.fusedStep()).as("options are not fused").isEqualTo(-1);
        assertMatches(layer.run(c.x, null, c.initial, false), c, "run");
        assertMatches(layer.run(c.x, null, c.initial, true), c, "traced run");
        assertMatches(layer.loop(c.x, null, c.initial, false), c, "loop");
        assertMatches(layer.runFloat(c.x, null, c.initial), c, "runFloat");
        assertMatches(layer.loopFloat(c.x, null, c.initial), c, "float loop");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void should_have_an_independent_reference_that_equals_onnxruntime(String name) {
        // the reference the random tests trust (ReferenceCells), checked against the real framework once
        OnnxCase c = new OnnxCase(fixture().get(name));
        double[][][] ref = c.reference();
        int steps = c.y.length;
        for (int b = 0; b < c.x.batch(); b++) {
            for (int t = 0; t < steps; t++) {
                assertThat(ref[b][t]).as("%s reference: sample %d step %d", name, b, t)
                        .containsExactly(c.y[t][0][b], within(TOL));
            }
        }
    }

    private static void assertMatches(LayerOutput out, OnnxCase c, String path) {
        int steps = c.y.length;
        for (int b = 0; b < c.x.batch(); b++) {
            for (int t = 0; t < steps; t++) {
                for (int k = 0; k < c.units; k++) {
                    assertThat(out.output(b, t, k)).as("%s %s: Y[%d, 0, %d, %d]", c.name, path, t, b, k)
                            .isCloseTo(c.y[t][0][b][k], within(TOL));
                }
            }
            assertThat(out.state().h(b)).as("%s %s: Y_h of sample %d", c.name, path, b)
                    .containsExactly(c.yh[b], within(TOL));
            if (c.yc != null) {
                assertThat(out.state().c(b)).as("%s %s: Y_c of sample %d", c.name, path, b)
                        .containsExactly(c.yc[b], within(TOL));
            }
        }
    }

    private static Map<String, Map<String, Object>> fixture;

    static synchronized Map<String, Map<String, Object>> fixture() {
        if (fixture == null) {
            try {
                Map<String, Object> file = MiniJson.object(MiniJson.parse(Files.readString(
                        RnnFixtures.cells("onnx_cells.json"))));
                Map<String, Map<String, Object>> byName = new java.util.LinkedHashMap<>();
                for (Object o : MiniJson.array(file.get("cases"))) {
                    Map<String, Object> c = MiniJson.object(o);
                    byName.put((String) c.get("name"), c);
                }
                fixture = byName;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return fixture;
    }

    /**
     * One ONNX node mapped to our cell by hand. ONNX keeps W as [dirs, G*u, d] (rows per gate, LSTM gates i, o, f, c;
     * GRU z, r, h), R as [dirs, G*u, u], B as [dirs, 2*G*u] = Wb then Rb, P as [dirs, 3u] in i, o, f; ours are
     * W d x G*u and U u x G*u with LSTM blocks i, f, c, o.
     */
    static final class OnnxCase {
        /** For our LSTM block i, f, c, o: ONNX's block i, o, f, c. */
        private static final int[] LSTM_BLOCK = {0, 2, 3, 1};

        final String name;
        final String op;
        final int units;
        final RecurrentCell cell;
        final SequenceBatch x;
        final RnnState initial;
        final double[][][][] y;
        final double[][] yh;
        final double[][] yc;
        final double[][] w;
        final double[][] u;
        final double[] bias;
        final double[] recurrentBias;
        final Peepholes peep;
        final double clip;
        final List<Activation> acts;
        final boolean inputForget;

        OnnxCase(Map<String, Object> c) {
            name = (String) c.get("name");
            op = (String) c.get("op");
            Map<String, Object> attrs = MiniJson.object(c.get("attributes"));
            units = ((Number) attrs.get("hidden_size")).intValue();
            int bands = op.equals("LSTM") ? 4 : op.equals("GRU") ? 3 : 1;
            int[] block = new int[bands];
            for (int g = 0; g < bands; g++) {
                block[g] = bands == 4 ? LSTM_BLOCK[g] : g;
            }
            w = canonical(MiniJson.tensor(c.get("W"))[0], block, units);
            u = canonical(MiniJson.tensor(c.get("R"))[0], block, units);
            double[] b = MiniJson.matrix(c.get("B"))[0];
            bias = reorder(java.util.Arrays.copyOfRange(b, 0, bands * units), block, units);
            recurrentBias = reorder(java.util.Arrays.copyOfRange(b, bands * units, 2 * bands * units), block, units);
            peep = c.containsKey("P") ? Peepholes.fromOnnx(MiniJson.matrix(c.get("P"))[0]) : null;
            clip = attrs.containsKey("clip") ? (double) (float) ((Number) attrs.get("clip")).doubleValue()
                    : Clip.NONE;
            inputForget = attrs.containsKey("input_forget") && ((Number) attrs.get("input_forget")).intValue() == 1;
            acts = MiniJson.array(c.get("activations")).stream().map(a -> activation(MiniJson.object(a))).toList();
            x = SequenceBatch.of(seqMajor(MiniJson.tensor(c.get("X"))));
            double[][] h0 = MiniJson.tensor(c.get("initial_h"))[0];
            double[][] c0 = c.containsKey("initial_c") ? MiniJson.tensor(c.get("initial_c"))[0] : null;
            initial = c0 == null ? RnnState.of(h0) : RnnState.of(h0, c0);
            y = MiniJson.array(c.get("Y")).stream().map(MiniJson::tensor).toArray(double[][][][]::new);
            yh = MiniJson.tensor(c.get("Y_h"))[0];
            yc = c.containsKey("Y_c") ? MiniJson.tensor(c.get("Y_c"))[0] : null;
            cell = cell();
        }

        private RecurrentCell cell() {
            if (op.equals("LSTM")) {
                LstmOptions o = LstmOptions.NONE.peepholes(peep).inputForget(inputForget).outputActivation(acts.get(2));
                if (clip != Clip.NONE) {
                    o = o.clip(clip);
                }
                return new LstmCell(LstmWeights.of(w, u, bias, recurrentBias), acts.get(1), acts.get(0), o);
            }
            if (op.equals("GRU")) {
                // linear_before_reset=1 is reset_after=True: r multiplies h.U_h + Rb_h
                return new GruCell(GruCell.weights(w, u, bias, recurrentBias), acts.get(1), acts.get(0), true)
                        .withClip(clip);
            }
            return new SimpleRnnCell(SimpleRnnCell.weights(w, u, bias, recurrentBias), acts.get(0)).withClip(clip);
        }

        /** ReferenceCells' output for this node: [sample][step][unit], then the final h (and c). */
        double[][][] reference() {
            double[][][] in = x.toArray();
            double[][] h0 = new double[in.length][];
            double[][] c0 = new double[in.length][];
            for (int b = 0; b < in.length; b++) {
                h0[b] = initial.h(b);
                c0[b] = initial.hasCellState() ? initial.c(b) : null;
            }
            if (op.equals("LSTM")) {
                double[][] p = peep == null ? null : new double[][] {peep.input(), peep.forget(), peep.output()};
                ReferenceCells.Lstm spec = new ReferenceCells.Lstm(w, u, bias, recurrentBias, p, clip, inputForget,
                        acts.get(0)::apply, acts.get(1)::apply, acts.get(2)::apply, null);
                return ReferenceCells.lstm(spec, in, null, h0, c0, false);
            }
            double[] sum = new double[bias.length];
            for (int j = 0; j < sum.length; j++) {
                sum[j] = bias[j] + recurrentBias[j];
            }
            String act = acts.get(op.equals("GRU") ? 1 : 0).kerasName();
            return op.equals("GRU")
                    ? ReferenceCells.gru(w, u, bias, recurrentBias, true, act, acts.get(0).kerasName(), clip, in, null,
                            h0, false)
                    : ReferenceCells.simpleRnn(w, u, sum, act, clip, in, null, h0, false);
        }

        /** ONNX's activation and its alpha, beta (float32 attributes, as onnxruntime reads them). */
        private static Activation activation(Map<String, Object> a) {
            double alpha = (float) ((Number) a.get("alpha")).doubleValue();
            double beta = (float) ((Number) a.get("beta")).doubleValue();
            switch ((String) a.get("name")) {
                case "Sigmoid": return Activation.SIGMOID;
                case "Tanh": return Activation.TANH;
                case "Relu": return Activation.RELU;
                case "Softsign": return Activation.SOFTSIGN;
                case "Softplus": return Activation.SOFTPLUS;
                case "HardSigmoid": return Activation.hardSigmoid(alpha, beta);
                case "ScaledTanh": return Activation.scaledTanh(alpha, beta);
                case "Elu": return Activation.elu(alpha);
                case "Affine": return Activation.affine(alpha, beta);
                case "LeakyRelu": return Activation.leakyRelu(alpha);
                default: throw new AssertionError("no mapping for " + a.get("name"));
            }
        }

        /** ONNX rows (gate blocks in ONNX order) to our columns: {@code out[j][g*u + k] = m[block[g]*u + k][j]}. */
        private static double[][] canonical(double[][] m, int[] block, int units) {
            int cols = m[0].length;
            double[][] out = new double[cols][block.length * units];
            for (int g = 0; g < block.length; g++) {
                for (int k = 0; k < units; k++) {
                    for (int j = 0; j < cols; j++) {
                        out[j][g * units + k] = m[block[g] * units + k][j];
                    }
                }
            }
            return out;
        }

        private static double[] reorder(double[] v, int[] block, int units) {
            double[] out = new double[v.length];
            for (int g = 0; g < block.length; g++) {
                System.arraycopy(v, block[g] * units, out, g * units, units);
            }
            return out;
        }

        /** ONNX's X [seq, batch, d] as [batch][seq][d]. */
        private static double[][][] seqMajor(double[][][] v) {
            double[][][] out = new double[v[0].length][v.length][];
            for (int t = 0; t < v.length; t++) {
                for (int b = 0; b < v[t].length; b++) {
                    out[b][t] = v[t][b];
                }
            }
            return out;
        }
    }
}
