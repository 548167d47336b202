package org.lstmlens.influence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lstmlens.core.Activation;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.ShapeException;
import org.lstmlens.render.MimeBundle;
import org.lstmlens.error.NameException;
import org.lstmlens.model.Model;
import org.lstmlens.testing.Built;
import org.lstmlens.testing.DelayLine;
import org.lstmlens.testing.RandomLstm;

/** The views' arithmetic (shares, spreads, lags) on attributions written by hand, their text, and their errors. */
class InfluenceViewsTest {
    static final double TOL = 1e-12;

    /** One feature, one value per timestep; the last timestep is the output's own step (lag 0). */
    static Attribution hand(double[][] perSample, int reference) {
        double[][][] v = new double[perSample.length][perSample[0].length][];
        for (int b = 0; b < v.length; b++) {
            for (int t = 0; t < v[b].length; t++) {
                v[b][t] = new double[] {perSample[b][t]};
            }
        }
        double[] fx = new double[v.length];
        return new Attribution("m", Method.GRADIENT_X_INPUT, "gradient x input", Target.unit(0), v, reference, true,
                fx, null);
    }

    @Test
    void should_read_shares_as_lags_counted_from_the_output_step() {
        TimestepInfluence byLag = hand(new double[][] {{6, 0, -1, 0, 3}}, 4).byTimestep();

        // |6| + |-1| + |3| = 10: the first timestep (lag 4) has 60 %, the last (lag 0, "t") 30 %
        assertThat(byLag.text()).isEqualTo("t: 30 %, t-1: 0 %, t-2: 10 %, t-3: 0 %, t-4: 60 %");
        assertThat(byLag.value(2)).isEqualTo(-1);
        assertThat(byLag.ranked()).startsWith(4, 0, 2);
        assertThat(byLag.toString()).isEqualTo(
                "TimestepInfluence[gradient x input, unit 0 at the last step, 5 steps, most: t-4 60 %]");
    }

    @Test
    void should_shift_lags_by_one_for_a_forecast() {
        TimestepInfluence byLag = hand(new double[][] {{6, 0, -1, 0, 3}}, 5).byTimestep();

        assertThat(byLag.text()).isEqualTo("t-1: 30 %, t-2: 0 %, t-3: 10 %, t-4: 0 %, t-5: 60 %");
    }

    @Test
    void should_give_mean_and_spread_over_sequences() {
        TimestepInfluence byLag = hand(new double[][] {{1, 1}, {0, 2}}, 1).byTimestep();

        // shares of lag 1 (timestep 0): 0.5 and 0; mean 0.25, population sd 0.25
        assertThat(byLag.share(1)).isCloseTo(0.25, within(TOL));
        assertThat(byLag.spread(1)).isCloseTo(0.25, within(TOL));
        assertThat(byLag.text()).isEqualTo("t: 75 % ± 25 %, t-1: 25 % ± 25 %");
    }

    @Test
    void should_count_opposite_features_by_magnitude_in_shares_and_by_sign_in_values() {
        double[][][] v = {{{2, -2}, {1, 0}}};
        Attribution a = new Attribution("m", Method.GRADIENT, "gradient", Target.sum(), v, 1, true, new double[1],
                null);

        assertThat(a.byTimestep().share(1)).isCloseTo(0.8, within(TOL));
        assertThat(a.byTimestep().value(1)).isZero();
        assertThat(a.byFeature().share(0)).isCloseTo(0.6, within(TOL));
        assertThat(a.byFeature().share(1)).isCloseTo(0.4, within(TOL));
        assertThat(a.heatmap().value(0, 1)).isEqualTo(-2);
    }

    @Test
    void should_render_every_view_as_text_html_and_svg() {
        LstmLayer line = DelayLine.layer(3, 1);
        LayerInfluence inf = Influence.of(line).on(RandomLstm.tensor(new Random(1), 2, 4, 1, 1)).unit(2).gradient();

        for (MimeBundle bundle : new MimeBundle[] {inf.toMimeBundle(), inf.byTimestep().toMimeBundle(),
            inf.byFeature().toMimeBundle(), inf.heatmap().toMimeBundle()}) {
            assertThat(bundle.has(MimeBundle.TEXT_HTML)).isTrue();
            assertThat(bundle.get(MimeBundle.IMAGE_SVG)).startsWith("<svg").endsWith("</svg>");
        }
        assertThat(inf.byTimestep().toMimeBundle().plain()).startsWith("t: 0 % ± 0 %, t-1: 0 % ± 0 %, t-2: 100 %");
        assertThat(inf.toString()).isEqualTo("Influence[delay_line, gradient, unit 2 at the last step, 2 x 4 x 1]");
    }

    @Test
    void should_drill_down_to_each_output_unit_of_a_delay_line() {
        LayerInfluence inf = Influence.of(DelayLine.layer(3, 1)).on(RandomLstm.tensor(new Random(2), 4, 5, 1, 1)).gradient();

        UnitInfluence units = inf.perUnit();

        // unit j of a delay line holds the input from j steps ago
        for (int j = 0; j < 3; j++) {
            assertThat(units.unit(j).top(1)).containsExactly(j);
            assertThat(units.unit(j).share(j)).isCloseTo(1, within(TOL));
        }
        assertThat(units.toMimeBundle().plain()).startsWith("unit 0: t 100 %");
        assertThat(units.toString()).isEqualTo("UnitInfluence[3 units, gradient]");
    }

    @Test
    void should_keep_long_windows_readable_in_text_and_svg() {
        LayerInfluence inf = Influence.of(DelayLine.layer(6, 1)).on(RandomLstm.tensor(new Random(3), 1, 300, 1, 0.5))
                .unit(5).gradient();

        String text = inf.byTimestep().toMimeBundle().plain();
        String heat = inf.heatmap().toMimeBundle().get(MimeBundle.IMAGE_SVG);

        assertThat(text).startsWith("t: 0 %, t-1: 0 %").contains("t-23: 0 %, ... (276 more; largest: t-5: 100 %");
        // the shared renderer pools 300 rows into 150 cells of 2 and labels them with lag ranges
        assertThat(heat).contains("downsampled from 300x1: each cell is the mean of up to 2x1 values", ">t..t-1<",
                ">t-298..t-299<");
        assertThat(inf.byTimestep().toMimeBundle().get(MimeBundle.TEXT_HTML)).startsWith("<div class=\"lstmlens\"");
    }

    @Test
    void should_say_what_is_missing_when_no_input_was_given() {
        LayerInfluence inf = Influence.of(DelayLine.layer(2, 1));

        assertThatThrownBy(inf::byTimestep).isInstanceOf(LstmException.class)
                .hasMessage("influence of \"delay_line\": no input yet; give one with .on(x)");
    }

    @Test
    void should_name_the_valid_units_and_steps_of_a_wrong_target() {
        LayerInfluence inf = Influence.of(DelayLine.layer(2, 1)).onValues(0.1, 0.2, 0.3);

        assertThatThrownBy(() -> inf.unit(5).attributions()).isInstanceOf(ShapeException.class)
                .hasMessage("target unit 5 of \"delay_line\" is out of range; valid: 0..1");
        assertThatThrownBy(() -> inf.target(Target.sum().atStep(1)).attributions()).isInstanceOf(ShapeException.class)
                .hasMessage("target step 1 of \"delay_line\" does not exist; valid: 2 (only the last step has an output)");
        assertThatThrownBy(() -> inf.on(new double[][] {{1, 2}})).isInstanceOf(ShapeException.class)
                .hasMessage("influence: got double[1][2]; layer \"delay_line\" takes one sequence double[steps][features] or"
                        + " a batch double[batch][steps][features], with (steps, features) = (None, 1)");
        assertThatThrownBy(() -> inf.mask(new boolean[][] {{true, false}}).attributions())
                .isInstanceOf(ShapeException.class).hasMessage("mask: row 0 has 2 values but the input has 3 timesteps");
        assertThatThrownBy(() -> inf.gradient().byTimestep().share(3)).isInstanceOf(ShapeException.class)
                .hasMessage("lag 3 is outside the input; valid lags: t to t-2");
    }

    @Test
    void should_explain_which_methods_have_a_feature_axis_and_a_completeness_gap() {
        LayerInfluence inf = Influence.of(DelayLine.layer(2, 1)).onValues(0.1, 0.2, 0.3);

        assertThatThrownBy(() -> inf.occlusion(1).byFeature()).isInstanceOf(LstmException.class)
                .hasMessageContaining("occlusionPerFeature");
        assertThatThrownBy(() -> inf.gradient().attributions().completenessGap()).isInstanceOf(LstmException.class)
                .hasMessageContaining("not for gradient");
        assertThatThrownBy(() -> inf.occlusion(4).attributions()).isInstanceOf(ShapeException.class)
                .hasMessage("occlusion window 4 is longer than the input (3 steps)");
        assertThatThrownBy(() -> inf.integratedGradients(0)).isInstanceOf(LstmException.class)
                .hasMessageContaining("at least 1");
    }

    @Test
    void should_say_that_gate_targets_through_a_model_name_their_recurrent_layer() {
        ModelInfluence inf = Influence.of(Built.withHead(DelayLine.layer(2, 1), new double[][] {{1}, {2}}, null,
                Activation.LINEAR)).onValues(0.1, 0.2);

        assertThat(inf.gradient().attributions().output()).hasSize(1);
        assertThatThrownBy(() -> inf.target(Target.gate("forget", 0))).isInstanceOf(LstmException.class)
                .hasMessage("target gate \"forget\" of unit 0 at the last step: through a whole model a gate or cell"
                        + " target names its layer, influence.layer(name).gate(\"z\", 2) or .cell(2); recurrent layers"
                        + " of \"delay_line + Dense\": delay_line");
        assertThatThrownBy(() -> inf.layer("dense")).isInstanceOf(NameException.class)
                .hasMessage("Unknown recurrent layer \"dense\" at model \"delay_line + Dense\" (on the way to output"
                        + " \"dense\"); expected one of delay_line");
        assertThatThrownBy(() -> inf.layer("delay_line").gate("z", 0)).isInstanceOf(NameException.class)
                .hasMessageContaining("\"z\"");
        assertThatThrownBy(() -> inf.layer("delay_line").target(Target.unit(0))).isInstanceOf(LstmException.class)
                .hasMessageContaining("influence.unit(k)");
    }

    @Test
    void should_name_the_layer_when_a_dense_head_does_not_fit_it() {
        ModelInfluence inf = Influence.of(Built.withHead(DelayLine.layer(2, 1), new double[][] {{1}, {2}, {3}}, null,
                Activation.LINEAR)).onValues(0.1, 0.2);

        assertThatThrownBy(inf::attributions).isInstanceOf(ShapeException.class)
                .hasMessage("Dense \"dense\" expects 3 features on the last axis, got 2");
    }

    @Test
    void should_refuse_non_finite_inputs_naming_where_they_are() {
        LayerInfluence inf = Influence.of(DelayLine.layer(2, 1));

        assertThatThrownBy(() -> inf.onValues(0.1, Double.NaN, 0.3)).isInstanceOf(ShapeException.class)
                .hasMessage("input of \"delay_line\": sample 0, timestep 1, feature 0 is NaN; influence needs finite"
                        + " numbers (leave padding out with .mask(...) or a Masking layer's value)");
        assertThatThrownBy(() -> inf.baseline(org.lstmlens.core.SequenceBatch.ofValues(0, Double.POSITIVE_INFINITY)))
                .isInstanceOf(ShapeException.class).hasMessageStartingWith("baseline of \"delay_line\": sample 0, "
                        + "timestep 1, feature 0 is Infinity;");
    }

    @Test
    void should_choose_the_default_target_from_the_output_activation() {
        double[][][] x = RandomLstm.tensor(new Random(5), 3, 4, 1, 1);
        org.lstmlens.core.LstmLayer line = DelayLine.layer(3, 1);
        double[][] kernel = RandomLstm.matrix(new Random(6), 3, 3, 2);

        // one sigmoid unit: its probability; several: each sample's most probable unit, found by the model's predict
        Attribution one = Influence.of(Built.withHead(line, new double[][] {{1}, {2}, {3}}, null, Activation.SIGMOID))
                .on(x).gradient().attributions();
        Model three = Built.withHead(line, kernel, null, Activation.SIGMOID);
        Attribution predicted = Influence.of(three).on(x).gradient().attributions();
        double[][] p = three.predict(org.lstmlens.model.Tensor.of(x)).toArray2();
        StringBuilder classes = new StringBuilder();
        for (int b = 0; b < 3; b++) {
            int best = 0;
            for (int k = 1; k < 3; k++) {
                best = p[b][k] > p[b][best] ? k : best;
            }
            classes.append(b == 0 ? "" : ", ").append(best);
            assertThat(predicted.output()[b]).isCloseTo(p[b][best], within(TOL));
        }
        Attribution linear = Influence.of(Built.withHead(line, kernel, null, Activation.LINEAR)).on(x).gradient()
                .attributions();

        assertThat(one.target().describe()).isEqualTo("unit 0 at the last step");
        assertThat(predicted.target().describe()).isEqualTo("predicted class of each sample (" + classes
                + ") at the last step");
        assertThat(linear.target().describe()).isEqualTo("sum of outputs at the last step");
        Model constant = Model.sequential("constant", org.lstmlens.model.RecurrentLayer.of(line),
                new org.lstmlens.model.DenseLayer("dense", new double[][] {{1}, {2}, {3}}, null,
                        org.lstmlens.model.ActivationFunction.SOFTMAX));
        assertThatThrownBy(() -> Influence.of(constant).on(x).unit(0).attributions())
                .isInstanceOf(LstmException.class).hasMessage("target unit 0 at the last step of \"constant\": its"
                        + " output is a softmax over one unit, which is 1 for every input; there is no influence to "
                        + "explain (explain a layer below it: model.layer(name).influence(x))");
    }
}
