package org.lstmlens.core;

import java.util.Optional;
import org.ejml.data.DMatrixRMaj;
import org.lstmlens.error.ShapeException;

/**
 * The canonical weights of one recurrent direction, in Keras layout: kernel {@code W (inputDim x bands*u)}, recurrent
 * kernel {@code U (u x bands*u)}, an optional bias {@code b (bands*u)} added to {@code x.W}, and an optional recurrent
 * bias {@code b' (bands*u)} added to {@code h.U}. Keras keeps b' only for a GRU with {@code reset_after=True} (the
 * second row of its (2, 3u) bias), where r multiplies {@code h.U_h + b'_h}; PyTorch ({@code bias_hh}) and ONNX
 * ({@code Rb}) keep it for every cell. For an LSTM and a SimpleRNN it simply adds to z: the loop hoists
 * {@code x.W + (b + b')} with the sum made once here ({@link #effectiveBias()}), so two biases cost nothing per step,
 * and b' is kept apart only to be shown and counted. Each array has its blocks in the cell's band order (see
 * {@link Band}). Every file layout is converted to this form once, when it is read. Immutable: accessors return copies.
 */
public class CellWeights {
    private final int bands;
    private final DMatrixRMaj kernel;
    private final DMatrixRMaj recurrentKernel;
    private final double[] bias;          // null when the layer has use_bias=False
    private final double[] recurrentBias; // null unless kept apart (GRU reset_after=True, PyTorch, ONNX)
    private final double[] effectiveBias; // b + b', b, b' or null: made once, what an LSTM's or SimpleRNN's loop adds
    private final int units;
    private volatile double[] recurrentTransposed;
    private volatile double[][] lastBandApart;
    // derived once, on first use, and shared by every layer and cell built on these weights (a view that re-wraps
    // the layer, e.g. withReturnSequences for each run, must not pack them again); benign races: same values
    private volatile FloatWeights floats;
    private volatile FusedWeights fused;

    CellWeights(int bands, DMatrixRMaj kernel, DMatrixRMaj recurrentKernel, double[] bias, double[] recurrentBias) {
        this.bands = bands;
        this.kernel = kernel;
        this.recurrentKernel = recurrentKernel;
        this.bias = bias;
        this.recurrentBias = recurrentBias;
        this.effectiveBias = sum(bias, recurrentBias);
        this.units = recurrentKernel.numCols / bands; // its rows are h's values: units, or an LSTM's projection size
    }

    private static double[] sum(double[] b, double[] rb) {
        if (b == null || rb == null) {
            return b == null ? rb : b;
        }
        double[] s = new double[b.length];
        for (int j = 0; j < s.length; j++) {
            s[j] = b[j] + rb[j];
        }
        return s;
    }

    /**
     * Weights of a cell with {@code bands} blocks from arrays as Keras's {@code layer.get_weights()} prints them
     * (copied).
     *
     * @param what the cell's name for messages, e.g. {@code GRU}
     * @param bias {@code bands*u}, or null for a layer without bias
     * @param recurrentBias {@code bands*u} (a GRU's second bias row, PyTorch's {@code bias_hh}, ONNX's {@code Rb}), or
     *        null
     * @throws ShapeException naming the array, the shape it has and the one it needs
     */
    public static CellWeights of(String what, int bands, double[][] kernel, double[][] recurrentKernel, double[] bias,
                                 double[] recurrentBias) {
        return of(what, bands, matrix("kernel", kernel), matrix("recurrent kernel", recurrentKernel), bias,
                recurrentBias);
    }

    /** As {@link #of(String, int, double[][], double[][], double[], double[])}, from EJML matrices (copied). */
    public static CellWeights of(String what, int bands, DMatrixRMaj kernel, DMatrixRMaj recurrentKernel, double[] bias,
                                 double[] recurrentBias) {
        check(what, bands, kernel, recurrentKernel, bias, recurrentBias);
        return new CellWeights(bands, kernel.copy(), recurrentKernel.copy(), bias == null ? null : bias.clone(),
                recurrentBias == null ? null : recurrentBias.clone());
    }

    /**
     * As {@link #of(String, int, DMatrixRMaj, DMatrixRMaj, double[], double[])}, but takes ownership of the arrays
     * instead of copying them: for a reader that built them for these weights alone (a 100 MB model's kernels are
     * not copied a second time). The caller must never read or write them again.
     *
     * @throws ShapeException naming the array, the shape it has and the one it needs
     */
    public static CellWeights adopt(String what, int bands, DMatrixRMaj kernel, DMatrixRMaj recurrentKernel,
                                    double[] bias, double[] recurrentBias) {
        check(what, bands, kernel, recurrentKernel, bias, recurrentBias);
        return new CellWeights(bands, kernel, recurrentKernel, bias, recurrentBias);
    }

    static void check(String what, int bands, DMatrixRMaj kernel, DMatrixRMaj recurrentKernel, double[] bias,
                      double[] recurrentBias) {
        String nu = bands == 1 ? "units" : bands + "*units";
        int units = recurrentKernel.numRows;
        if (units == 0 || recurrentKernel.numCols != bands * units) {
            throw new ShapeException(what + " recurrent kernel: expected units x " + nu + ", got "
                    + shape(recurrentKernel)
                    + (recurrentKernel.numCols % bands == 0 && recurrentKernel.numCols > 0 && bands > 1
                        ? " (" + recurrentKernel.numCols + " columns means units = " + recurrentKernel.numCols / bands
                            + ")" : ""));
        }
        if (kernel.numRows == 0 || kernel.numCols != bands * units) {
            throw new ShapeException(what + " kernel: expected inputDim x " + bands * units + " (" + nu + ", units = "
                    + units + " from the recurrent kernel " + shape(recurrentKernel) + "), got " + shape(kernel));
        }
        if (bias != null && bias.length != bands * units) {
            throw new ShapeException(what + " bias: expected " + bands * units + " values (" + nu + ", units = " + units
                    + "), got " + bias.length);
        }
        if (recurrentBias != null && recurrentBias.length != bands * units) {
            throw new ShapeException(what + " recurrent bias: expected " + bands * units + " values (" + nu
                    + ", units = " + units + "), got " + recurrentBias.length);
        }
    }

    /** How many blocks the arrays hold side by side: LSTM 4, GRU 3, SimpleRNN 1. */
    public int bands() {
        return bands;
    }

    public int units() {
        return units;
    }

    /**
     * Values of h, which U's rows multiply: units, or the projection size p of an LSTM with a projection (PyTorch's
     * {@code proj_size}; see {@link LstmWeights}).
     */
    public int outputSize() {
        return recurrentKernel.numRows;
    }

    public int inputDim() {
        return kernel.numRows;
    }

    public boolean hasBias() {
        return bias != null;
    }

    /** Whether a recurrent bias is kept apart from the input bias (a GRU with reset_after=True; PyTorch, ONNX). */
    public boolean hasRecurrentBias() {
        return recurrentBias != null;
    }

    /** {@code W}, inputDim x bands*u (a copy). */
    public DMatrixRMaj kernel() {
        return kernel.copy();
    }

    /** {@code U}, u x bands*u (p x 4u for an LSTM with a projection) (a copy). */
    public DMatrixRMaj recurrentKernel() {
        return recurrentKernel.copy();
    }

    /** {@code b}, bands*u (a copy), or empty for a layer without bias. */
    public Optional<double[]> bias() {
        return Optional.ofNullable(bias == null ? null : bias.clone());
    }

    /** {@code b'}, the recurrent bias (a copy), or empty unless kept apart. */
    public Optional<double[]> recurrentBias() {
        return Optional.ofNullable(recurrentBias == null ? null : recurrentBias.clone());
    }

    /**
     * {@code b + b'} (a copy): what an LSTM or a SimpleRNN adds to z (for a GRU only its z and r bands: r multiplies
     * {@code b'_h}); b alone without a recurrent bias, empty without either.
     */
    public Optional<double[]> effectiveBias() {
        return Optional.ofNullable(effectiveBias == null ? null : effectiveBias.clone());
    }

    /** {@code W[row, band.column(unit)]}. */
    public double kernel(int row, Band band, int unit) {
        return kernel.get(row, band.column(units, unit));
    }

    /** {@code U[row, band.column(unit)]}. */
    public double recurrent(int row, Band band, int unit) {
        return recurrentKernel.get(row, band.column(units, unit));
    }

    /** {@code b[band.column(unit)]}, 0 for a layer without bias. */
    public double bias(Band band, int unit) {
        return bias == null ? 0 : bias[band.column(units, unit)];
    }

    /** {@code b'[band.column(unit)]}, 0 unless a recurrent bias is kept apart. */
    public double recurrentBias(Band band, int unit) {
        return recurrentBias == null ? 0 : recurrentBias[band.column(units, unit)];
    }

    /** One band's block of the kernel, inputDim x u. */
    public DMatrixRMaj kernelBlock(Band band) {
        return block(kernel, band);
    }

    /** One band's block of the recurrent kernel, u x u (p x u with an LSTM's projection). */
    public DMatrixRMaj recurrentBlock(Band band) {
        return block(recurrentKernel, band);
    }

    /** One band's block of the bias, u values (zeros for a layer without bias). */
    public double[] biasBlock(Band band) {
        return vectorBlock(bias, band);
    }

    /** One band's block of the recurrent bias, u values (zeros unless kept apart). */
    public double[] recurrentBiasBlock(Band band) {
        return vectorBlock(recurrentBias, band);
    }

    /** The parameters these weights hold, as Keras, PyTorch and ONNX count them (each bias vector counted). */
    public ParamCount params() {
        return new ParamCount(bands, inputDim(), units, (bias == null ? 0 : 1) + (recurrentBias == null ? 0 : 1));
    }

    // Raw row-major storage for the math in this package; never handed out.
    final double[] kernelData() {
        return kernel.data;
    }

    final double[] recurrentData() {
        return recurrentKernel.data;
    }

    final double[] biasData() {
        return bias;
    }

    final double[] recurrentBiasData() {
        return recurrentBias;
    }

    final double[] effectiveBiasData() {
        return effectiveBias;
    }

    /** The weights rounded to float32, for the float32 layer loop. */
    final FloatWeights floats() {
        FloatWeights f = floats;
        if (f == null) {
            f = FloatWeights.of(this);
            floats = f;
        }
        return f;
    }

    /** The weights as the fused steps take them; they pack their panels from them once per precision. */
    final FusedWeights fused() {
        FusedWeights w = fused;
        if (w == null) {
            w = new FusedWeights(this);
            fused = w;
        }
        return w;
    }

    /** U^T (bands*u x outputSize), for the backward pass's dh = dz . U^T; made once, shared. Not to be modified. */
    final double[] recurrentTransposed() {
        double[] t = recurrentTransposed;
        if (t == null) {
            t = transpose(recurrentData(), outputSize(), bands * units);
            recurrentTransposed = t; // a benign race: every thread computes the same values
        }
        return t;
    }

    /**
     * U with its last band apart, each part contiguous, and their transposes: {@code {U_front (u x (bands-1)u),
     * U_last (u x u), U_front^T, U_last^T}}. A GRU with reset_after=False multiplies the two apart (h.U_zr, then
     * (r * h).U_h). Made once, shared by every cell built on these weights. Not to be modified.
     */
    final double[][] lastBandApart() {
        double[][] p = lastBandApart;
        if (p == null) {
            int front = (bands - 1) * units;
            double[] r = recurrentData();
            double[] uFront = new double[units * front];
            double[] uLast = new double[units * units];
            for (int k = 0; k < units; k++) {
                System.arraycopy(r, k * bands * units, uFront, k * front, front);
                System.arraycopy(r, k * bands * units + front, uLast, k * units, units);
            }
            p = new double[][] {uFront, uLast, transpose(uFront, units, front), transpose(uLast, units, units)};
            lastBandApart = p; // a benign race: every thread computes the same values
        }
        return p;
    }

    /** a^T of a rows x cols row-major matrix. */
    static double[] transpose(double[] a, int rows, int cols) {
        double[] t = new double[a.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = a[r * cols + c];
            }
        }
        return t;
    }

    private DMatrixRMaj block(DMatrixRMaj m, Band band) {
        DMatrixRMaj out = new DMatrixRMaj(m.numRows, units);
        int start = band.start(units);
        for (int r = 0; r < m.numRows; r++) {
            System.arraycopy(m.data, r * m.numCols + start, out.data, r * units, units);
        }
        return out;
    }

    private double[] vectorBlock(double[] v, Band band) {
        double[] out = new double[units];
        if (v != null) {
            System.arraycopy(v, band.start(units), out, 0, units);
        }
        return out;
    }

    static String shape(DMatrixRMaj m) {
        return m.numRows + "x" + m.numCols;
    }

    static DMatrixRMaj matrix(String name, double[][] rows) {
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
        return getClass().getSimpleName() + "[inputDim=" + inputDim() + ", units=" + units + ", kernel "
                + shape(kernel) + ", recurrent " + shape(recurrentKernel) + ", bias "
                + (bias == null ? "none" : bias.length) + (recurrentBias == null ? "" : ", recurrent bias "
                + recurrentBias.length) + "]";
    }
}
