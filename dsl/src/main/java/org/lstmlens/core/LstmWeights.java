package org.lstmlens.core;

import org.ejml.data.DMatrixRMaj;
import org.lstmlens.error.ShapeException;

/**
 * The canonical weights of one LSTM direction, in Keras layout: kernel {@code W (inputDim x 4u)}, recurrent kernel
 * {@code U (u x 4u)}, an optional bias {@code b (4u)} and an optional recurrent bias {@code b' (4u)} (PyTorch's
 * {@code bias_hh}, ONNX's {@code Rb}; it adds to z as b does), each with its gate blocks in the order i, f, c, o (see
 * {@link Gate}). Every file layout is converted to this form once, when it is read. Immutable: accessors return copies.
 */
public final class LstmWeights extends CellWeights {
    private LstmWeights(DMatrixRMaj kernel, DMatrixRMaj recurrentKernel, double[] bias, double[] recurrentBias) {
        super(4, kernel, recurrentKernel, bias, recurrentBias);
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
        return of(kernel, recurrentKernel, bias, null);
    }

    /**
     * Weights with two biases, as PyTorch ({@code bias_ih}, {@code bias_hh}) and ONNX ({@code Wb}, {@code Rb}) keep
     * them; z gets both: {@code z = x.W + b + h.U + b'}.
     *
     * @param bias {@code 4u}, or null. Not modified.
     * @param recurrentBias {@code 4u}, or null. Not modified.
     * @throws ShapeException naming the array, the shape it has and the one it needs
     */
    public static LstmWeights of(double[][] kernel, double[][] recurrentKernel, double[] bias,
                                 double[] recurrentBias) {
        return of(matrix("kernel", kernel), matrix("recurrent kernel", recurrentKernel), bias, recurrentBias);
    }

    /** Weights from EJML matrices (copied). */
    public static LstmWeights of(DMatrixRMaj kernel, DMatrixRMaj recurrentKernel, double[] bias) {
        return of(kernel, recurrentKernel, bias, null);
    }

    /** Weights with two biases from EJML matrices (copied); see {@link #of(double[][], double[][], double[], double[])}. */
    public static LstmWeights of(DMatrixRMaj kernel, DMatrixRMaj recurrentKernel, double[] bias,
                                 double[] recurrentBias) {
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
        checkBias("bias", bias, units);
        checkBias("recurrent bias", recurrentBias, units);
        return new LstmWeights(kernel.copy(), recurrentKernel.copy(), bias == null ? null : bias.clone(),
                recurrentBias == null ? null : recurrentBias.clone());
    }

    private static void checkBias(String name, double[] b, int units) {
        if (b != null && b.length != 4 * units) {
            throw new ShapeException(name + ": expected " + 4 * units + " values (4 * units, units = " + units
                    + "), got " + b.length);
        }
    }
}
