package org.lstmlens.io;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.lstmlens.core.Activation;
import org.lstmlens.core.Band;
import org.lstmlens.core.CellWeights;
import org.lstmlens.core.Gate;
import org.lstmlens.core.LstmCell;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.core.LstmWeights;
import org.lstmlens.core.Rnn;

/**
 * An LSTM direction's arrays as {@link LstmWeights} (gate blocks i, f, c, o), and its config as an {@link LstmCell}
 * (../shared/notes/KERAS_FORMATS.md section 6):
 * <ul>
 *   <li>Keras 1 per gate: 12 arrays {@code W_i, U_i, b_i, W_c, U_c, b_c, W_f, U_f, b_f, W_o, U_o, b_o} (c before f);
 *   </li>
 *   <li>Keras 1 {@code consume_less='gpu'}, Keras 2, tf.keras, Keras 3: kernel, recurrent kernel, bias (4u,);</li>
 *   <li>CuDNNLSTM: an {@code 8u} bias (input then recurrent biases, summed) and cuDNN's raw kernel blocks; the cell
 *       is fixed to tanh and sigmoid.</li>
 * </ul>
 */
final class LstmWeightsReader extends WeightsReader {
    static final LstmWeightsReader INSTANCE = new LstmWeightsReader();

    private LstmWeightsReader() {
    }

    @Override
    CellKind kind() {
        return CellKind.LSTM;
    }

    @Override
    List<? extends Band> bands() {
        return List.of(Gate.values());
    }

    @Override
    String[] keras1Order() {
        return new String[] {"i", "c", "f", "o"};
    }

    @Override
    String expected() {
        return "3 arrays (kernel (in, 4u), recurrent kernel (u, 4u), bias (4u,) or CuDNNLSTM's (8u,)), 2 (no bias) or"
                + " Keras 1's 12 per-gate arrays (W_i, U_i, b_i, W_c, ...)";
    }

    @Override
    Converted fused(NamedArray kernel, NamedArray recurrent, NamedArray bias, int in, int u, String file, String layer,
                    long stored) {
        if (bias != null && bias.rank() == 1 && bias.size() == 8L * u) {
            DMatrixRMaj[] wr = cudnnKernels(kernel, recurrent, 4, in, u);
            double[] b8 = bias.data();
            double[] b = new double[4 * u];
            for (int j = 0; j < 4 * u; j++) {
                b[j] = b8[j] + b8[4 * u + j];
            }
            return new Converted(LstmWeights.of(wr[0], wr[1], b), "cudnn", true, stored, null);
        }
        if (bias != null && (bias.rank() != 1 || bias.size() != 4L * u)) {
            throw bad(file, layer, "bias should hold " + 4 * u + " values (4 * units, units = " + u + "), or " + 8 * u
                    + " for CuDNNLSTM; has shape " + bias.shapeText() + " (\"" + bias.name() + "\")");
        }
        DMatrixRMaj w = DMatrixRMaj.wrap(in, 4 * u, kernel.data());
        DMatrixRMaj r = DMatrixRMaj.wrap(u, 4 * u, recurrent.data());
        return new Converted(LstmWeights.of(w, r, bias == null ? null : bias.data()), "fused", false, stored, null);
    }

    @Override
    CellWeights perGateWeights(DMatrixRMaj kernel, DMatrixRMaj recurrent, double[] bias) {
        return LstmWeights.of(kernel, recurrent, bias);
    }

    @Override
    Rnn layer(String name, Converted w, Json cell, KerasEra era, Assumptions assumptions, String file,
              boolean returnSequences, boolean goBackwards) {
        checkUnits(cell, w.weights().units(), "LSTM", file, name);
        Activation act;
        Activation rec;
        if (w.cudnn()) {
            // cuDNN's LSTM has no activation options
            act = Activation.TANH;
            rec = Activation.SIGMOID;
        } else {
            act = activation(cell, era, file, name);
            rec = recurrentActivation(cell, era, assumptions, file, name);
        }
        return new LstmLayer(name, new LstmCell((LstmWeights) w.weights(), act, rec), returnSequences, goBackwards);
    }
}
