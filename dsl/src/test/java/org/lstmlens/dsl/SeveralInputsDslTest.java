package org.lstmlens.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.NameException;
import org.lstmlens.influence.Attribution;
import org.lstmlens.influence.ModelInfluence;
import org.lstmlens.model.Tensor;
import org.lstmlens.testing.Fixtures;

/**
 * The real two-input model of ../shared/fixtures/keras/16 (tf.keras 2.10: input_left -> LSTM, input_right -> a
 * go_backwards LSTM, Concatenate, Dense, Dense(113, softmax)) explained through each input in turn, the other held,
 * and its softmax head's default target. Expected values: central differences of the model's own predict (which
 * TwoInputFixtureTest holds to the file's recorded LSTM outputs), its own predicted classes, and integrated
 * gradients' completeness.
 */
class SeveralInputsDslTest {
    private static final double H = 1e-5;

    /** The fixture README's input, x[b][t][j] = 0.8 sin(0.37 (t+1)(j+1) + 0.5 b + 0.1); the right one shifted. */
    private static double[][][] input(double shift) {
        double[][][] x = new double[2][6][80];
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 6; t++) {
                for (int j = 0; j < 80; j++) {
                    x[b][t][j] = 0.8 * Math.sin(0.37 * (t + 1) * (j + 1) + 0.5 * b + 0.1 + shift);
                }
            }
        }
        return x;
    }

    @Test
    void should_explain_each_input_of_the_two_input_fixture_with_the_other_held() {
        ModelView m = new Lstm().load(Fixtures.keras().resolve("16_tfk_charlm_go_backwards.h5"));
        double[][][] left = input(0);
        double[][][] right = input(0.3);
        double[][] p = m.model().predict(List.of(Tensor.of(left), Tensor.of(right))).get(0).toArray2();
        int[] predicted = {argmax(p[0]), argmax(p[1])};
        ModelInfluence inf = m.influence(List.of(left, right)).gradient();

        assertThat(inf.inputNames()).containsExactly("input_left", "input_right");
        for (int which = 0; which < 2; which++) {
            Attribution a = inf.input(which == 0 ? "input_left" : "input_right").attributions();

            // the default target of a softmax head: each sample's predicted class, said in the results
            assertThat(a.target().describe()).isEqualTo("predicted class of each sample (" + predicted[0] + ", "
                    + predicted[1] + ") at the last step");
            assertThat(a.toMimeBundle().plain()).contains(" with respect to input \""
                    + inf.inputNames().get(which) + "\", 2 sequences of 6 steps");
            for (int b = 0; b < 2; b++) {
                assertThat(a.output()[b]).isCloseTo(p[b][predicted[b]], within(1e-12));
                double worst = 0;
                double scale = 0;
                for (int t = 0; t < 6; t++) {
                    for (int j = 0; j < 80; j += 7) {
                        double numeric = difference(m, left, right, which, b, t, j, predicted[b]);
                        worst = Math.max(worst, Math.abs(numeric - a.value(b, t, j)));
                        scale = Math.max(scale, Math.abs(a.value(b, t, j)));
                    }
                }
                assertThat(scale).as("input %d sample %d: not all zero", which, b).isGreaterThan(1e-6);
                assertThat(worst / scale).as("input %d sample %d", which, b).isLessThanOrEqualTo(1e-6);
            }
        }
        // the predicted class jumps from ~1e-7 at the baseline to ~1 at x: 256 points resolve the path to 1 %
        Attribution ig = inf.input(0).integratedGradients(256).baseline(0.1).attributions();
        assertThat(ig.relativeCompletenessGap()).isLessThanOrEqualTo(0.01);
    }

    @Test
    void should_refuse_the_sum_of_a_softmax_and_name_inputs_it_does_not_have() {
        ModelView m = new Lstm().load(Fixtures.keras().resolve("16_tfk_charlm_go_backwards.h5"));
        ModelInfluence inf = m.influence(List.of(input(0), input(0)));

        assertThatThrownBy(inf::sum).isInstanceOf(LstmException.class).hasMessage("target sum of outputs of \""
                + m.name() + "\": output \"output\" is a softmax, whose outputs sum to 1 for every input, so their "
                + "sum has no influence to explain; choose a class with .unit(k), or keep the default, each sample's "
                + "predicted class");
        assertThatThrownBy(() -> inf.input("input_middle")).isInstanceOf(NameException.class)
                .hasMessage("Unknown input \"input_middle\" at model \"" + m.name() + "\"; expected one of input_left,"
                        + " input_right");
        assertThatThrownBy(() -> inf.input(2)).isInstanceOf(LstmException.class).hasMessage("input 2 of model \""
                + m.name() + "\" does not exist; valid: 0 (\"input_left\"), 1 (\"input_right\")");
        assertThatThrownBy(() -> m.influence(List.<double[][][]>of(input(0)))).isInstanceOf(LstmException.class)
                .hasMessage("model \"" + m.name() + "\" has 2 inputs (\"input_left\", \"input_right\"); got 1 batches");
    }

    /** d p[cls] / d input[which][b][t][j] of sample b alone, the other input held. */
    private static double difference(ModelView m, double[][][] left, double[][][] right, int which, int b, int t,
            int j, int cls) {
        double[][][] l = {left[b]};
        double[][][] r = {right[b]};
        double[][][] moved = which == 0 ? l : r;
        double keep = moved[0][t][j];
        moved[0][t][j] = keep + H;
        double plus = m.model().predict(List.of(Tensor.of(l), Tensor.of(r))).get(0).get(0, cls);
        moved[0][t][j] = keep - H;
        double minus = m.model().predict(List.of(Tensor.of(l), Tensor.of(r))).get(0).get(0, cls);
        moved[0][t][j] = keep;
        return (plus - minus) / (2 * H);
    }

    private static int argmax(double[] v) {
        int k = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[k]) {
                k = i;
            }
        }
        return k;
    }
}
