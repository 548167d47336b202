package org.lstmlens.io;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.lstmlens.core.Band;
import org.lstmlens.core.CellWeights;
import org.lstmlens.core.Rnn;
import org.lstmlens.core.SimpleRnnBand;
import org.lstmlens.core.SimpleRnnCell;

/**
 * A SimpleRNN direction's arrays, the same in every Keras era (../shared/notes/KERAS_FORMATS.md Part 2 §1, §2, §4):
 * kernel (in, u), recurrent kernel (u, u), bias (u,) (Keras 1 names them {@code simplernn_1_W}, {@code _U},
 * {@code _b}); no bias with use_bias=False. Only {@code activation} (default tanh) configures the cell.
 */
final class SimpleRnnWeightsReader extends WeightsReader {
    static final SimpleRnnWeightsReader INSTANCE = new SimpleRnnWeightsReader();

    private SimpleRnnWeightsReader() {
    }

    @Override
    CellKind kind() {
        return CellKind.SIMPLE_RNN;
    }

    @Override
    List<? extends Band> bands() {
        return List.of(SimpleRnnBand.values());
    }

    @Override
    String[] keras1Order() {
        return null; // Keras 1's SimpleRNN already stores W, U, b
    }

    @Override
    String expected() {
        return "3 arrays (kernel (in, u), recurrent kernel (u, u), bias (u,)) or 2 (no bias)";
    }

    @Override
    Converted fused(NamedArray kernel, NamedArray recurrent, NamedArray bias, int in, int u, String file, String layer,
                    long stored) {
        if (bias != null && (bias.rank() != 1 || bias.size() != u)) {
            throw bad(file, layer, "SimpleRNN bias \"" + bias.name() + "\" has shape " + bias.shapeText()
                    + "; valid: (" + u + ",), one value per unit (" + u + " units: the recurrent kernel's rows)");
        }
        DMatrixRMaj w = DMatrixRMaj.wrap(in, u, kernel.data());
        DMatrixRMaj r = DMatrixRMaj.wrap(u, u, recurrent.data());
        return new Converted(CellWeights.of("SimpleRNN", 1, w, r, bias == null ? null : bias.data(), null), "fused",
                false, stored, null);
    }

    @Override
    CellWeights perGateWeights(DMatrixRMaj kernel, DMatrixRMaj recurrent, double[] bias) {
        throw new IllegalStateException("SimpleRNN has no per-gate layout");
    }

    @Override
    Rnn layer(String name, Converted w, Json cell, KerasEra era, Assumptions assumptions, String file,
              boolean returnSequences, boolean goBackwards) {
        checkUnits(cell, w.weights().units(), "SimpleRNN", file, name);
        return new Rnn(name, new SimpleRnnCell(w.weights(), activation(cell, era, file, name)), returnSequences,
                goBackwards);
    }
}
