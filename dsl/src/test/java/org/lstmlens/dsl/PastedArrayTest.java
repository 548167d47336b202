package org.lstmlens.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.lstmlens.testing.SeedQuestion2.EXPECTED_H;
import static org.lstmlens.testing.SeedQuestion2.INPUTS;
import static org.lstmlens.testing.SeedQuestion2.KERNEL;
import static org.lstmlens.testing.SeedQuestion2.PRINTED;

import org.junit.jupiter.api.Test;
import org.lstmlens.error.ShapeException;

/**
 * Weights pasted as Python prints them: numpy's space-separated form, lists with commas, {@code array(...)} with a
 * dtype. The numbers are the seed question's (see {@link org.lstmlens.testing.SeedQuestion2}), typed in the three
 * print styles; a layer built from the text reproduces Keras's printed h.
 */
class PastedArrayTest {
    private static final String NUMPY_KERNEL = "[[-0.40927699 -0.53539848  0.40065038 -0.07722378  0.30405849"
            + "  0.54959822\n  -0.23097005  0.4720422   0.05197877 -0.52746099 -0.5856396  -0.43691438]]";
    private static final String LIST_RECURRENT = "[[-0.25504839, -0.0823682, 0.11609183, 0.41123426, 0.03409858,"
            + " -0.0647027, -0.59183347, -0.15359771, 0.21647622, 0.24863823, 0.46169096, -0.21100986],\n"
            + " [0.29160395, 0.46513283, 0.33996364, -0.31195125, -0.24458826, -0.09762905, 0.16202784, -0.01602131,"
            + " 0.34460208, 0.39724654, 0.31806156, 0.1102117],\n [-0.15919448, -0.33053166, -0.22857222, -0.04912394,"
            + " -0.21862955, 0.55346996, 0.38505834, 0.18110731, 0.270677, -0.02759281, 0.42814475, -0.13496138]]";
    private static final String ARRAY_BIAS = "array([0., 0., 0., 1., 1., 1., 0., 0., 0., 0., 0., 0.], dtype=float32)";

    @Test
    void should_read_the_three_print_styles_into_the_same_numbers() {
        assertThat(PastedArray.matrix(NUMPY_KERNEL, "kernel")).isDeepEqualTo(KERNEL);
        assertThat(PastedArray.vector(ARRAY_BIAS, "bias")).containsExactly(0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0);
        assertThat(PastedArray.matrix("[[1e-3, -2.5E+1], [ 3 4 ]]", "m")).isDeepEqualTo(new double[][] {{0.001, -25},
            {3, 4}});
    }

    @Test
    void should_build_a_layer_that_reproduces_the_printed_outputs() {
        LayerView layer = new Lstm().layer(NUMPY_KERNEL, LIST_RECURRENT, ARRAY_BIAS)
                .activations("tanh", "hard_sigmoid_keras2");

        double[][] h = layer.run(INPUTS).outputs();

        for (int t = 0; t < 4; t++) {
            assertThat(h[t]).containsExactly(EXPECTED_H[t], within(PRINTED));
        }
    }

    @Test
    void should_say_where_the_text_stops_being_an_array() {
        assertThatThrownBy(() -> PastedArray.matrix("[[0.1, x]]", "kernel")).isInstanceOf(ShapeException.class)
                .hasMessage("kernel: expected a number or [ at character 7 (near \"[[0.1, x]]\"); expected a printed"
                        + " array like [[0.1, -0.2], [0.3, 0.4]]");
        assertThatThrownBy(() -> PastedArray.matrix("[0.1, 0.2]", "kernel")).isInstanceOf(ShapeException.class)
                .hasMessage("kernel: expected a matrix like [[0.1, 0.2], [0.3, 0.4]], got a vector or a number");
        assertThatThrownBy(() -> PastedArray.matrix("[[0.1, 0.2]", "kernel")).isInstanceOf(ShapeException.class)
                .hasMessageStartingWith("kernel: the text ends too early");
        assertThatThrownBy(() -> new Lstm().layer((String) null, "[[1, 2, 3, 4]]", null))
                .isInstanceOf(ShapeException.class).hasMessage("kernel: expected the printed array, got null");
    }
}
