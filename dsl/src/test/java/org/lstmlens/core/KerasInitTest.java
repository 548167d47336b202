package org.lstmlens.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lstmlens.error.ShapeException;

/**
 * Keras-style initial weights. Provenance: Keras's initializer definitions (glorot_uniform: uniform in +-sqrt(6 /
 * (fan_in + fan_out)); Orthogonal for (u, 4u): rows orthonormal; unit_forget_bias: forget block 1). The properties are
 * checked as mathematics (U U^T = I, bounds), not against numbers this code produced.
 */
class KerasInitTest {
    private static final double ORTHO = 1e-12;

    @ParameterizedTest
    @CsvSource({"1, 1", "1, 3", "5, 4", "7, 16", "64, 32"})
    void should_make_the_rows_of_the_recurrent_kernel_orthonormal(int features, int units) {
        DMatrixRMaj u = KerasInit.weights(features, units, 11).recurrentKernel();
        DMatrixRMaj uut = new DMatrixRMaj(units, units);
        CommonOps_DDRM.multTransB(u, u, uut);

        for (int r = 0; r < units; r++) {
            for (int c = 0; c < units; c++) {
                assertThat(uut.get(r, c)).as("(U U^T)[%d,%d]", r, c).isCloseTo(r == c ? 1 : 0, within(ORTHO));
            }
        }
    }

    @Test
    void should_build_the_recurrent_kernel_from_a_qr_with_a_positive_diagonal() {
        // Keras: a = normal(4u x u); q, r = qr(a); q *= sign(diag(r)); U = q^T. Then U a = diag(sign) r is upper
        // triangular with a positive diagonal. The normal draws follow the kernel's uniform draws in the seed's stream.
        int features = 2;
        int units = 5;
        java.util.Random random = new java.util.Random(77);
        for (int i = 0; i < features * 4 * units; i++) {
            random.nextDouble();
        }
        DMatrixRMaj a = new DMatrixRMaj(4 * units, units);
        for (int i = 0; i < a.data.length; i++) {
            a.data[i] = random.nextGaussian();
        }
        DMatrixRMaj u = KerasInit.weights(features, units, 77).recurrentKernel();

        DMatrixRMaj r = new DMatrixRMaj(units, units);
        CommonOps_DDRM.mult(u, a, r);
        for (int i = 0; i < units; i++) {
            assertThat(r.get(i, i)).as("R[%d,%d]", i, i).isPositive();
            for (int j = 0; j < i; j++) {
                assertThat(r.get(i, j)).as("R[%d,%d] below the diagonal", i, j).isCloseTo(0, within(1e-12));
            }
        }
    }

    @Test
    void should_keep_the_kernel_inside_the_glorot_limit_and_use_most_of_it() {
        int features = 64;
        int units = 32;
        double limit = Math.sqrt(6.0 / (features + 4 * units)); // fan_in 64, fan_out 128
        DMatrixRMaj w = KerasInit.weights(features, units, 3).kernel();

        double max = 0;
        for (double v : w.data) {
            assertThat(Math.abs(v)).isLessThanOrEqualTo(limit);
            max = Math.max(max, Math.abs(v));
        }
        // 8192 uniform draws: the largest comes within 1% of the limit with overwhelming probability
        assertThat(max).isGreaterThan(0.99 * limit);
        assertThat(KerasInit.glorotLimit(features, 4 * units)).isEqualTo(limit);
    }

    @Test
    void should_set_the_forget_block_of_the_bias_to_one_and_the_rest_to_zero() {
        double[] b = KerasInit.weights(2, 3, 1).bias().orElseThrow();

        assertThat(b).containsExactly(0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0);
    }

    @Test
    void should_give_the_same_weights_for_the_same_seed_and_others_for_another() {
        LstmWeights a = KerasInit.weights(3, 4, 42);
        LstmWeights b = KerasInit.weights(3, 4, 42);
        LstmWeights c = KerasInit.weights(3, 4, 43);

        assertThat(a.kernel().data).containsExactly(b.kernel().data);
        assertThat(a.recurrentKernel().data).containsExactly(b.recurrentKernel().data);
        assertThat(a.kernel().data).isNotEqualTo(c.kernel().data);
        assertThat(a.recurrentKernel().data).isNotEqualTo(c.recurrentKernel().data);
    }

    @Test
    void should_reject_a_layer_without_units() {
        assertThatThrownBy(() -> KerasInit.weights(3, 0, 1)).isInstanceOf(ShapeException.class)
                .hasMessage("random layer: features and units must be at least 1, got features = 3, units = 0");
    }
}
