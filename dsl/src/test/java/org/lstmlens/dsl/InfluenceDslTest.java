package org.lstmlens.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lstmlens.core.Gate;
import org.lstmlens.core.SequenceBatch;
import org.lstmlens.core.Trace;
import org.lstmlens.error.LstmException;
import org.lstmlens.influence.Attribution;
import org.lstmlens.influence.Memory;
import org.lstmlens.render.MimeBundle;
import org.lstmlens.testing.Fixtures;
import org.lstmlens.testing.NotebookData;
import org.lstmlens.testing.RandomLstm;

/**
 * The DSL's doors to influence and memory: {@code layer.influence(x)}, {@code layer.memory(x)},
 * {@code model.influence(x)}, {@code model.influenceTokens(ids)}. Expected values come from outside the views: the
 * layer's own run (its trace's forget gates, its outputs), the model's own {@code predict}, and identities
 * (integrated gradients' completeness; padding gets nothing). Error texts are asserted verbatim.
 */
class InfluenceDslTest {
    private final Lstm lstm = new Lstm();

    @Test
    void should_explain_one_layer_of_a_loaded_model_in_terms_of_its_own_output() {
        LayerView layer = lstm.load(NotebookData.folder().resolve("lag5.keras")).layer("lstm");
        double[][][] x = RandomLstm.tensor(new Random(4), 3, 12, 1, 1);

        Attribution a = layer.influence(x).integratedGradients(64).attributions();

        // f is the sum of the layer's h at the last step, from its own run; the baseline is the zero sequence
        double[][] h = layer.layer().run(SequenceBatch.of(x)).lastOutput();
        double[][] h0 = layer.layer().run(SequenceBatch.of(new double[3][12][1])).lastOutput();
        for (int b = 0; b < 3; b++) {
            double fx = java.util.Arrays.stream(h[b]).sum();
            double f0 = java.util.Arrays.stream(h0[b]).sum();
            assertThat(a.output()[b]).isCloseTo(fx, within(1e-12));
            assertThat(a.total(b)).as("completeness, sample %d", b).isCloseTo(fx - f0, within(0.01 * Math.abs(fx - f0)));
        }
        assertThat(a.methodDetail()).isEqualTo("integrated gradients (64 steps, baseline 0)");
        assertThat(layer.influence(x).baseline(-0.25).occlusion(2).attributions().methodDetail())
                .isEqualTo("occlusion (window 2, baseline -0.25)");
        assertThat(layer.influence(x[0]).gradient().attributions().batch()).isEqualTo(1);
        assertThat(layer.influence(new double[] {0.1, 0.2, 0.3}).gradient().attributions().steps()).isEqualTo(3);
    }

    @Test
    void should_read_memory_as_the_product_of_the_layers_forget_gates() {
        LayerView layer = lstm.load(NotebookData.folder().resolve("lag5.keras")).layer("lstm");
        double[][] x = RandomLstm.tensor(new Random(8), 1, 12, 1, 1)[0];

        Memory memory = layer.memory(x);

        Trace trace = layer.layer().trace(SequenceBatch.of(x)).trace().orElseThrow();
        for (int unit = 0; unit < layer.units(); unit++) {
            double kept = 1;
            for (int lag = 0; lag < 12; lag++) {
                assertThat(memory.survival(0, lag, unit)).as("unit %d, lag %d", unit, lag).isCloseTo(kept,
                        within(1e-15));
                kept *= trace.gate(0, 11 - lag, Gate.F, unit);
            }
        }
        assertThat(layer.memory(new double[][][] {x, x}).survival(3)).isCloseTo(memory.survival(3), within(1e-15));
    }

    @Test
    void should_explain_token_ids_through_their_embedded_vectors_with_padding_left_out() {
        ModelView m = lstm.load(Fixtures.keras3().resolve("embedding_mask_zero_softmax.keras"));
        int[][] ids = {{0, 0, 3, 7, 1, 5}, {2, 9, 4, 0, 0, 0}};

        Attribution a = m.influenceTokens(ids).unit(2).integratedGradients(64).attributions();

        double[][] p = m.predictTokens(ids).values();
        for (int b = 0; b < ids.length; b++) {
            assertThat(a.output()[b]).as("f(x) is the model's class-2 probability").isCloseTo(p[b][2], within(1e-12));
            assertThat(a.relativeCompletenessGap()).isLessThanOrEqualTo(0.01);
            for (int t = 0; t < ids[b].length; t++) {
                if (ids[b][t] == 0) {
                    assertThat(a.toArray()[b][t]).as("padding at sample %d, step %d", b, t).containsOnly(0.0);
                }
            }
        }
        MimeBundle bundle = a.byTimestep().toMimeBundle();
        assertThat(bundle.plain()).startsWith("t: ");
    }

    @Test
    void should_explain_each_samples_predicted_class_of_a_softmax_by_default_and_say_so() {
        ModelView m = lstm.load(Fixtures.keras3().resolve("embedding_mask_zero_softmax.keras"));
        int[][] ids = {{0, 0, 3, 7, 1, 5}, {2, 9, 4, 0, 0, 0}, {8, 8, 1, 2, 3, 4}};
        double[][] p = m.predictTokens(ids).values();
        int[] predicted = new int[ids.length];
        for (int b = 0; b < ids.length; b++) {
            for (int k = 1; k < p[b].length; k++) {
                predicted[b] = p[b][k] > p[b][predicted[b]] ? k : predicted[b];
            }
        }

        Attribution a = m.influenceTokens(ids).attributions();

        String target = "predicted class of each sample (" + predicted[0] + ", " + predicted[1] + ", " + predicted[2]
                + ") at the last step";
        assertThat(a.target().describe()).isEqualTo(target);
        assertThat(a.toMimeBundle().plain()).startsWith("integrated gradients (64 steps, baseline 0) of " + target);
        for (int b = 0; b < ids.length; b++) {
            assertThat(a.output()[b]).as("f(x) is the probability of the predicted class").isCloseTo(
                    p[b][predicted[b]], within(1e-12));
        }
        assertThat(a.relativeCompletenessGap()).isLessThanOrEqualTo(0.01);
        assertThat(m.influenceTokens(new int[][] {ids[0]}).gradient().attributions().target().describe())
                .isEqualTo("predicted class " + predicted[0] + " at the last step");
        assertThat(m.influenceTokens(ids).toString()).contains("predicted class at the last step");
        assertThatThrownBy(() -> m.influenceTokens(ids).sum()).isInstanceOf(LstmException.class)
                .hasMessageContaining("is a softmax, whose outputs sum to 1 for every input");
    }

    @Test
    void should_say_why_a_model_cannot_be_explained_whole() {
        ModelView twoInputs = lstm.load(Fixtures.keras().resolve("16_tfk_charlm_go_backwards.h5"));
        ModelView weightsOnly = lstm.load(Fixtures.keras3().resolve("lstm_one_feature.weights.h5"));
        ModelView numeric = lstm.load(Fixtures.keras3().resolve("lstm_one_feature.keras"));
        double[][][] x = new double[1][4][1];

        assertThatThrownBy(() -> twoInputs.influence(x)).isInstanceOf(LstmException.class).hasMessage("model \""
                + twoInputs.name() + "\" has 2 inputs (\"input_left\", \"input_right\"); give one batch per input,"
                + " influence(List.of(input_left, input_right)), then choose the one explained with .input(name)");
        assertThatThrownBy(() -> weightsOnly.influence(x)).isInstanceOf(LstmException.class).hasMessage("model \""
                + weightsOnly.name() + "\" holds weights only: supply its architecture (model.withArchitecture(...))"
                + " before asking for influence");
        assertThatThrownBy(() -> numeric.influenceTokens(new int[][] {{1, 2}})).isInstanceOf(LstmException.class)
                .hasMessage("model \"" + numeric.name() + "\" does not start with an Embedding; give its input as "
                        + "numbers, influence(x[sample][timestep][feature])");
        assertThatThrownBy(() -> numeric.influence((double[][][]) null)).isInstanceOf(LstmException.class)
                .hasMessage("model \"" + numeric.name() + "\" influence: x is null; expected "
                        + "double[samples][timesteps][features]");
        assertThatThrownBy(() -> numeric.influence(new double[1][4][2])).isInstanceOf(LstmException.class)
                .hasMessage("influence: got double[1][4][2]; model \"" + numeric.name() + "\" takes one sequence "
                        + "double[steps][features] or a batch double[batch][steps][features], with (steps, features) = "
                        + "(None, 1)");
    }
}
