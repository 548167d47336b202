package org.lstmlens.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.lstmlens.core.CellStep;
import org.lstmlens.core.Gate;
import org.lstmlens.error.ShapeException;

/**
 * Runs seen through the DSL agree with themselves by independent routes: a batch sample equals the sample run alone,
 * go_backwards equals a forward run on the reversed input, a step's h equals the output at that step, gate values lie
 * where their activation puts them, a masked step is reported as such and repeats the previous output (Keras's
 * masking semantics).
 */
class RunViewTest {
    private static final double TANH = 1e-15;
    private static final double REORDERED = 1e-12;
    private final Lstm lstm = new Lstm();
    private final LayerView layer = lstm.random(2, 3, 5).activations("tanh", "hard_sigmoid_keras2");
    private final double[][] x0 = {{1, 2}, {0.5, -1}, {0, 0.25}, {3, 1}};
    private final double[][] x1 = {{1, 1}, {2, -2}, {-3, 3}, {4, 0.5}};

    @Test
    void should_show_a_batch_sample_as_that_sample_run_alone() {
        RunView batch = layer.run(new double[][][] {x0, x1});
        RunView alone = layer.run(x1);

        assertThat(batch.samples()).isEqualTo(2);
        for (int s = 0; s < 4; s++) {
            assertThat(batch.sample(1).outputs()[s]).containsExactly(alone.outputs()[s], within(REORDERED));
        }
        assertThat(batch.sample(1).h()).containsExactly(alone.h(), within(REORDERED));
        assertThat(batch.sample(1).c()).containsExactly(alone.c(), within(REORDERED));
        assertThat(batch.step(2).sample(1).h()).containsExactly(alone.step(2).h(), within(REORDERED));
    }

    @Test
    void should_equal_a_forward_run_on_the_reversed_input_when_going_backwards() {
        double[][] reversed = {x0[3], x0[2], x0[1], x0[0]};

        RunView backwards = layer.goBackwards(true).run(x0);
        RunView forward = layer.run(reversed);

        for (int s = 0; s < 4; s++) {
            assertThat(backwards.outputs()[s]).containsExactly(forward.outputs()[s], within(REORDERED));
            assertThat(backwards.step(s).timestep()).isEqualTo(3 - s);
        }
        assertThat(backwards.output()).containsExactly(forward.output(), within(REORDERED));
    }

    @Test
    void should_give_each_step_the_output_at_that_step_and_chain_the_state() {
        RunView run = layer.run(x0);

        for (int s = 0; s < 4; s++) {
            assertThat(run.step(s).h()).containsExactly(run.outputs()[s]);
            if (s > 0) {
                assertThat(run.step(s).hPrev()).containsExactly(run.step(s - 1).h());
                assertThat(run.step(s).cPrev()).containsExactly(run.step(s - 1).c());
            }
        }
        assertThat(run.step(0).hPrev()).containsOnly(0.0);
        assertThat(run.output()).containsExactly(run.outputs()[3]);
    }

    @Test
    void should_keep_sigmoid_gates_in_the_unit_interval_and_match_the_step_views() {
        RunView run = layer.run(x0);

        double[][] f = run.gate("f").values();
        double[][] g = run.gate("candidate").values();
        for (int s = 0; s < 4; s++) {
            for (int k = 0; k < 3; k++) {
                // the layer loop adds b before h.U, the spelled-out step after: only rounding may differ
                assertThat(f[s][k]).isBetween(0.0, 1.0)
                        .isCloseTo(run.step(s).gate("f").unit(k).value(), within(REORDERED));
                // the layer's tanh is Cephes's rational form, within 1e-15 of the JDK's
                assertThat(g[s][k]).isBetween(-1.0, 1.0).isCloseTo(Math.tanh(run.gate("c").z()[s][k]), within(TANH));
            }
        }
        assertThat(run.gate("f").unit(2).values()).containsExactly(f[0][2], f[1][2], f[2][2], f[3][2]);
    }

    @Test
    void should_report_a_masked_step_and_repeat_the_previous_output() {
        RunView run = layer.run(x0, new boolean[] {true, true, false, true});

        StepView masked = run.step(2);
        assertThat(masked.active()).isFalse();
        assertThat(masked.h()).containsExactly(run.step(1).h());
        assertThat(run.outputs()[2]).containsExactly(run.outputs()[1]);
        // what the cell computed there (and Keras discarded) is still shown, recomputed from the carried state
        CellStep discarded = masked.cellStep();
        assertThat(run.gate("o").values()[2][1]).isEqualTo(discarded.gate(Gate.O, 1));
        assertThat(masked.toMimeBundle().plain()).contains("masked: Keras discarded this step's result");
    }

    @Test
    void should_start_from_the_given_initial_state() {
        double[][] h0 = {{0.5, -0.5, 0.25}};
        double[][] c0 = {{1, 0, -1}};

        RunView run = layer.run(new double[][][] {x0}, null, h0, c0);

        assertThat(run.step(0).hPrev()).containsExactly(h0[0]);
        assertThat(run.step(0).cPrev()).containsExactly(c0[0]);
        assertThat(run.h()).isNotEqualTo(layer.run(x0).h());
    }

    @Test
    void should_name_the_valid_steps_and_samples() {
        RunView run = layer.run(x0);

        assertThatThrownBy(() -> run.step(4)).isInstanceOf(ShapeException.class)
                .hasMessage("step 4 is out of range at layer \"lstm\" run; valid: 0..3");
        assertThatThrownBy(() -> run.sample(1)).isInstanceOf(ShapeException.class)
                .hasMessage("sample 1 is out of range at layer \"lstm\" run; valid: 0");
        assertThatThrownBy(() -> run.step(0).gate("f").unit(7)).isInstanceOf(ShapeException.class)
                .hasMessage("unit 7 is out of range at layer \"lstm\" run step 0 gate f; valid: 0..2");
    }

    @Test
    void should_describe_itself_in_one_line_with_its_path() {
        RunView run = layer.run(x0);

        assertThat(run.toString()).isEqualTo("layer \"lstm\" run: 1 sample x 4 steps -> 3 units");
        assertThat(run.step(1).gate("f").unit(2).toString()).startsWith("layer \"lstm\" run step 1 gate f unit 2: z = ");
        assertThat(run.gate("f").toString()).isEqualTo("layer \"lstm\" run gate f (forget gate,"
                + " hard_sigmoid(0.2x+0.5)): 4 steps x 3 units");
    }
}
