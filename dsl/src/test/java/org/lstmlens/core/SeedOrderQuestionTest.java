package org.lstmlens.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The second seed question (input_dim 1, units 3): the weights it printed, tanh and Keras 2's hard_sigmoid
 * (0.2x+0.5). The expected h values are the ones the issue quotes, computed outside this project.
 */
class SeedOrderQuestionTest {
    static final double[][] KERNEL = {{-0.40927699, -0.53539848, 0.40065038, -0.07722378, 0.30405849, 0.54959822,
        -0.23097005, 0.4720422, 0.05197877, -0.52746099, -0.5856396, -0.43691438}};
    static final double[][] RECURRENT = {
        {-0.25504839, -0.0823682, 0.11609183, 0.41123426, 0.03409858, -0.0647027, -0.59183347, -0.15359771,
            0.21647622, 0.24863823, 0.46169096, -0.21100986},
        {0.29160395, 0.46513283, 0.33996364, -0.31195125, -0.24458826, -0.09762905, 0.16202784, -0.01602131,
            0.34460208, 0.39724654, 0.31806156, 0.1102117},
        {-0.15919448, -0.33053166, -0.22857222, -0.04912394, -0.21862955, 0.55346996, 0.38505834, 0.18110731,
            0.270677, -0.02759281, 0.42814475, -0.13496138}};
    static final double[] BIAS = {0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0};
    static final double[][] EXPECTED_H = {
        {-0.03378818, 0.06142151, 0.01049471},
        {-0.02532322, 0.06548612, 0.01415109},
        {0.02407982, -0.02088694, 0.00881938},
        {-0.00428293, 0.01764741, 0.00954552}};

    static LstmLayer seedLayer() {
        LstmCell cell = new LstmCell(LstmWeights.of(KERNEL, RECURRENT, BIAS), Activation.TANH,
                Activation.HARD_SIGMOID_KERAS2);
        return new LstmLayer("lstm_1", cell, true, false);
    }

    @Test
    void should_reproduce_the_printed_hidden_states_step_by_step() {
        LayerOutput out = seedLayer().run(SequenceBatch.ofValues(0.83467698, 0.1, -0.5, 0.3));

        for (int t = 0; t < 4; t++) {
            for (int k = 0; k < 3; k++) {
                assertThat(out.output(0, t, k)).as("h[t=%d][%d]", t, k).isCloseTo(EXPECTED_H[t][k], within(1e-7));
            }
        }
        assertThat(out.state().h(0)).containsExactly(EXPECTED_H[3], within(1e-7));
    }

    @Test
    void should_give_the_same_first_step_from_the_cell_alone() {
        CellStep step = seedLayer().cell().step(new double[] {0.83467698}, new double[3], new double[3]);

        assertThat(step.h()).containsExactly(EXPECTED_H[0], within(1e-7));
        // the forget block is the one whose bias is 1: z_f = x * W_f + 1
        assertThat(step.biasPart(Gate.F, 0)).isEqualTo(1.0);
        assertThat(step.z(Gate.F, 1)).isCloseTo(0.83467698 * 0.30405849 + 1, within(1e-15));
    }
}
