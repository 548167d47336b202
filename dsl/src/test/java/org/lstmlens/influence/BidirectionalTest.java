package org.lstmlens.influence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.lstmlens.core.Activation;
import org.lstmlens.core.LayerOutput;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.core.SequenceBatch;
import org.lstmlens.error.NameException;
import org.lstmlens.model.BidirectionalLayer;
import org.lstmlens.model.Model;
import org.lstmlens.model.RecurrentLayer;
import org.lstmlens.testing.RandomLstm;

/**
 * A Bidirectional LSTM against central finite differences of a forward pass written out here from Keras's rule: run
 * both layers on the same input and mask, flip the backward layer's output sequence back to input time (with
 * return_sequences), merge.
 */
class BidirectionalTest {
    static final double REL_TOL = 1e-6;
    static final double EPS = 1e-5;
    static final double EXACT = 1e-12;

    static double merged(String merge, LstmLayer f, LstmLayer b, double[][] x, boolean[] mask, int step, double[] w) {
        boolean[][] m = mask == null ? null : new boolean[][] {mask};
        LayerOutput fo = f.run(SequenceBatch.of(x), m, null, false);
        LayerOutput bo = b.run(SequenceBatch.of(x), m, null, false);
        int u = f.units();
        double sum = 0;
        for (int k = 0; k < u; k++) {
            double hf = f.returnSequences() ? fo.output(0, step, k) : fo.output(0, k);
            double hb = f.returnSequences() ? bo.output(0, x.length - 1 - step, k) : bo.output(0, k);
            switch (merge) {
                case "concat": sum += w[k] * hf + w[u + k] * hb; break;
                case "sum": sum += w[k] * (hf + hb); break;
                case "ave": sum += w[k] * (hf + hb) / 2; break;
                default: sum += w[k] * hf * hb;
            }
        }
        return sum;
    }

    /**
     * Keras 1/2's Bidirectional (each direction's own output at masked steps, as the reference above computes it) as
     * a one-layer model.
     */
    static Model bidirectional(LstmLayer f, LstmLayer b, String merge) {
        return Model.sequential("bi", new BidirectionalLayer("bi", RecurrentLayer.of(f), RecurrentLayer.of(b),
                BidirectionalLayer.Merge.parse(merge, "bi"), false));
    }

    /** A functional model whose outputs are a merge_mode=None Bidirectional's two, forward then backward. */
    static Model twoOutputs(LstmLayer f, LstmLayer b) {
        Model one = bidirectional(f, b, null);
        org.lstmlens.model.Call call = one.calls().get(0);
        return new Model("bi", "Functional", one.layers(), one.calls(), one.inputs(), java.util.List.of(call.output(0),
                call.output(1)), java.util.Map.of(), one.info());
    }

    @ParameterizedTest
    @ValueSource(strings = {"concat", "sum", "ave", "mul"})
    void should_match_finite_differences_for_every_merge_mode(String merge) {
        for (boolean sequences : new boolean[] {true, false}) {
            Random rnd = new Random(merge.hashCode() + (sequences ? 1 : 0));
            LstmLayer f = RandomLstm.layer(rnd, 2, 3, 1, Activation.TANH, Activation.SIGMOID, sequences, false);
            LstmLayer b = RandomLstm.layer(rnd, 2, 3, 1, Activation.TANH, Activation.SIGMOID, sequences, true);
            double[] w = RandomLstm.vector(rnd, merge.equals("concat") ? 6 : 3, 1);
            double[][][] x = RandomLstm.tensor(rnd, 2, 5, 2, 1);
            boolean[][] mask = {{true, true, true, true, true}, {true, false, true, true, false}};
            int step = sequences ? 1 : 4;
            Target target = sequences ? Target.weights(w).atStep(step) : Target.weights(w);

            Attribution a = Influence.of(bidirectional(f, b, merge)).on(x).mask(mask).target(target).gradient()
                    .attributions();

            double worst = 0;
            double scale = 0;
            for (int s = 0; s < 2; s++) {
                assertThat(a.output()[s]).isCloseTo(merged(merge, f, b, x[s], mask[s], step, w), within(EXACT));
                for (int t = 0; t < 5; t++) {
                    for (int j = 0; j < 2; j++) {
                        double[][] plus = AttributionMethodsTest.copy(x[s]);
                        double[][] minus = AttributionMethodsTest.copy(x[s]);
                        plus[t][j] += EPS;
                        minus[t][j] -= EPS;
                        double numeric = (merged(merge, f, b, plus, mask[s], step, w)
                                - merged(merge, f, b, minus, mask[s], step, w)) / (2 * EPS);
                        worst = Math.max(worst, Math.abs(numeric - a.value(s, t, j)));
                        scale = Math.max(scale, Math.abs(a.value(s, t, j)));
                    }
                }
            }
            assertThat(scale).isGreaterThan(1e-3);
            assertThat(worst / scale).as("%s, sequences=%s", merge, sequences).isLessThanOrEqualTo(REL_TOL);
        }
    }

    @Test
    void should_match_finite_differences_for_each_output_of_merge_mode_none() {
        for (boolean sequences : new boolean[] {true, false}) {
            Random rnd = new Random(sequences ? 71 : 72);
            LstmLayer f = RandomLstm.layer(rnd, 2, 3, 1, Activation.TANH, Activation.SIGMOID, sequences, false);
            LstmLayer b = RandomLstm.layer(rnd, 2, 3, 1, Activation.TANH, Activation.SIGMOID, sequences, true);
            double[] w = RandomLstm.vector(rnd, 3, 1);
            double[][][] x = RandomLstm.tensor(rnd, 2, 5, 2, 1);
            int step = sequences ? 1 : 4;
            for (int output = 0; output < 2; output++) {
                // output 0 is the forward direction, output 1 the backward one: concat's halves, one at a time
                double[] half = new double[6];
                System.arraycopy(w, 0, half, 3 * output, 3);
                Target target = sequences ? Target.weights(w).atStep(step) : Target.weights(w);

                Attribution a = Influence.of(twoOutputs(f, b)).on(x).output(output).target(target)
                        .gradient().attributions();

                double worst = 0;
                double scale = 0;
                for (int s = 0; s < 2; s++) {
                    assertThat(a.output()[s]).isCloseTo(merged("concat", f, b, x[s], null, step, half),
                            within(EXACT));
                    for (int t = 0; t < 5; t++) {
                        for (int j = 0; j < 2; j++) {
                            double[][] plus = AttributionMethodsTest.copy(x[s]);
                            double[][] minus = AttributionMethodsTest.copy(x[s]);
                            plus[t][j] += EPS;
                            minus[t][j] -= EPS;
                            double numeric = (merged("concat", f, b, plus, null, step, half)
                                    - merged("concat", f, b, minus, null, step, half)) / (2 * EPS);
                            worst = Math.max(worst, Math.abs(numeric - a.value(s, t, j)));
                            scale = Math.max(scale, Math.abs(a.value(s, t, j)));
                        }
                    }
                }
                assertThat(scale).isGreaterThan(1e-3);
                assertThat(worst / scale).as("output %d, sequences=%s", output, sequences)
                        .isLessThanOrEqualTo(REL_TOL);
                assertThat(a.where()).isEqualTo("output \"bi[" + output + "]\"");
            }
        }
    }

    @Test
    void should_name_the_valid_merge_modes() {
        assertThatThrownBy(() -> BidirectionalLayer.Merge.parse("max", "bi")).isInstanceOf(NameException.class)
                .hasMessage("Unknown merge_mode \"max\" at Bidirectional \"bi\"; expected one of concat, sum, mul, ave,"
                        + " null");
    }
}
