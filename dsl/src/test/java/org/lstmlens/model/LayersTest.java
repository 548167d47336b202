package org.lstmlens.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lstmlens.core.Activation;
import org.lstmlens.core.LstmCell;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.core.LstmWeights;

/**
 * The model layers at inference, checked by identities that do not depend on the code under test: a masked step
 * carries the state, so a padded sequence gives what the unpadded one gives; merges are plain arithmetic worked out
 * by hand; Bidirectional merges the forward run with the time-flipped backward run.
 */
class LayersTest {
    private static final double TOL = 1e-12;

    private static RecurrentLayer lstm(String name, boolean sequences, boolean backwards) {
        // deterministic weights, 2 features -> 3 units, no symmetry between gates
        double[][] w = new double[2][12];
        double[][] u = new double[3][12];
        double[] b = new double[12];
        for (int j = 0; j < 12; j++) {
            w[0][j] = Math.sin(j + 1) * 0.7;
            w[1][j] = Math.cos(2 * j + 1) * 0.6;
            for (int r = 0; r < 3; r++) {
                u[r][j] = Math.sin(3 * r + j) * 0.4;
            }
            b[j] = 0.05 * (j - 6);
        }
        LstmLayer core = new LstmLayer(name, new LstmCell(LstmWeights.of(w, u, b), Activation.TANH, Activation.SIGMOID),
                sequences, backwards);
        return new RecurrentLayer("LSTM", core, false, false, core.weights().params().total());
    }

    private static final double[][] SEQ = {{0.3, -0.2}, {0.9, 0.1}, {0, 0}, {-0.4, 0.8}};
    private static final double[][] UNPADDED = {{0.3, -0.2}, {0.9, 0.1}, {-0.4, 0.8}};

    @Test
    void should_carry_the_state_over_a_masked_step() {
        Tensor masked = new MaskingLayer("masking", 0.0).forward(List.of(Tensor.of(new double[][][] {SEQ}))).get(0);
        assertThat(masked.mask()[0]).containsExactly(true, true, false, true);
        Tensor withPad = lstm("l", false, false).forward(List.of(masked)).get(0);
        Tensor without = lstm("l", false, false).forward(List.of(Tensor.of(new double[][][] {UNPADDED}))).get(0);
        assertThat(withPad.values()).containsExactly(without.values(), within(TOL));
        // with sequences, the masked step repeats the previous output and the mask flows on
        Tensor seq = lstm("l", true, false).forward(List.of(masked)).get(0);
        assertThat(seq.hasMask()).isTrue();
        for (int k = 0; k < 3; k++) {
            assertThat(seq.get(0, 2, k)).isEqualTo(seq.get(0, 1, k));
        }
    }

    @Test
    void should_mask_padding_tokens_of_an_embedding() {
        double[][] table = {{9, 9}, {0.3, -0.2}, {0.9, 0.1}, {-0.4, 0.8}};
        EmbeddingLayer emb = new EmbeddingLayer("embedding", table, true);
        Tensor padded = emb.forward(List.of(Tensor.ofTokens(new int[][] {{1, 2, 0, 3}}))).get(0);
        Tensor plain = Tensor.of(new double[][][] {UNPADDED});
        assertThat(lstm("l", false, false).forward(List.of(padded)).get(0).values())
                .containsExactly(lstm("l", false, false).forward(List.of(plain)).get(0).values(), within(TOL));
    }

    @Test
    void should_merge_bidirectional_directions_with_the_backward_sequence_flipped() {
        Tensor x = Tensor.of(new double[][][] {UNPADDED});
        Tensor f = lstm("f", true, false).forward(List.of(x)).get(0);
        Tensor b = lstm("b", true, true).forward(List.of(x)).get(0);
        Tensor sum = new BidirectionalLayer("bi", lstm("f", true, false), lstm("b", true, true),
                BidirectionalLayer.Merge.SUM, true).forward(List.of(x)).get(0);
        Tensor concat = new BidirectionalLayer("bi", lstm("f", true, false), lstm("b", true, true),
                BidirectionalLayer.Merge.CONCAT, true).forward(List.of(x)).get(0);
        assertThat(concat.shape()).containsExactly(1, 3, 6);
        for (int t = 0; t < 3; t++) {
            for (int k = 0; k < 3; k++) {
                // backward outputs are in processing order: step 2 - t read timestep t
                double back = b.get(0, 2 - t, k);
                assertThat(sum.get(0, t, k)).isCloseTo(f.get(0, t, k) + back, within(TOL));
                assertThat(concat.get(0, t, k)).isEqualTo(f.get(0, t, k));
                assertThat(concat.get(0, t, 3 + k)).isEqualTo(back);
            }
        }
    }

    @Test
    void should_zero_bidirectional_sequence_outputs_at_masked_steps_as_keras3_and_tf_keras_do() {
        Tensor masked = new MaskingLayer("masking", 0.0).forward(List.of(Tensor.of(new double[][][] {SEQ}))).get(0);
        Tensor y = new BidirectionalLayer("bi", lstm("f", true, false), lstm("b", true, true),
                BidirectionalLayer.Merge.CONCAT, true).forward(List.of(masked)).get(0);
        for (int k = 0; k < 6; k++) {
            assertThat(y.get(0, 2, k)).as("zero_output_for_mask forced in Bidirectional").isZero();
        }
    }

    @Test
    void should_repeat_the_previous_output_at_masked_steps_as_standalone_keras2_bidirectional_does() {
        Tensor masked = new MaskingLayer("masking", 0.0).forward(List.of(Tensor.of(new double[][][] {SEQ}))).get(0);
        Tensor y = new BidirectionalLayer("bi", lstm("f", true, false), lstm("b", true, true),
                BidirectionalLayer.Merge.CONCAT, false).forward(List.of(masked)).get(0);
        for (int k = 0; k < 3; k++) {
            // forward direction: timestep 2 repeats timestep 1; backward (reads 3, 2, 1, 0): 2 repeats 3
            assertThat(y.get(0, 2, k)).isEqualTo(y.get(0, 1, k));
            assertThat(y.get(0, 2, 3 + k)).isEqualTo(y.get(0, 3, 3 + k));
        }
    }

    @Test
    void should_merge_element_wise_as_worked_out_by_hand() {
        Tensor a = Tensor.of(new double[][] {{1, 2, 3}});
        Tensor b = Tensor.of(new double[][] {{4, -5, 6}});
        assertThat(new MergeLayer("add", MergeLayer.Op.ADD).forward(List.of(a, b)).get(0).values())
                .containsExactly(5, -3, 9);
        assertThat(new MergeLayer("mul", MergeLayer.Op.MULTIPLY).forward(List.of(a, b)).get(0).values())
                .containsExactly(4, -10, 18);
        assertThat(new MergeLayer("avg", MergeLayer.Op.AVERAGE).forward(List.of(a, b)).get(0).values())
                .containsExactly(2.5, -1.5, 4.5);
        assertThat(new MergeLayer("sub", MergeLayer.Op.SUBTRACT).forward(List.of(a, b)).get(0).values())
                .containsExactly(-3, 7, -3);
        assertThat(new ConcatenateLayer("cat", -1).forward(List.of(a, b)).get(0).values())
                .containsExactly(1, 2, 3, 4, -5, 6);
    }

    @Test
    void should_apply_dense_flatten_and_repeat_vector() {
        DenseLayer dense = new DenseLayer("d", new double[][] {{1, 2}, {3, 4}, {5, 6}}, new double[] {0.5, -1},
                ActivationFunction.LINEAR);
        // [1, 2, 3] . W + b = [1 + 6 + 15 + 0.5, 2 + 8 + 18 - 1]
        assertThat(dense.forward(List.of(Tensor.of(new double[][] {{1, 2, 3}}))).get(0).values())
                .containsExactly(22.5, 27);
        DenseLayer soft = new DenseLayer("s", new double[][] {{1, 2}, {3, 4}, {5, 6}}, null, ActivationFunction.SOFTMAX);
        double[] p = soft.forward(List.of(Tensor.of(new double[][] {{1, 0, 0}}))).get(0).values();
        // softmax([1, 2]) = [1, e] / (1 + e)
        assertThat(p).containsExactly(new double[] {1 / (1 + Math.E), Math.E / (1 + Math.E)}, within(TOL));
        Tensor rep = new RepeatVectorLayer("r", 3).forward(List.of(Tensor.of(new double[][] {{7, 8}}))).get(0);
        assertThat(rep.shape()).containsExactly(1, 3, 2);
        assertThat(new FlattenLayer("fl").forward(List.of(rep)).get(0).values()).containsExactly(7, 8, 7, 8, 7, 8);
        assertThat(new TimeDistributedLayer("td", dense).outputShapes(List.of(Shape.of(4, 3))).get(0))
                .hasToString("(None, 4, 2)");
    }
}
