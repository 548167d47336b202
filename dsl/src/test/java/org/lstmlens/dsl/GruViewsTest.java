package org.lstmlens.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lstmlens.render.Num;
import org.lstmlens.testing.ReferenceSteps;
import org.lstmlens.testing.ReferenceSteps.GruStep;

/**
 * What the GRU views show, number by number, against {@link ReferenceSteps}'s float64 loops written from
 * KERAS_FORMATS.md Part 2 §2: each step's z, r, hh and h, each unit's terms (x.W, h_prev.U, b, b', the term r
 * multiplies), the gate values over time, and the arithmetic a user reads, for reset_after True ((2, 3u) bias, r after
 * the recurrent product) and False ((3u,) bias, r before it), with sigmoid and Keras 2's hard_sigmoid gates.
 */
class GruViewsTest {
    private static final double TOL = 1e-12;
    static final int U = 3;
    static final double[][] KERNEL = {
        {0.31, -0.42, 0.17, 0.55, -0.23, 0.08, -0.61, 0.44, 0.29},
        {-0.12, 0.36, -0.48, 0.21, 0.67, -0.35, 0.14, -0.27, 0.52}};
    static final double[][] RECURRENT = {
        {0.25, -0.11, 0.43, -0.38, 0.19, 0.57, 0.06, -0.49, 0.33},
        {-0.46, 0.28, 0.09, 0.41, -0.24, -0.13, 0.62, 0.18, -0.37},
        {0.15, 0.53, -0.31, -0.07, 0.45, 0.26, -0.22, 0.39, 0.11}};
    static final double[] B0 = {0.1, -0.2, 0.05, 0.3, -0.15, 0.25, -0.05, 0.12, 0.4};
    static final double[] B1 = {-0.3, 0.22, 0.07, -0.18, 0.35, -0.09, 0.6, -0.41, 0.16};
    static final double[][] X = {{1, 2}, {0.5, -1}, {-0.3, 0.8}, {2, -0.6}};
    private static final String[] GATES = {"z", "r", "h"};

    private final Lstm lstm = new Lstm();

    /** A GRU as Keras prints it: a (2, 3u) bias for reset_after=True, a (3u,) one for False. */
    LayerView gru(boolean resetAfter, String recurrentActivation) {
        LayerView g = resetAfter ? lstm.gru(KERNEL, RECURRENT, new double[][] {B0, B1})
                : lstm.gru(KERNEL, RECURRENT, B0);
        return g.activations("tanh", recurrentActivation);
    }

    static GruStep[] reference(boolean resetAfter, String recurrentActivation, double[][] x) {
        DoubleUnaryOperator rec = recurrentActivation.equals("sigmoid") ? ReferenceSteps.SIGMOID
                : ReferenceSteps.HARD_SIGMOID_KERAS2;
        return ReferenceSteps.gruRun(KERNEL, RECURRENT, B0, resetAfter ? B1 : new double[3 * U], resetAfter, rec,
                ReferenceSteps.TANH, x, new double[U]);
    }

    @ParameterizedTest
    @CsvSource({"true, sigmoid", "false, sigmoid", "true, hard_sigmoid_keras2", "false, hard_sigmoid_keras2"})
    void should_show_every_step_gate_and_output_as_the_keras_formulas_compute_them(boolean resetAfter, String rec) {
        RunView run = gru(resetAfter, rec).run(X);
        GruStep[] ref = reference(resetAfter, rec, X);

        for (int t = 0; t < X.length; t++) {
            assertThat(run.outputs()[t]).as("output at step %d", t).containsExactly(ref[t].h, within(TOL));
            assertThat(run.step(t).h()).containsExactly(ref[t].h, within(TOL));
            for (int g = 0; g < 3; g++) {
                GateStepView gate = run.step(t).gate(GATES[g]);
                assertThat(gate.values()).as("%s at step %d", GATES[g], t).containsExactly(ref[t].value[g], within(TOL));
                assertThat(gate.z()).as("z_%s at step %d", GATES[g], t).containsExactly(ref[t].pre[g], within(TOL));
                for (int k = 0; k < U; k++) {
                    assertThat(run.gate(GATES[g]).values()[t][k]).isCloseTo(ref[t].value[g][k], within(TOL));
                }
            }
        }
        assertThat(run.h()).containsExactly(ref[X.length - 1].h, within(TOL));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void should_give_each_unit_its_terms_and_say_which_bias_is_which(boolean resetAfter) {
        RunView run = gru(resetAfter, "sigmoid").run(X);
        GruStep ref = reference(resetAfter, "sigmoid", X)[2];
        double[] b1 = resetAfter ? B1 : new double[3 * U];

        for (int g = 0; g < 3; g++) {
            for (int k = 0; k < U; k++) {
                UnitStepView unit = run.step(2).gate(GATES[g]).unit(k);
                assertThat(unit.inputPart()).isCloseTo(ref.xk[g][k], within(TOL));
                assertThat(unit.recurrentPart()).isCloseTo(ref.hu[g][k], within(TOL));
                assertThat(unit.biasPart()).isEqualTo(B0[g * U + k]);
                assertThat(unit.recurrentBiasPart()).isEqualTo(b1[g * U + k]);
                assertThat(unit.z()).isCloseTo(ref.pre[g][k], within(TOL));
                assertThat(unit.value()).isCloseTo(ref.value[g][k], within(TOL));
            }
        }
        for (int k = 0; k < U; k++) {
            assertThat(run.step(2).gate("h").unit(k).recurrentCandidate()).isCloseTo(ref.candidateTerm[k], within(TOL));
        }
    }

    @org.junit.jupiter.api.Test
    void should_spell_out_r_after_the_recurrent_product_with_reset_after_true() {
        GruStep p = reference(true, "sigmoid", X)[1];
        GruStep s = reference(true, "sigmoid", X)[2];
        int k = 1;

        String arithmetic = gru(true, "sigmoid").run(X).step(2).gate("r").unit(k).arithmetic();

        assertThat(arithmetic).isEqualTo(
                "z_r[1] = x.W_r[:,1] + h_prev.U_r[:,1] + b_r[1] + b'_r[1] = " + f(s.xk[1][k]) + " + " + f(s.hu[1][k])
                + " + -0.15 + 0.35 = " + f(s.pre[1][k]) + "; r = sigmoid(" + f(s.pre[1][k]) + ") = " + f(s.value[1][k])
                + "\nz_h[1] = x.W_h[:,1] + b_h[1] + r[1] * (h_prev.U_h[:,1] + b'_h[1]) = " + f(s.xk[2][k]) + " + 0.12 + "
                + f(s.value[1][k]) + " * (" + f(s.hu[2][k]) + " + -0.41) = " + f(s.pre[2][k]) + "; hh = tanh("
                + f(s.pre[2][k]) + ") = " + f(s.value[2][k])
                + "\nh[1] = z[1] * h_prev[1] + (1 - z[1]) * hh[1] = " + fac(s.value[0][k]) + " * " + fac(p.h[k])
                + " + (1 - " + fac(s.value[0][k]) + ") * " + fac(s.value[2][k]) + " = " + f(s.h[k]));
    }

    @org.junit.jupiter.api.Test
    void should_spell_out_r_before_the_recurrent_product_with_reset_after_false() {
        GruStep p = reference(false, "hard_sigmoid_keras2", X)[1];
        GruStep s = reference(false, "hard_sigmoid_keras2", X)[2];
        int k = 2;

        UnitStepView unit = gru(false, "hard_sigmoid_keras2").run(X).step(2).gate("reset").unit(k);

        assertThat(unit.arithmetic()).isEqualTo(
                "z_r[2] = x.W_r[:,2] + h_prev.U_r[:,2] + b_r[2] = " + f(s.xk[1][k]) + " + " + f(s.hu[1][k])
                + " + 0.25 = " + f(s.pre[1][k]) + "; r = hard_sigmoid(" + f(s.pre[1][k]) + ") = " + f(s.value[1][k])
                + "\nz_h[2] = x.W_h[:,2] + b_h[2] + (r * h_prev).U_h[:,2] = " + f(s.xk[2][k]) + " + 0.4 + "
                + f(s.candidateTerm[k]) + " = " + f(s.pre[2][k]) + "; hh = tanh(" + f(s.pre[2][k]) + ") = "
                + f(s.value[2][k])
                + "\nh[2] = z[2] * h_prev[2] + (1 - z[2]) * hh[2] = " + fac(s.value[0][k]) + " * " + fac(p.h[k])
                + " + (1 - " + fac(s.value[0][k]) + ") * " + fac(s.value[2][k]) + " = " + f(s.h[k]));
        // the candidate's own view writes out the product r * h_prev enters, term by term
        String details = gru(false, "hard_sigmoid_keras2").run(X).step(2).gate("h").unit(k).toMimeBundle().plain();
        StringBuilder dot = new StringBuilder("(r * h_prev).U_h[:,2] = ");
        for (int i = 0; i < U; i++) {
            dot.append(i == 0 ? "" : " + ").append(fac(s.value[1][i] * p.h[i])).append("*")
                    .append(fac(RECURRENT[i][2 * U + k]));
        }
        assertThat(details).contains(dot.append(" = ").append(f(s.candidateTerm[k])).toString());
        assertThat(unit.toMimeBundle().plain()).contains("hard_sigmoid(z) = clip(0.2z + 0.5, 0, 1)   (Keras 1/2,"
                + " tf.keras <= 2.15)");
    }

    @org.junit.jupiter.api.Test
    void should_show_the_update_of_every_unit_in_the_step_and_unit_views() {
        GruStep p = reference(true, "sigmoid", X)[0];
        GruStep s = reference(true, "sigmoid", X)[1];
        StepView step = gru(true, "sigmoid").run(X).step(1);

        for (int k = 0; k < U; k++) {
            String line = "h[" + k + "] = z[" + k + "] * h_prev[" + k + "] + (1 - z[" + k + "]) * hh[" + k + "] = "
                    + fac(s.value[0][k]) + " * " + fac(p.h[k]) + " + (1 - " + fac(s.value[0][k]) + ") * "
                    + fac(s.value[2][k]) + " = " + f(s.h[k]);
            assertThat(step.toMimeBundle().plain()).contains(line);
            assertThat(step.unit(k).toMimeBundle().plain()).endsWith(line);
            assertThat(step.unit(k).h()).isCloseTo(s.h[k], within(TOL));
        }
        assertThat(step.toMimeBundle().plain()).contains("\tz_z\tz\tz_r\tr\tz_h\thh\th_prev\th\n");
        assertThat(step.toString()).isEqualTo("layer \"gru\" run step 1 (timestep 1): z 3x3, h = " + Num.format(s.h));
    }

    @org.junit.jupiter.api.Test
    void should_start_from_a_given_h0_and_read_backwards_like_the_reversed_input() {
        double[] h0 = {0.5, -0.25, 0.1};
        GruStep[] fromH0 = ReferenceSteps.gruRun(KERNEL, RECURRENT, B0, B1, true, ReferenceSteps.SIGMOID,
                ReferenceSteps.TANH, X, h0);
        double[][] reversed = {X[3], X[2], X[1], X[0]};
        GruStep[] back = reference(true, "sigmoid", reversed);

        RunView run = gru(true, "sigmoid").run(new double[][][] {X}, null, new double[][] {h0});
        RunView backwards = gru(true, "sigmoid").goBackwards(true).run(X);

        assertThat(run.step(0).hPrev()).containsExactly(h0);
        for (int t = 0; t < X.length; t++) {
            assertThat(run.outputs()[t]).containsExactly(fromH0[t].h, within(TOL));
            assertThat(backwards.outputs()[t]).containsExactly(back[t].h, within(TOL));
            assertThat(backwards.step(t).gate("z").values()).containsExactly(back[t].value[0], within(TOL));
        }
    }

    @org.junit.jupiter.api.Test
    void should_carry_h_over_a_masked_step_and_say_so() {
        GruStep[] ref = reference(true, "sigmoid", new double[][] {X[0], X[1], X[3]});

        RunView run = gru(true, "sigmoid").run(X, new boolean[] {true, true, false, true});

        assertThat(run.outputs()[2]).containsExactly(ref[1].h, within(TOL));
        assertThat(run.output()).containsExactly(ref[2].h, within(TOL));
        assertThat(run.step(2).active()).isFalse();
        assertThat(run.step(2).toMimeBundle().plain()).contains("masked: Keras discarded this step's result; h is"
                + " carried over and the output repeats the previous one");
        assertThat(run.step(2).gate("z").unit(0).toMimeBundle().plain())
                .endsWith("masked step: Keras discarded this result and carried h over");
    }

    static String f(double v) {
        return Num.format(v);
    }

    static String fac(double v) {
        return Num.factor(v);
    }

    @org.junit.jupiter.api.Test
    void should_name_the_update_gates_pre_activation_apart_from_its_value() {
        GruStep ref = reference(true, "sigmoid", X)[1];
        String line = gru(true, "sigmoid").run(X).step(1).gate("z").unit(2).toString();
        assertThat(line).isEqualTo("layer \"gru\" run step 1 gate z unit 2: z_z = "
                + Num.format(ref.pre[0][2]) + ", z = " + Num.format(ref.value[0][2]));
    }

    static double[] block(double[] row, int band) {
        return Arrays.copyOfRange(row, band * U, band * U + U);
    }
}
