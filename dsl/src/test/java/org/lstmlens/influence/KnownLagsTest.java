package org.lstmlens.influence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lstmlens.core.Activation;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.testing.Built;
import org.lstmlens.testing.DelayLine;
import org.lstmlens.testing.RandomLstm;

/**
 * On hand-designed delay lines ({@link DelayLine}) the truth is known by construction: the output depends on the
 * chosen lags alone, so every method must rank them first and give every other timestep exactly nothing.
 */
class KnownLagsTest {
    static final double EXACT = 1e-12;

    enum How {
        GRADIENT(i -> i.gradient()),
        GRADIENT_X_INPUT(i -> i.gradientTimesInput()),
        INTEGRATED_GRADIENTS(i -> i.integratedGradients(64)),
        OCCLUSION(i -> i.occlusion(1)),
        OCCLUSION_PER_FEATURE(i -> i.occlusionPerFeature(1));

        final UnaryOperator<Influence<?>> choose;

        How(UnaryOperator<Influence<?>> choose) {
            this.choose = choose;
        }
    }

    static double[][][] inputs() {
        return RandomLstm.tensor(new Random(17), 16, 12, 1, 1);
    }

    @ParameterizedTest
    @EnumSource(How.class)
    void should_rank_lag_5_first_when_the_output_is_the_input_from_5_steps_ago(How how) {
        LstmLayer line = DelayLine.layer(6, 1);
        double[][] pick = new double[6][1];
        pick[5][0] = 1;
        ModelInfluence inf = Influence.of(Built.withHead(line, pick, null, Activation.LINEAR)).on(inputs());

        TimestepInfluence byLag = how.choose.apply(inf).byTimestep();

        assertThat(byLag.top(1)).containsExactly(5);
        assertThat(byLag.share(5)).isCloseTo(1, within(EXACT));
        assertThat(byLag.text()).contains("t-5: 100 % ± 0 %").contains("t-4: 0 %");
    }

    @ParameterizedTest
    @EnumSource(How.class)
    void should_find_in_each_units_cell_state_the_input_it_holds(How how) {
        LayerInfluence inf = Influence.of(DelayLine.layer(4, 1)).on(inputs());

        for (int j = 0; j < 4; j++) {
            TimestepInfluence byLag = how.choose.apply(inf.cell(j)).byTimestep();

            assertThat(byLag.top(1)).as("cell of unit %d", j).containsExactly(j);
            assertThat(byLag.share(j)).isCloseTo(1, within(EXACT));
        }
    }

    @ParameterizedTest
    @EnumSource(How.class)
    void should_rank_lags_2_and_7_first_for_x_t_minus_2_minus_0_8_x_t_minus_7(How how) {
        LstmLayer line = DelayLine.layer(8, 1);
        double[][] head = new double[8][1];
        head[2][0] = 1;
        head[7][0] = -0.8;
        ModelInfluence inf = Influence.of(Built.withHead(line, head, null, Activation.LINEAR)).on(inputs());

        TimestepInfluence byLag = how.choose.apply(inf).byTimestep();

        assertThat(byLag.top(2)).containsExactlyInAnyOrder(2, 7);
        assertThat(byLag.share(2) + byLag.share(7)).isCloseTo(1, within(EXACT));
    }
}
