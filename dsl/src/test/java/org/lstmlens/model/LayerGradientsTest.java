package org.lstmlens.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.lstmlens.core.Activation;
import org.lstmlens.core.GruCell;
import org.lstmlens.core.HardSigmoid;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.core.Rnn;
import org.lstmlens.core.SimpleRnnCell;
import org.lstmlens.error.LstmException;
import org.lstmlens.testing.RandomLstm;

/**
 * Each model layer's backward pass ({@link DifferentiableLayer#trace}) against central finite differences of its own
 * forward pass ({@link Layer#forward}) on random weights and inputs, with masks: {@code L = sum(w * output)} for a
 * random weighting w. Provenance: the derivative as the limit of the difference quotient (h = 1e-5; the truncation
 * error near h^2 and rounding near 1e-16 / h stay far below the tolerance). Covers what the Keras fixtures do not:
 * Bidirectional's mul and ave merges, with and without sequences, masked; softmax and element-wise Dense;
 * TimeDistributed(Dense); a bare Activation; Masking; the merge layers (each input's gradient), Concatenate,
 * Flatten and RepeatVector. Random inputs do not tie, so Maximum and Minimum are differentiable there.
 */
class LayerGradientsTest {
    private static final double RELATIVE = 1e-6;
    private static final double H = 1e-5;
    private static final boolean[][] MASK = {{true, true, true, false, true}, {false, true, true, true, true}};

    private static RecurrentLayer lstm(Random rnd, int features, int units, boolean sequences, boolean backwards,
            boolean zeroMasked) {
        LstmLayer core = RandomLstm.layer(rnd, features, units, 0.6, Activation.TANH, Activation.SIGMOID, sequences,
                backwards);
        return new RecurrentLayer("LSTM", core, false, zeroMasked, 0);
    }

    /** A GRU (reset_after or not, with a recurrent bias only then) or a SimpleRNN with random weights. */
    static RecurrentLayer cell(Random rnd, String kind, boolean sequences, boolean backwards, boolean zeroMasked) {
        int d = 3;
        int u = 4;
        org.lstmlens.core.RecurrentCell cell;
        if (kind.equals("SimpleRNN")) {
            cell = new SimpleRnnCell(SimpleRnnCell.weights(RandomLstm.matrix(rnd, d, u, 0.6),
                    RandomLstm.matrix(rnd, u, u, 0.6), RandomLstm.vector(rnd, u, 0.6)), Activation.TANH);
        } else {
            boolean after = kind.equals("GRU reset_after");
            cell = new GruCell(GruCell.weights(RandomLstm.matrix(rnd, d, 3 * u, 0.6),
                    RandomLstm.matrix(rnd, u, 3 * u, 0.6), RandomLstm.vector(rnd, 3 * u, 0.6),
                    after ? RandomLstm.vector(rnd, 3 * u, 0.6) : null), Activation.TANH, Activation.SIGMOID, after);
        }
        return new RecurrentLayer(kind.startsWith("GRU") ? "GRU" : kind, new Rnn("random", cell, sequences,
                backwards), false, zeroMasked, 0);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GRU reset_after", "GRU reset_before", "SimpleRNN"})
    void should_send_gru_and_simple_rnn_gradients_back_through_masks_and_go_backwards(String kind) {
        for (boolean backwards : new boolean[] {false, true}) {
            Random rnd = new Random(23);
            String what = kind + (backwards ? " go_backwards" : "");
            check(cell(rnd, kind, true, backwards, true), input(rnd, true), what + " zero_output_for_mask");
            check(cell(rnd, kind, true, backwards, false), input(rnd, true), what + " carrying masked outputs");
            check(cell(rnd, kind, false, backwards, false), input(rnd, true), what + " last output");
            check(cell(rnd, kind, false, backwards, false), input(rnd, false), what + " unmasked");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = BidirectionalLayer.Merge.class, names = {"CONCAT", "SUM", "MUL", "AVE"})
    void should_send_bidirectional_gru_gradients_back_for_every_merge_mode(BidirectionalLayer.Merge merge) {
        for (boolean sequences : new boolean[] {true, false}) {
            Random rnd = new Random(29);
            BidirectionalLayer bi = new BidirectionalLayer("bidi", cell(rnd, "GRU reset_before", sequences, false,
                    false), cell(rnd, "GRU reset_before", sequences, true, false), merge, true);
            check(bi, input(rnd, true), "Bidirectional(GRU) " + merge + (sequences ? " sequences" : " last"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = BidirectionalLayer.Merge.class, names = {"CONCAT", "SUM", "MUL", "AVE"})
    void should_send_bidirectional_gradients_back_for_every_merge_mode(BidirectionalLayer.Merge merge) {
        for (boolean sequences : new boolean[] {true, false}) {
            for (boolean masked : new boolean[] {false, true}) {
                Random rnd = new Random(7);
                BidirectionalLayer bi = new BidirectionalLayer("bidi", lstm(rnd, 3, 4, sequences, false, false),
                        lstm(rnd, 3, 4, sequences, true, false), merge, true);
                check(bi, input(rnd, masked), merge + (sequences ? " sequences" : " last") + (masked ? " masked" : ""));
            }
        }
    }

    @ParameterizedTest(name = "go_backwards={0}")
    @ValueSource(booleans = {false, true})
    void should_send_lstm_gradients_back_with_zeroed_masked_outputs(boolean backwards) {
        Random rnd = new Random(11);
        check(lstm(rnd, 3, 4, true, backwards, true), input(rnd, true), "LSTM zero_output_for_mask");
        check(lstm(rnd, 3, 4, true, backwards, false), input(rnd, true), "LSTM carrying masked outputs");
        check(lstm(rnd, 3, 4, false, backwards, false), input(rnd, true), "LSTM last output");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"softmax", "tanh", "sigmoid", "softplus", "elu", "linear"})
    void should_send_dense_and_activation_gradients_back(String activation) {
        Random rnd = new Random(3);
        ActivationFunction f = ActivationFunction.parse(activation, HardSigmoid.KERAS_3);
        DenseLayer dense = new DenseLayer("dense", RandomLstm.matrix(rnd, 3, 5, 0.8), RandomLstm.vector(rnd, 5, 0.3), f);
        check(dense, input(rnd, false), "Dense " + activation + " on sequences");
        check(dense, Tensor.of(RandomLstm.matrix(rnd, 2, 3, 1)), "Dense " + activation + " on vectors");
        check(new TimeDistributedLayer("td", dense), input(rnd, true), "TimeDistributed(Dense " + activation + ")");
        check(new ActivationLayer("act", f), input(rnd, false), "Activation " + activation);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(MergeLayer.Op.class)
    void should_send_merge_gradients_back_to_every_input(MergeLayer.Op op) {
        Random rnd = new Random(13);
        int n = op == MergeLayer.Op.SUBTRACT ? 2 : 3;
        checkMerge(new MergeLayer("merge", op), rnd, n, 5, "merge " + op);
    }

    @Test
    void should_send_concatenate_flatten_and_repeat_vector_gradients_back() {
        Random rnd = new Random(17);
        checkMerge(new ConcatenateLayer("concat", -1), rnd, 2, 3, "Concatenate on the last axis");
        checkMerge(new ConcatenateLayer("concat_t", 1), rnd, 2, 3, "Concatenate on the time axis");
        check(new FlattenLayer("flatten"), input(rnd, false), "Flatten");
        check(new RepeatVectorLayer("repeat", 4), Tensor.of(RandomLstm.matrix(rnd, 2, 3, 1)), "RepeatVector");
    }

    /** Each input's gradient against the difference quotient of forward, every other input held. */
    private static void checkMerge(DifferentiableMerge layer, Random rnd, int n, int features, String what) {
        List<Tensor> inputs = new java.util.ArrayList<>();
        for (int k = 0; k < n; k++) {
            inputs.add(Tensor.of(RandomLstm.tensor(rnd, 2, 4, features, 1)));
        }
        MergePass pass = layer.trace(inputs);
        Tensor y = pass.output();
        double[] w = RandomLstm.vector(new Random(99), y.values().length, 1);
        List<Tensor> ours = pass.backward(Tensor.wrap(y.shape(), w, null));
        for (int k = 0; k < n; k++) {
            double[] data = inputs.get(k).values();
            double[] g = ours.get(k).values();
            double worst = 0;
            double scale = 0;
            for (int i = 0; i < data.length; i++) {
                double keep = data[i];
                data[i] = keep + H;
                double plus = dot(w, layer.forward(with(inputs, k, data)).get(0));
                data[i] = keep - H;
                double minus = dot(w, layer.forward(with(inputs, k, data)).get(0));
                data[i] = keep;
                scale = Math.max(scale, Math.abs(g[i]));
                worst = Math.max(worst, Math.abs(g[i] - (plus - minus) / (2 * H)));
            }
            assertThat(scale).as("%s input %d: a gradient at all", what, k).isGreaterThan(0);
            assertThat(worst / scale).as("%s input %d", what, k).isLessThanOrEqualTo(RELATIVE);
        }
    }

    private static List<Tensor> with(List<Tensor> inputs, int k, double[] data) {
        List<Tensor> out = new java.util.ArrayList<>(inputs);
        out.set(k, Tensor.wrap(inputs.get(k).shape(), data.clone(), null));
        return out;
    }

    @Test
    void should_send_no_gradient_to_masking_padding() {
        Random rnd = new Random(5);
        Tensor x = input(rnd, false);
        double[][][] v = x.toArray3();
        v[0][2] = new double[] {0, 0, 0};
        LayerPass pass = new MaskingLayer("masking", 0).trace(Tensor.of(v));

        Tensor dx = pass.backward(pass.output());

        assertThat(dx.toArray3()[0][2]).containsOnly(0.0);
        assertThat(dx.toArray3()[0][1]).containsExactly(v[0][1]);
        assertThat(dx.mask()).isNull();
    }

    @Test
    void should_refuse_layers_with_several_outputs_naming_them() {
        Random rnd = new Random(1);
        RecurrentLayer withState = new RecurrentLayer("LSTM", RandomLstm.layer(rnd, 3, 2, 0.5, Activation.TANH,
                Activation.SIGMOID, false, false), true, false, 0);
        BidirectionalLayer none = new BidirectionalLayer("bidi", lstm(rnd, 3, 2, true, false, false),
                lstm(rnd, 3, 2, true, true, false), BidirectionalLayer.Merge.NONE, true);

        assertThatThrownBy(() -> withState.trace(input(rnd, false))).isInstanceOf(LstmException.class)
                .hasMessage("LSTM \"random\" has return_state=True: three outputs (sequence, h, c); gradients through a"
                        + " model go through layers with one output");
        RecurrentLayer gru = cell(rnd, "GRU reset_after", true, false, false);
        RecurrentLayer gruWithState = new RecurrentLayer("GRU", gru.rnn(), true, false, 0);
        assertThatThrownBy(() -> gruWithState.trace(input(rnd, false))).isInstanceOf(LstmException.class)
                .hasMessage("GRU \"random\" has return_state=True: two outputs (sequence, h); gradients through a"
                        + " model go through layers with one output");
        assertThatThrownBy(() -> none.trace(input(rnd, false))).isInstanceOf(LstmException.class)
                .hasMessage("Bidirectional \"bidi\" has merge_mode=None: several outputs; gradients through a model go"
                        + " through layers with one output");
    }

    private static Tensor input(Random rnd, boolean masked) {
        Tensor x = Tensor.of(RandomLstm.tensor(rnd, 2, 5, 3, 1));
        return masked ? x.withMask(MASK) : x;
    }

    /** dL/dx by the layer's backward pass against (L(x + h e) - L(x - h e)) / 2h for every input value. */
    private static void check(DifferentiableLayer layer, Tensor x, String what) {
        LayerPass pass = layer.trace(x);
        Tensor y = pass.output();
        double[] w = RandomLstm.vector(new Random(99), y.values().length, 1);
        assertThat(y.values()).as("%s: trace's output is forward's", what)
                .containsExactly(layer.forward(List.of(x)).get(0).values());
        double[] ours = pass.backward(Tensor.wrap(y.shape(), w, null)).values();
        double[] data = x.values();
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < data.length; i++) {
            double keep = data[i];
            data[i] = keep + H;
            double plus = dot(w, layer.forward(List.of(Tensor.wrap(x.shape(), data.clone(), x.mask()))).get(0));
            data[i] = keep - H;
            double minus = dot(w, layer.forward(List.of(Tensor.wrap(x.shape(), data.clone(), x.mask()))).get(0));
            data[i] = keep;
            double numeric = (plus - minus) / (2 * H);
            scale = Math.max(scale, Math.abs(ours[i]));
            worst = Math.max(worst, Math.abs(ours[i] - numeric));
        }
        assertThat(scale).as("%s: a gradient at all", what).isGreaterThan(0);
        assertThat(worst / scale).as("%s: max |backward - difference quotient| / max |backward|", what)
                .isLessThanOrEqualTo(RELATIVE);
    }

    private static double dot(double[] w, Tensor y) {
        double[] v = y.values();
        double s = 0;
        for (int i = 0; i < v.length; i++) {
            s += w[i] * v[i];
        }
        return s;
    }
}
