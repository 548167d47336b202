package org.lstmlens.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.lstmlens.error.ShapeException;

/**
 * {@code adopt}: the readers' factory that takes a reader's arrays over instead of copying them. It must hold the very
 * arrays it was given (the copy it saves is the point) and check shapes exactly as {@code of} does.
 */
class AdoptedWeightsTest {
    private static DMatrixRMaj matrix(int rows, int cols) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int k = 0; k < m.data.length; k++) {
            m.data[k] = 0.01 * k - 0.3;
        }
        return m;
    }

    @Test
    void an_lstm_adopts_its_arrays_and_of_copies_them() {
        DMatrixRMaj w = matrix(3, 8);
        DMatrixRMaj u = matrix(2, 8);
        double[] b = new double[8];
        LstmWeights adopted = LstmWeights.adopt(w, u, b, null, null);
        LstmWeights copied = LstmWeights.of(w, u, b, null, null);
        assertThat(adopted.kernelData()).isSameAs(w.data);
        assertThat(adopted.recurrentData()).isSameAs(u.data);
        assertThat(adopted.biasData()).isSameAs(b);
        assertThat(copied.kernelData()).isNotSameAs(w.data).containsExactly(w.data);
        assertThat(copied.recurrentData()).isNotSameAs(u.data).containsExactly(u.data);
    }

    @Test
    void a_cell_adopts_its_arrays() {
        DMatrixRMaj w = matrix(3, 6);
        DMatrixRMaj u = matrix(2, 6);
        CellWeights adopted = CellWeights.adopt("GRU", 3, w, u, null, null);
        assertThat(adopted.kernelData()).isSameAs(w.data);
        assertThat(adopted.recurrentData()).isSameAs(u.data);
    }

    @Test
    void adopt_checks_shapes_as_of_does() {
        assertThatThrownBy(() -> LstmWeights.adopt(matrix(3, 8), matrix(2, 6), null, null, null))
                .isInstanceOf(ShapeException.class)
                .hasMessage("recurrent kernel: expected units x 4*units, got 2x6");
        assertThatThrownBy(() -> CellWeights.adopt("GRU", 3, matrix(3, 9), matrix(2, 6), null, null))
                .isInstanceOf(ShapeException.class)
                .hasMessage("GRU kernel: expected inputDim x 6 (3*units, units = 2 from the recurrent kernel 2x6), "
                        + "got 3x9");
    }
}
