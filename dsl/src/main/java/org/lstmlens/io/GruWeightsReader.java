package org.lstmlens.io;

import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.lstmlens.core.Activation;
import org.lstmlens.core.Band;
import org.lstmlens.core.CellWeights;
import org.lstmlens.core.GruCell;
import org.lstmlens.core.GruGate;
import org.lstmlens.core.Rnn;

/**
 * A GRU direction's arrays as canonical weights (blocks z, r, h; the recurrent bias kept apart), and its config as a
 * {@link GruCell} (../shared/notes/KERAS_FORMATS.md Part 2 §1-4, §2b). The bias shape says which GRU wrote it:
 * <ul>
 *   <li>(3u,): reset_after=False (Keras 1 {@code consume_less='gpu'}, Keras 2 multi-backend's default);</li>
 *   <li>(2, 3u): reset_after=True, row 0 the input bias, row 1 the recurrent bias (tf.keras 2, Keras 3);</li>
 *   <li>(6u,): CuDNNGRU, input then recurrent biases, kernels in cuDNN's raw blocks (converted as Keras's
 *       {@code _convert_rnn_weights} does); computes reset_after=True with sigmoid and tanh, fixed.</li>
 * </ul>
 * Keras 1's nine per-gate arrays ({@code W_z, U_z, b_z, W_r, ..., b_h}) are reset_after=False.
 */
final class GruWeightsReader extends WeightsReader {
    static final GruWeightsReader INSTANCE = new GruWeightsReader();

    private GruWeightsReader() {
    }

    @Override
    CellKind kind() {
        return CellKind.GRU;
    }

    @Override
    List<? extends Band> bands() {
        return List.of(GruGate.values());
    }

    @Override
    String[] keras1Order() {
        return new String[] {"z", "r", "h"};
    }

    @Override
    Boolean keras1ResetAfter() {
        return false;
    }

    @Override
    String expected() {
        return "3 arrays (kernel (in, 3u), recurrent kernel (u, 3u), bias (3u,), (2, 3u) or CuDNNGRU's (6u,)), 2 (no "
                + "bias) or Keras 1's 9 per-gate arrays (W_z, U_z, b_z, W_r, U_r, b_r, W_h, U_h, b_h)";
    }

    @Override
    Converted fused(NamedArray kernel, NamedArray recurrent, NamedArray bias, int in, int u, String file, String layer,
                    long stored) {
        int n = 3 * u;
        if (bias != null && bias.rank() == 1 && bias.size() == 2L * n) {
            DMatrixRMaj[] wr = cudnnKernels(kernel, recurrent, 3, in, u);
            double[] b = bias.data();
            return new Converted(CellWeights.of("CuDNNGRU", 3, wr[0], wr[1], Arrays.copyOfRange(b, 0, n),
                    Arrays.copyOfRange(b, n, 2 * n)), "cudnn", true, stored, true);
        }
        DMatrixRMaj w = DMatrixRMaj.wrap(in, n, kernel.data());
        DMatrixRMaj r = DMatrixRMaj.wrap(u, n, recurrent.data());
        if (bias == null) {
            return new Converted(CellWeights.of("GRU", 3, w, r, null, null), "fused", false, stored, null);
        }
        if (bias.rank() == 1 && bias.size() == n) {
            return new Converted(CellWeights.of("GRU", 3, w, r, bias.data(), null), "fused", false, stored, false);
        }
        if (bias.rank() == 2 && bias.rows() == 2 && bias.cols() == n) {
            double[] b = bias.data();
            return new Converted(CellWeights.of("GRU", 3, w, r, Arrays.copyOfRange(b, 0, n),
                    Arrays.copyOfRange(b, n, 2 * n)), "fused", false, stored, true);
        }
        throw bad(file, layer, "GRU bias \"" + bias.name() + "\" has shape " + bias.shapeText() + "; for " + u
                + " units (the recurrent kernel's rows) valid are (" + n + ",) with reset_after=False, (2, " + n
                + ") with reset_after=True, or (" + 2 * n + ",) for CuDNNGRU");
    }

    @Override
    CellWeights perGateWeights(DMatrixRMaj kernel, DMatrixRMaj recurrent, double[] bias) {
        return CellWeights.of("GRU", 3, kernel, recurrent, bias, null);
    }

    @Override
    Rnn layer(String name, Converted w, Json cell, KerasEra era, Assumptions assumptions, String file,
              boolean returnSequences, boolean goBackwards) {
        checkUnits(cell, w.weights().units(), "GRU", file, name);
        Boolean said = cell.has("reset_after") ? cell.bool("reset_after", false) : null;
        Boolean stored = w.resetAfter();
        int n = 3 * w.weights().units();
        if (said != null && stored != null && !said.equals(stored)) {
            String what = w.cudnn() ? "CuDNNGRU weights (a (" + 2 * n + ",) bias) compute reset_after=True"
                    : stored ? "the bias has shape (2, " + n + "), the input and recurrent biases of reset_after=True"
                    : w.layout().equals("keras1-per-gate") ? "Keras 1's per-gate arrays are reset_after=False"
                    : "the bias has shape (" + n + ",), the one bias of reset_after=False";
            throw bad(file, name, what + ", but the config says reset_after=" + (said ? "True" : "False")
                    + "; valid: reset_after=False with a (" + n + ",) bias, reset_after=True with a (2, " + n
                    + ") bias");
        }
        boolean resetAfter;
        if (stored != null) {
            resetAfter = stored;
        } else if (said != null) {
            resetAfter = said;
        } else {
            resetAfter = era.defaultResetAfter();
            assumptions.add("layer \"" + name + "\": neither the config nor the weights (no bias) say reset_after; "
                    + "assumed " + (resetAfter ? "True" : "False") + ", the default of " + era.label());
        }
        Activation act;
        Activation rec;
        if (w.cudnn()) {
            // cuDNN's GRU has no activation options
            act = Activation.TANH;
            rec = Activation.SIGMOID;
        } else {
            act = activation(cell, era, file, name);
            rec = recurrentActivation(cell, era, assumptions, file, name);
        }
        return new Rnn(name, new GruCell(w.weights(), act, rec, resetAfter), returnSequences, goBackwards);
    }
}
