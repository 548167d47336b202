package org.lstmlens.core;

import java.util.Optional;
import org.ejml.data.DMatrixRMaj;
import org.lstmlens.error.ShapeException;

/**
 * The canonical weights of one LSTM direction, in Keras layout: kernel {@code W (inputDim x 4u)}, recurrent kernel
 * {@code U (u x 4u)} and an optional bias {@code b (4u)}, each with its gate blocks in the order i, f, c, o (see
 * {@link Gate}). Every file layout is converted to this form once, when it is read. Immutable: accessors return copies.
 */
public final class LstmWeights {
    private final DMatrixRMaj kernel;
    private final DMatrixRMaj recurrentKernel;
    private final double[] bias; // null when the layer has use_bias=False
    private final int units;
    // derived once, on first use, and shared by every layer and cell built on these weights (a view that re-wraps
    // the layer, e.g. withReturnSequences for each run, must not pack them again); benign races: same values
    private volatile FloatWeights floats;
    private volatile org.lstmlens.core.vector.Weights fused;
    private volatile double[] recurrentTransposed;

    private LstmWeights(DMatrixRMaj kernel, DMatrixRMaj recurrentKernel, double[] bias) {
        this.kernel = kernel;
        this.recurrentKernel = recurrentKernel;
        this.bias = bias;
        this.units = recurrentKernel.numRows;
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

    public int units() {
        return units;
    }

    public int inputDim() {
        return kernel.numRows;
    }

    public boolean hasBias() {
        return bias != null;
    }

    /** {@code W}, inputDim x 4u (a copy). */
    public DMatrixRMaj kernel() {
        return kernel.copy();
    }

    /** {@code U}, u x 4u (a copy). */
    public DMatrixRMaj recurrentKernel() {
        return recurrentKernel.copy();
    }

    /** {@code b}, 4u (a copy), or empty for a layer without bias. */
    public Optional<double[]> bias() {
        return Optional.ofNullable(bias == null ? null : bias.clone());
    }

    /** {@code W[row, gate.column(unit)]}. */
    public double kernel(int row, Gate gate, int unit) {
        return kernel.get(row, gate.column(units, unit));
    }

    /** {@code U[row, gate.column(unit)]}. */
    public double recurrent(int row, Gate gate, int unit) {
        return recurrentKernel.get(row, gate.column(units, unit));
    }

    /** {@code b[gate.column(unit)]}, 0 for a layer without bias. */
    public double bias(Gate gate, int unit) {
        return bias == null ? 0 : bias[gate.column(units, unit)];
    }

    /** One gate's block of the kernel, inputDim x u. */
    public DMatrixRMaj kernelBlock(Gate gate) {
        return block(kernel, gate);
    }

    /** One gate's block of the recurrent kernel, u x u. */
    public DMatrixRMaj recurrentBlock(Gate gate) {
        return block(recurrentKernel, gate);
    }

    /** One gate's block of the bias, u values (zeros for a layer without bias). */
    public double[] biasBlock(Gate gate) {
        double[] out = new double[units];
        if (bias != null) {
            System.arraycopy(bias, gate.start(units), out, 0, units);
        }
        return out;
    }

    /** The parameters Keras counts for these weights. */
    public ParamCount params() {
        return ParamCount.of(inputDim(), units, hasBias());
    }

    // Raw row-major storage for the math in this package; never handed out.
    double[] kernelData() {
        return kernel.data;
    }

    double[] recurrentData() {
        return recurrentKernel.data;
    }

    double[] biasData() {
        return bias;
    }

    private DMatrixRMaj block(DMatrixRMaj m, Gate gate) {
        DMatrixRMaj out = new DMatrixRMaj(m.numRows, units);
        int start = gate.start(units);
        for (int r = 0; r < m.numRows; r++) {
            System.arraycopy(m.data, r * m.numCols + start, out.data, r * units, units);
        }
        return out;
    }

    static String shape(DMatrixRMaj m) {
        return m.numRows + "x" + m.numCols;
    }

    private static DMatrixRMaj matrix(String name, double[][] rows) {
        if (rows == null) {
            throw new ShapeException(name + ": expected a matrix, got null");
        }
        if (rows.length == 0) {
            throw new ShapeException(name + ": expected at least one row, got none");
        }
        if (rows[0] == null) {
            throw new ShapeException(name + ": row 0 has no values (null)");
        }
        int cols = rows[0].length;
        for (int r = 0; r < rows.length; r++) {
            if (rows[r] == null || rows[r].length != cols) {
                throw new ShapeException(name + ": row " + r + " has " + (rows[r] == null ? "no values (null)"
                        : rows[r].length + " values") + " but row 0 has " + cols);
            }
        }
        return new DMatrixRMaj(rows);
    }

    @Override
    public String toString() {
        return "LstmWeights[inputDim=" + inputDim() + ", units=" + units + ", kernel " + shape(kernel)
                + ", recurrent " + shape(recurrentKernel) + ", bias " + (bias == null ? "none" : bias.length) + "]";
    }

    /** The weights rounded to float32, for the float32 layer loop. */
    FloatWeights floats() {
        FloatWeights f = floats;
        if (f == null) {
            f = FloatWeights.of(this);
            floats = f;
        }
        return f;
    }

    /** The weights as the fused pass takes them; it packs its panels from them once per precision. */
    org.lstmlens.core.vector.Weights fused() {
        org.lstmlens.core.vector.Weights w = fused;
        if (w == null) {
            w = new org.lstmlens.core.vector.Weights(inputDim(), units, kernelData(), recurrentData(), biasData());
            fused = w;
        }
        return w;
    }

    /** U^T (4u x u), for the backward pass's dh = dz . U^T. Not to be modified. */
    double[] recurrentTransposed() {
        double[] t = recurrentTransposed;
        if (t == null) {
            double[] r = recurrentData();
            t = new double[r.length];
            for (int k = 0; k < units; k++) {
                for (int j = 0; j < 4 * units; j++) {
                    t[j * units + k] = r[k * 4 * units + j];
                }
            }
            recurrentTransposed = t;
        }
        return t;
    }
}
