package org.lstmlens.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.lstmlens.error.ShapeException;

/** A batch from a tensor's batch-major values and back: x[b][t][j] = 100 b + 10 t + j, written out by hand. */
class SequenceBatchLayoutTest {
    private static final double[] BATCH_MAJOR = {0, 1, 10, 11, 20, 21, 100, 101, 110, 111, 120, 121};

    @Test
    void should_read_batch_major_values_as_the_nested_array_reads() {
        SequenceBatch x = SequenceBatch.ofBatchMajor(2, 3, 2, BATCH_MAJOR);

        assertThat(x.get(1, 2, 0)).isEqualTo(120);
        assertThat(x.get(0, 1, 1)).isEqualTo(11);
        assertThat(x.toArray()).isDeepEqualTo(new double[][][] {{{0, 1}, {10, 11}, {20, 21}},
            {{100, 101}, {110, 111}, {120, 121}}});
        assertThat(x.toBatchMajor()).containsExactly(BATCH_MAJOR);
    }

    @Test
    void should_name_the_shape_that_the_values_do_not_fill() {
        assertThatThrownBy(() -> SequenceBatch.ofBatchMajor(2, 3, 3, BATCH_MAJOR)).isInstanceOf(ShapeException.class)
                .hasMessage("input: expected samples x timesteps x features, at least one of each, filled by the "
                        + "values; got 2 x 3 x 3 and 12 values");
    }
}
