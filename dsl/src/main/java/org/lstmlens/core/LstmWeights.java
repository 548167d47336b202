package org.lstmlens.core;

import java.util.Optional;
import org.ejml.data.DMatrixRMaj;
import org.lstmlens.error.ShapeException;

/**
 * The canonical weights of one LSTM direction, in Keras layout: kernel {@code W (inputDim x 4u)}, recurrent kernel
 * {@code U (u x 4u)}, an optional bias {@code b (4u)} and an optional recurrent bias {@code b' (4u)} (PyTorch's
 * {@code bias_hh}, ONNX's {@code Rb}; it adds to z as b does), each with its gate blocks in the order i, f, c, o (see
 * {@link Gate}). Every file layout is converted to this form once, when it is read. Immutable: accessors return copies.
 *
 * <p>With a projection (PyTorch's {@code proj_size = p}, {@code weight_hr}), the state h that is output and fed back
 * has p values: {@code h = (o * tanh(c)) . P} with the projection {@code P (u x p)} ({@code weight_hr} transposed, as
 * W is {@code weight_ih} transposed), so U is {@code p x 4u}; c keeps u values. {@link #outputSize()} is p.
 */
public final class LstmWeights extends CellWeights {
    private final DMatrixRMaj projection; // u x p, or null
    private volatile double[] projectionTransposed;

    private LstmWeights(DMatrixRMaj kernel, DMatrixRMaj recurrentKernel, double[] bias, double[] recurrentBias,
                        DMatrixRMaj projection) {
        super(4, kernel, recurrentKernel, bias, recurrentBias);
        this.projection = projection;
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

    /**
     * Weights of an LSTM with a projection (PyTorch's {@code proj_size}).
     *
     * @param kernel {@code inputDim x 4u} ({@code weight_ih} transposed). Not modified.
     * @param recurrentKernel {@code p x 4u} ({@code weight_hh} transposed). Not modified.
     * @param bias {@code 4u} or null; {@code recurrentBias} likewise. Not modified.
     * @param projection {@code u x p} ({@code weight_hr} transposed), or null for none. Not modified.
     * @throws ShapeException naming the array, the shape it has and the one it needs
     */
    public static LstmWeights of(double[][] kernel, double[][] recurrentKernel, double[] bias, double[] recurrentBias,
                                 double[][] projection) {
        return of(matrix("kernel", kernel), matrix("recurrent kernel", recurrentKernel), bias, recurrentBias,
                projection == null ? null : matrix("projection", projection));
    }

    /** Weights from EJML matrices (copied). */
    public static LstmWeights of(DMatrixRMaj kernel, DMatrixRMaj recurrentKernel, double[] bias) {
        return of(kernel, recurrentKernel, bias, null);
    }

    /** Weights with two biases from EJML matrices (copied); see {@link #of(double[][], double[][], double[], double[])}. */
    public static LstmWeights of(DMatrixRMaj kernel, DMatrixRMaj recurrentKernel, double[] bias,
                                 double[] recurrentBias) {
        return of(kernel, recurrentKernel, bias, recurrentBias, null);
    }

    /** Weights with a projection from EJML matrices (copied); see the {@code double[][]} form. */
    public static LstmWeights of(DMatrixRMaj kernel, DMatrixRMaj recurrentKernel, double[] bias,
                                 double[] recurrentBias, DMatrixRMaj projection) {
        check(kernel, recurrentKernel, bias, recurrentBias, projection);
        return new LstmWeights(kernel.copy(), recurrentKernel.copy(), bias == null ? null : bias.clone(),
                recurrentBias == null ? null : recurrentBias.clone(), projection == null ? null : projection.copy());
    }

    /**
     * As {@link #of(DMatrixRMaj, DMatrixRMaj, double[], double[], DMatrixRMaj)}, but takes ownership of the arrays
     * instead of copying them: for a reader that built them for these weights alone (a 100 MB model's kernels are
     * not copied a second time). The caller must never read or write them again.
     *
     * @param projection {@code u x p}, or null for none
     * @throws ShapeException naming the array, the shape it has and the one it needs
     */
    public static LstmWeights adopt(DMatrixRMaj kernel, DMatrixRMaj recurrentKernel, double[] bias,
                                    double[] recurrentBias, DMatrixRMaj projection) {
        check(kernel, recurrentKernel, bias, recurrentBias, projection);
        return new LstmWeights(kernel, recurrentKernel, bias, recurrentBias, projection);
    }

    private static void check(DMatrixRMaj kernel, DMatrixRMaj recurrentKernel, double[] bias, double[] recurrentBias,
                              DMatrixRMaj projection) {
        int units = projection == null ? recurrentKernel.numRows : projection.numRows;
        if (projection != null) {
            checkProjection(projection, recurrentKernel);
        } else if (units == 0 || recurrentKernel.numCols != 4 * units) {
            throw new ShapeException("recurrent kernel: expected units x 4*units, got " + shape(recurrentKernel)
                    + (recurrentKernel.numCols % 4 == 0 && recurrentKernel.numCols > 0
                        ? " (" + recurrentKernel.numCols + " columns means units = " + recurrentKernel.numCols / 4 + ")"
                        : ""));
        }
        if (kernel.numRows == 0 || kernel.numCols != 4 * units) {
            throw new ShapeException("kernel: expected inputDim x " + 4 * units + " (4 * units, units = " + units
                    + (projection == null ? " from the recurrent kernel " + shape(recurrentKernel)
                        : " from the projection " + shape(projection)) + "), got " + shape(kernel));
        }
        checkBias("bias", bias, units);
        checkBias("recurrent bias", recurrentBias, units);
    }

    private static void checkProjection(DMatrixRMaj projection, DMatrixRMaj recurrentKernel) {
        int units = projection.numRows;
        int p = projection.numCols;
        if (units == 0 || p == 0 || p >= units) {
            throw new ShapeException("projection: expected units x p with 0 < p < units (PyTorch's proj_size), got "
                    + shape(projection));
        }
        if (recurrentKernel.numRows != p || recurrentKernel.numCols != 4 * units) {
            throw new ShapeException("recurrent kernel: expected p x 4*units = " + p + "x" + 4 * units + " (h has p = "
                    + p + " values with the projection " + shape(projection) + "), got " + shape(recurrentKernel));
        }
    }

    private static void checkBias(String name, double[] b, int units) {
        if (b != null && b.length != 4 * units) {
            throw new ShapeException(name + ": expected " + 4 * units + " values (4 * units, units = " + units
                    + "), got " + b.length);
        }
    }

    /** Whether h is projected to fewer values (PyTorch's proj_size). */
    public boolean hasProjection() {
        return projection != null;
    }

    /** The projection {@code P (u x p)}, {@code h = (o * tanh(c)) . P} (a copy), or empty for none. */
    public Optional<DMatrixRMaj> projection() {
        return Optional.ofNullable(projection == null ? null : projection.copy());
    }

    /** The weights' count with the projection's {@code u*p} and a recurrent kernel of {@code p x 4u}. */
    @Override
    public ParamCount params() {
        ParamCount c = super.params();
        return projection == null ? c : new ParamCount(4, c.features(), c.units(), c.biasVectors(), 0,
                projection.numCols);
    }

    /** P's raw row-major storage (u x p), or null; never handed out. */
    double[] projectionData() {
        return projection == null ? null : projection.data;
    }

    /** P^T (p x u), for the backward pass's dm = dh . P^T; made once, shared. Not to be modified. */
    double[] projectionTransposed() {
        double[] t = projectionTransposed;
        if (t == null && projection != null) {
            t = transpose(projection.data, projection.numRows, projection.numCols);
            projectionTransposed = t; // a benign race: every thread computes the same values
        }
        return t;
    }

    @Override
    public String toString() {
        String s = super.toString();
        return projection == null ? s : s.substring(0, s.length() - 1) + ", projection " + shape(projection) + "]";
    }
}
