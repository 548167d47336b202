package org.lstmlens.core;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.ShapeException;

/**
 * Fresh LSTM weights the way Keras's {@code LSTM} initialises them by default, from a seed:
 * <ul>
 *   <li>kernel {@code inputDim x 4u}: glorot_uniform, uniform in {@code [-limit, limit]} with
 *       {@code limit = sqrt(6 / (fan_in + fan_out))}, {@code fan_in = inputDim}, {@code fan_out = 4u};</li>
 *   <li>recurrent kernel {@code u x 4u}: orthogonal, built as Keras's {@code Orthogonal} builds it: a standard normal
 *       {@code 4u x u} matrix, its QR decomposition, {@code Q * sign(diag(R))}, transposed (so the rows are
 *       orthonormal);</li>
 *   <li>bias {@code 4u}: zeros with the forget block at 1 ({@code unit_forget_bias=True}).</li>
 * </ul>
 * The distributions are Keras's; the random numbers are Java's ({@link Random}), so a seed gives the same weights
 * here every time but not the numbers Keras would draw.
 */
public final class KerasInit {
    private KerasInit() {
    }

    /**
     * Weights for an LSTM of {@code units} on {@code features} inputs.
     *
     * @throws ShapeException if features or units is below 1
     */
    public static LstmWeights weights(int features, int units, long seed) {
        if (features < 1 || units < 1) {
            throw new ShapeException("random layer: features and units must be at least 1, got features = " + features
                    + ", units = " + units);
        }
        Random random = new Random(seed);
        DMatrixRMaj kernel = glorotUniform(features, 4 * units, random);
        DMatrixRMaj recurrent = orthogonal(units, 4 * units, random);
        double[] bias = new double[4 * units];
        for (int k = 0; k < units; k++) {
            bias[Gate.F.column(units, k)] = 1;
        }
        return LstmWeights.of(kernel, recurrent, bias);
    }

    /** {@code limit = sqrt(6 / (fan_in + fan_out))} for a {@code fanIn x fanOut} kernel. */
    public static double glorotLimit(int fanIn, int fanOut) {
        return Math.sqrt(6.0 / (fanIn + fanOut));
    }

    static DMatrixRMaj glorotUniform(int rows, int cols, Random random) {
        double limit = glorotLimit(rows, cols);
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = (2 * random.nextDouble() - 1) * limit;
        }
        return m;
    }

    /** Keras's Orthogonal for a {@code rows x cols} shape (gain 1). */
    static DMatrixRMaj orthogonal(int rows, int cols, Random random) {
        int flatRows = Math.max(rows, cols);
        int flatCols = Math.min(rows, cols);
        DMatrixRMaj a = new DMatrixRMaj(flatRows, flatCols);
        for (int i = 0; i < a.data.length; i++) {
            a.data[i] = random.nextGaussian();
        }
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(flatRows, flatCols);
        if (!qr.decompose(a.copy())) {
            throw new LstmException("QR decomposition failed for a random " + flatRows + "x" + flatCols);
        }
        DMatrixRMaj q = qr.getQ(null, true); // reduced: flatRows x flatCols
        DMatrixRMaj r = qr.getR(null, true); // flatCols x flatCols
        for (int j = 0; j < flatCols; j++) {
            // numpy's sign(0) is 0; a zero diagonal has probability 0 for normal samples, and 1 keeps Q orthogonal
            double sign = r.get(j, j) < 0 ? -1 : 1;
            for (int i = 0; i < flatRows; i++) {
                q.set(i, j, q.get(i, j) * sign);
            }
        }
        if (rows < cols) {
            DMatrixRMaj t = new DMatrixRMaj(rows, cols);
            CommonOps_DDRM.transpose(q, t);
            return t;
        }
        return q;
    }
}
