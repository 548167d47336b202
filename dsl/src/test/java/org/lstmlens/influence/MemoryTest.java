package org.lstmlens.influence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.lstmlens.core.Activation;
import org.lstmlens.core.Gate;
import org.lstmlens.core.LstmCell;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.core.LstmWeights;
import org.lstmlens.core.SequenceBatch;
import org.lstmlens.error.LstmException;

/**
 * Forget-gate products on a two-unit layer whose forget gates are known by hand: unit 0 has W_f = 1, U_f = 0, b_f = 0,
 * so f = sigmoid(x), and x = ln 3, 0, -ln 3 give f = 3/4, 1/2, 1/4; unit 1 has b_f = ln 9 only, so f = 9/10 at every
 * step. The other gates have arbitrary weights: they do not enter the products.
 */
class MemoryTest {
    static final double TOL = 1e-12;
    static final double LN3 = Math.log(3);
    static final SequenceBatch X = SequenceBatch.ofValues(0.2, LN3, 0, -LN3);

    static LstmLayer layer(boolean backwards) {
        int u = 2;
        double[][] kernel = new double[1][4 * u];
        double[][] recurrent = new double[u][4 * u];
        double[] bias = new double[4 * u];
        kernel[0][Gate.F.column(u, 0)] = 1;
        bias[Gate.F.column(u, 1)] = Math.log(9);
        kernel[0][Gate.I.column(u, 0)] = 0.7;
        kernel[0][Gate.C.column(u, 1)] = -0.4;
        recurrent[1][Gate.O.column(u, 0)] = 0.3;
        recurrent[0][Gate.C.column(u, 1)] = 0.9;
        LstmCell cell = new LstmCell(LstmWeights.of(kernel, recurrent, bias), Activation.TANH, Activation.SIGMOID);
        return new LstmLayer("tiny", cell, false, backwards);
    }

    @Test
    void should_multiply_the_later_forget_gates() {
        Memory m = Memory.of(layer(false), X);

        // written at the last step: all of it is there; one step earlier: f3; two: f2 * f3; three: f1 * f2 * f3
        assertThat(m.survival(0, 0, 0)).isCloseTo(1, within(TOL));
        assertThat(m.survival(0, 1, 0)).isCloseTo(0.25, within(TOL));
        assertThat(m.survival(0, 2, 0)).isCloseTo(0.125, within(TOL));
        assertThat(m.survival(0, 3, 0)).isCloseTo(0.09375, within(TOL));
        assertThat(m.survival(0, 3, 1)).isCloseTo(0.729, within(TOL));
        assertThat(m.survival(2)).isCloseTo((0.125 + 0.81) / 2, within(TOL));
        assertThat(m.unit(0).survival(2)).isCloseTo(0.125, within(TOL));
    }

    @Test
    void should_find_the_horizon_at_the_users_threshold() {
        Memory unit0 = Memory.of(layer(false), X).unit(0);

        assertThat(unit0.horizon()).isEqualTo(2);                 // 0.125 >= 0.1 > 0.09375
        assertThat(unit0.threshold(0.2).horizon()).isEqualTo(1);  // 0.25 >= 0.2 > 0.125
        assertThat(unit0.threshold(0.09).remembersWholeWindow()).isTrue();
        assertThat(unit0.remembersWholeWindow()).isFalse();
        assertThat(Memory.of(layer(false), X).unitHorizons()).containsExactly(2, 3);
        assertThat(unit0.toString()).isEqualTo("Memory[tiny, unit 0, 4 steps, horizon t-2 (survival below 10 % from t-3)]");
    }

    @Test
    void should_shift_lags_by_one_for_a_forecast() {
        Memory m = Memory.of(layer(false), X).unit(0).predictsNextStep();

        assertThat(m.survival(1)).isCloseTo(1, within(TOL));
        assertThat(m.survival(3)).isCloseTo(0.125, within(TOL));
        assertThat(m.horizon()).isEqualTo(3);
        assertThatThrownBy(() -> m.survival(0)).hasMessage("lag 0 is outside the input; valid lags: 1..4 (t-1 to t-4)");
        assertThat(m.toMimeBundle().plain()).contains(": t-1: 100 %, t-2: 25 %, t-3: 13 %, t-4: 9 %;");
    }

    @Test
    void should_count_a_masked_step_as_keeping_everything() {
        Memory m = Memory.of(layer(false), X, new boolean[][] {{true, true, false, true}}).unit(0);

        assertThat(m.survival(0, 2, 0)).isCloseTo(0.25, within(TOL));
        assertThat(m.survival(0, 3, 0)).isCloseTo(0.75 * 0.25, within(TOL));
    }

    @Test
    void should_follow_the_processing_order_of_go_backwards() {
        Memory m = Memory.of(layer(true), X).unit(0);

        // processing reads -ln3, 0, ln3, 0.2: the last forget gate is sigmoid(0.2)
        double f02 = 1 / (1 + Math.exp(-0.2));
        assertThat(m.survival(0, 1, 0)).isCloseTo(f02, within(TOL));
        assertThat(m.survival(0, 3, 0)).isCloseTo(0.5 * 0.75 * f02, within(TOL));
    }

    @Test
    void should_reject_a_threshold_that_is_not_a_fraction() {
        Memory m = Memory.of(layer(false), X);

        assertThatThrownBy(() -> m.threshold(1.5)).isInstanceOf(LstmException.class)
                .hasMessageContaining("memory threshold 1.5").hasMessageContaining("between 0 and 1");
    }

    @Test
    void should_render_text_html_and_svg() {
        var bundle = Memory.of(layer(false), X).toMimeBundle();

        assertThat(bundle.plain()).startsWith("forget-gate memory of \"tiny\" (mean of 2 units): t: 100 %, t-1: ");
        assertThat(bundle.get("text/html")).contains("<table").contains("<svg");
        assertThat(bundle.get("image/svg+xml")).startsWith("<svg");
    }
}
