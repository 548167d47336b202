package org.lstmlens.core;

import org.ejml.data.DMatrixRMaj;
import org.lstmlens.error.ShapeException;

/**
 * The canonical weights of one LSTM direction, in Keras layout: kernel {@code W (inputDim x 4u)}, recurrent kernel
 * {@code U (u x 4u)} and an optional bias {@code b (4u)}, each with its gate blocks in the order i, f, c, o (see
 * {@link Gate}). Every file layout is converted to this form once, when it is read. Immutable: accessors return copies.
 */
public final class LstmWeights extends CellWeights {
    private LstmWeights(DMatrixRMaj kernel, DMatrixRMaj recurrentKernel, double[] bias) {
        super(4, kernel, recurrentKernel, bias, null);
    }

    /**
     * Weights from arrays exactly as Keras's {@code layer.get_weights()} prints them.
     *
     * @param kernel {@code inputDim x 4u}. Not modified.
     * @param recurrentKernel {@code u x 4u}. Not modified.
     * @param bias {@code 4u}, or null for a layer without bias. Not modified.
     * @throws ShapeException naming the array, the shape it has and the one it needs
     */
    public static LstmWeights of(double[][] kernel, double[][] recurrentKernel, double[] bias) {
        DMatrixRMaj w = matrix("kernel", kernel);
        DMatrixRMaj u = matrix("recurrent kernel", recurrentKernel);
        return of(w, u, bias == null ? null : bias.clone());
    }

    /** Weights from EJML matrices (copied). */
    public static LstmWeights of(DMatrixRMaj kernel, DMatrixRMaj recurrentKernel, double[] bias) {
        int units = recurrentKernel.numRows;
        if (units == 0 || recurrentKernel.numCols != 4 * units) {
            throw new ShapeException("recurrent kernel: expected units x 4*units, got " + shape(recurrentKernel)
                    + (recurrentKernel.numCols % 4 == 0 && recurrentKernel.numCols > 0
                        ? " (" + recurrentKernel.numCols + " columns means units = " + recurrentKernel.numCols / 4 + ")"
                        : ""));
        }
        if (kernel.numRows == 0 || kernel.numCols != 4 * units) {
            throw new ShapeException("kernel: expected inputDim x " + 4 * units + " (4 * units, units = " + units
                    + " from the recurrent kernel " + shape(recurrentKernel) + "), got " + shape(kernel));
        }
        if (bias != null && bias.length != 4 * units) {
            throw new ShapeException("bias: expected " + 4 * units + " values (4 * units, units = " + units
                    + "), got " + bias.length);
        }
        return new LstmWeights(kernel.copy(), recurrentKernel.copy(), bias == null ? null : bias.clone());
    }

    /** The parameters Keras counts for these weights. */
    @Override
    public ParamCount params() {
        return ParamCount.of(inputDim(), units(), hasBias());
    }
}
