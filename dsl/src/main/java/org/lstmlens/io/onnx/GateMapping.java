package org.lstmlens.io.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.ejml.data.DMatrixRMaj;
import org.lstmlens.core.Activation;
import org.lstmlens.core.CellWeights;
import org.lstmlens.core.GruCell;
import org.lstmlens.core.LstmCell;
import org.lstmlens.core.LstmOptions;
import org.lstmlens.core.LstmWeights;
import org.lstmlens.core.Peepholes;
import org.lstmlens.core.RecurrentCell;
import org.lstmlens.core.SimpleRnnCell;
import org.lstmlens.model.Framework;
import org.lstmlens.model.Provenance;

/**
 * The one place where ONNX's W, R, B (and P) of one direction become the core's cell: {@code kernel = W[d]^T} and
 * {@code recurrent kernel = R[d]^T} with the gate blocks moved from ONNX's order (LSTM i, o, f, c; GRU z, r, h) to
 * the core's (LSTM i, f, c, o; GRU z, r, h) by {@link Framework#storedPositions}; {@code B[d] = [Wb | Rb]}, each
 * permuted alike, Wb the input bias and Rb the recurrent bias. Every step is also written down in the layer's
 * {@link Provenance}.
 */
final class GateMapping {
    private final RecurrentSpec spec;

    GateMapping(RecurrentSpec spec) {
        this.spec = spec;
    }

    /** The cell of direction {@code d} (0 forward, 1 the reverse one of a bidirectional node). */
    RecurrentCell cell(NodeWeights w, int d) {
        int u = spec.hidden();
        int bands = spec.bands();
        int[] pos = Framework.ONNX.storedPositions(spec.cellKind());
        int in = w.inputSize();
        // a large R is mapped on a second thread while this one maps W: the two are half of a big file's load
        boolean large = (long) bands * u * u > PARALLEL_VALUES;
        CompletableFuture<DMatrixRMaj> r = large
                ? CompletableFuture.supplyAsync(() -> transposedBands(w.r(), d, bands, u, u, pos))
                : CompletableFuture.completedFuture(null);
        DMatrixRMaj kernel = transposedBands(w.w(), d, bands, u, in, pos);
        DMatrixRMaj recurrent = large ? r.join() : transposedBands(w.r(), d, bands, u, u, pos);
        double[] wb = w.b() == null ? null : bands(w.b(), d * 2 * bands * u, bands, u, pos);
        double[] rb = w.b() == null ? null : bands(w.b(), d * 2 * bands * u + bands * u, bands, u, pos);
        CellActivations act = new CellActivations(spec, d);
        boolean clip = !Double.isNaN(spec.clip());
        switch (spec.op()) {
            case "LSTM":
                return new LstmCell(LstmWeights.adopt(kernel, recurrent, wb, rb, null), act.candidate(), act.gates(),
                        lstmOptions(w, d, act));
            case "GRU":
                boolean resetAfter = spec.linearBeforeReset();
                CellWeights gw = resetAfter
                        ? CellWeights.adopt("GRU", 3, kernel, recurrent, orZeros(wb, bands * u),
                                orZeros(rb, bands * u))
                        : CellWeights.adopt("GRU", 3, kernel, recurrent, sum(wb, rb), null);
                GruCell gru = new GruCell(gw, act.candidate(), act.gates(), resetAfter);
                return clip ? gru.withClip(spec.clip()) : gru;
            default:
                SimpleRnnCell rnn = new SimpleRnnCell(CellWeights.adopt("RNN", 1, kernel, recurrent, wb, rb),
                        act.candidate());
                return clip ? rnn.withClip(spec.clip()) : rnn;
        }
    }

    /** ONNX's LSTM options: peepholes (P[d] is i, o, f), clip, input_forget, an output activation h apart from g. */
    private LstmOptions lstmOptions(NodeWeights w, int d, CellActivations act) {
        LstmOptions o = LstmOptions.NONE;
        int u = spec.hidden();
        if (w.p() != null) {
            o = o.peepholes(Peepholes.fromOnnx(Arrays.copyOfRange(w.p(), d * 3 * u, (d + 1) * 3 * u)));
        }
        if (!Double.isNaN(spec.clip())) {
            o = o.clip(spec.clip());
        }
        if (spec.inputForget()) {
            o = o.inputForget(true);
        }
        Activation h = act.output();
        return h.equals(act.candidate()) ? o : o.outputActivation(h);
    }

    /** What was done to the file's arrays, in words, for the layer's provenance. */
    Provenance provenance(NodeWeights w, int d) {
        String kind = spec.cellKind();
        String onnx = String.join(", ", Framework.ONNX.storedOrder(kind));
        String keras = String.join(", ", Framework.KERAS.storedOrder(kind));
        String dir = spec.directions() == 2 ? "[" + d + "]" : "[0]";
        String g = spec.bands() == 1 ? "u" : spec.bands() + "u";
        List<String> m = new ArrayList<>();
        String order = spec.bands() == 1 ? "" : ", gate blocks " + onnx + " -> " + keras;
        m.add("kernel = " + w.names().get(0) + dir + "^T (" + g + " x in -> in x " + g + order + ")");
        m.add("recurrent kernel = " + w.names().get(1) + dir + "^T (" + g + " x u -> u x " + g + order + ")");
        if (w.b() == null) {
            m.add("no B: both biases are zero");
        } else if (spec.op().equals("GRU") && spec.linearBeforeReset()) {
            m.add("bias = Wb, recurrent bias = Rb (" + w.names().get(2) + dir + " = [Wb | Rb], each reordered; "
                    + "linear_before_reset=1 adds Rb_h inside r * (h.R_h^T + Rb_h), as Keras's reset_after=True)");
        } else if (spec.op().equals("GRU")) {
            m.add("bias = Wb + Rb (" + w.names().get(2) + dir + " = [Wb | Rb], each reordered; linear_before_reset=0 "
                    + "adds every bias outside r's product, so it is Keras's reset_after=False with the summed bias)");
        } else {
            m.add("bias = Wb, recurrent bias = Rb (" + w.names().get(2) + dir + " = [Wb | Rb], each reordered; the "
                    + "cell adds both)");
        }
        if (w.p() != null) {
            m.add("peepholes = " + w.names().get(w.names().size() - 1) + dir + " (stored i, o, f; applied to z_i, z_f "
                    + "from c_prev and to z_o from the new c)");
        }
        if (d == 1 || spec.direction().equals("reverse")) {
            m.add("direction reverse: reads from the last valid step to the first; its Y keeps the input's time order");
        }
        return new Provenance(Framework.ONNX, w.names(), m);
    }

    /**
     * {@code M[c][k*u + j] = src[d][pos[k]*u + j][c]}: one direction of [D, bands*u, cols], transposed, reordered;
     * TILE rows at a time, read where they lie, so that reads and writes both stay in cache for a 100 MB file.
     */
    static DMatrixRMaj transposedBands(Stored src, int d, int bands, int u, int cols, int[] pos) {
        DMatrixRMaj m = new DMatrixRMaj(cols, bands * u);
        double[] out = m.data;
        int base = d * bands * u * cols;
        int width = bands * u;
        double[] tile = new double[TILE * cols];
        for (int k = 0; k < bands; k++) {
            for (int j0 = 0; j0 < u; j0 += TILE) {
                int rows = Math.min(TILE, u - j0);
                src.copy(base + (pos[k] * u + j0) * cols, tile, 0, rows * cols); // rows j0.. of gate k, contiguous
                for (int c = 0; c < cols; c++) {
                    int to = c * width + k * u + j0;
                    for (int j = 0; j < rows; j++) {
                        out[to + j] = tile[j * cols + c];
                    }
                }
            }
        }
        return m;
    }

    private static final int TILE = 32;
    /** Above this many values R is mapped on a thread of its own (a few ms of work; below it a thread costs more). */
    private static final long PARALLEL_VALUES = 1 << 20;

    /** {@code out[k*u + j] = src[offset + pos[k]*u + j]}. */
    static double[] bands(double[] src, int offset, int bands, int u, int[] pos) {
        double[] out = new double[bands * u];
        for (int k = 0; k < bands; k++) {
            System.arraycopy(src, offset + pos[k] * u, out, k * u, u);
        }
        return out;
    }

    private static double[] sum(double[] a, double[] b) {
        if (a == null) {
            return null;
        }
        double[] s = a.clone();
        for (int i = 0; i < s.length; i++) {
            s[i] += b[i];
        }
        return s;
    }

    private static double[] orZeros(double[] v, int n) {
        return v == null ? new double[n] : v;
    }
}
