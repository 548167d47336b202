package org.lstmlens.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.lstmlens.testing.SeedQuestion2.BIAS;
import static org.lstmlens.testing.SeedQuestion2.EXPECTED_H;
import static org.lstmlens.testing.SeedQuestion2.INPUTS;
import static org.lstmlens.testing.SeedQuestion2.KERNEL;
import static org.lstmlens.testing.SeedQuestion2.PRINTED;
import static org.lstmlens.testing.SeedQuestion2.RECURRENT;

import org.junit.jupiter.api.Test;

/**
 * The second seed question answered through the DSL: in what order are the gates packed? With the weights and
 * outputs Keras printed there (see {@link org.lstmlens.testing.SeedQuestion2}), the order i, f, c, o reproduces
 * Keras's h to 1e-7 and the spelled-out arithmetic composes to those numbers; any other order does not.
 * The expected arithmetic line was computed by hand (Python: 0.83467698 * 0.30405849 = 0.25379062217656023,
 * + 1 = 1.2537906221765602, 0.2 * z + 0.5 = 0.7507581244353121), then written with 6 significant digits.
 */
class SeedQuestionDslTest {
    private final Lstm lstm = new Lstm();

    private LayerView seedLayer() {
        return lstm.layer(KERNEL, RECURRENT, BIAS).activations("tanh", "hard_sigmoid_keras2");
    }

    @Test
    void should_reproduce_the_printed_hidden_states_through_the_dsl() {
        RunView run = seedLayer().returnSequences(true).run(INPUTS);

        double[][] outputs = run.outputs();
        for (int t = 0; t < 4; t++) {
            assertThat(outputs[t]).as("h at step %d", t).containsExactly(EXPECTED_H[t], within(PRINTED));
            assertThat(run.step(t).h()).containsExactly(EXPECTED_H[t], within(PRINTED));
        }
        assertThat(run.h()).containsExactly(EXPECTED_H[3], within(PRINTED));
    }

    @Test
    void should_spell_out_the_forget_gate_of_unit_1_at_step_0() {
        UnitStepView f1 = seedLayer().run(INPUTS).step(0).gate("forget").unit(1);

        assertThat(f1.arithmetic()).isEqualTo("z_f[1] = x.W_f[:,1] + h_prev.U_f[:,1] + b_f[1] = 0.253791 + 0 + 1"
                + " = 1.25379; f = hard_sigmoid(1.25379) = 0.750758");
        assertThat(f1.inputPart()).isCloseTo(0.25379062217656023, within(1e-15));
        assertThat(f1.recurrentPart()).isZero();
        assertThat(f1.biasPart()).isEqualTo(1.0);
        assertThat(f1.value()).isCloseTo(0.7507581244353121, within(1e-15));
        assertThat(f1.toMimeBundle().plain()).contains("x.W_f[:,1] = 0.834677*0.304058 = 0.253791",
                "hard_sigmoid(z) = clip(0.2z + 0.5, 0, 1)");
    }

    @Test
    void should_rebuild_the_printed_h_of_step_1_from_the_spelled_out_gates() {
        StepView step = seedLayer().run(INPUTS).step(1);

        for (int k = 0; k < 3; k++) {
            double i = step.gate("i").unit(k).value();
            double f = step.gate("f").unit(k).value();
            double g = step.gate("g").unit(k).value();
            double o = step.gate("o").unit(k).value();
            double c = f * step.cPrev()[k] + i * g;
            double h = o * Math.tanh(c);
            assertThat(h).as("h[%d] from its parts", k).isCloseTo(EXPECTED_H[1][k], within(PRINTED));
            assertThat(step.unit(k).h()).isCloseTo(EXPECTED_H[1][k], within(PRINTED));
            assertThat(step.unit(k).gate("f").value()).isEqualTo(f);
            // and each z is the sum of its three printed parts
            UnitStepView zc = step.gate("c").unit(k);
            assertThat(zc.z()).isCloseTo(zc.inputPart() + zc.recurrentPart() + zc.biasPart(), within(1e-15));
        }
    }

    @Test
    void should_miss_the_printed_h_when_the_blocks_are_read_as_i_c_f_o() {
        // the same numbers with the f and c blocks swapped: what a reader assuming i, c, f, o would compute
        LayerView wrongOrder = lstm.layer(swapFC(KERNEL), swapFC(RECURRENT), swapFC(new double[][] {BIAS})[0])
                .activations("tanh", "hard_sigmoid_keras2");

        double[][] h = wrongOrder.run(INPUTS).outputs();

        double worst = 0;
        for (int t = 0; t < 4; t++) {
            for (int k = 0; k < 3; k++) {
                worst = Math.max(worst, Math.abs(h[t][k] - EXPECTED_H[t][k]));
            }
        }
        assertThat(worst).as("largest |h - printed h| with gates i, c, f, o").isGreaterThan(0.1);
    }

    private static double[][] swapFC(double[][] m) {
        int u = m[0].length / 4;
        double[][] out = new double[m.length][];
        for (int r = 0; r < m.length; r++) {
            out[r] = m[r].clone();
            System.arraycopy(m[r], u, out[r], 2 * u, u);
            System.arraycopy(m[r], 2 * u, out[r], u, u);
        }
        return out;
    }
}
