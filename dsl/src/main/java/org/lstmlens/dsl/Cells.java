package org.lstmlens.dsl;

import java.util.Optional;
import org.lstmlens.core.Activation;
import org.lstmlens.core.Band;
import org.lstmlens.core.GruCell;
import org.lstmlens.core.LstmCell;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.core.RecurrentCell;
import org.lstmlens.core.Rnn;
import org.lstmlens.core.SimpleRnnCell;
import org.lstmlens.error.LstmException;

/**
 * What the views need of a cell that the core keeps per cell class: a copy with other activations, a layer around a
 * new cell (an LSTM keeps its {@link LstmLayer}, whose runs take the fused pass), the recurrent activation of the
 * cells that have gates.
 */
final class Cells {
    private Cells() {
    }

    /** The activation of the gates (Keras {@code recurrent_activation}), or empty for a cell without gates. */
    static Optional<Activation> recurrentActivation(RecurrentCell cell) {
        for (Band b : cell.bands()) {
            if (b.usesRecurrentActivation()) {
                return Optional.of(cell.activationOf(b));
            }
        }
        return Optional.empty();
    }

    /**
     * The same cell with other activations; {@code recurrent} must be null for a SimpleRNN.
     *
     * @param where the view's path, for the message
     */
    static RecurrentCell withActivations(RecurrentCell cell, Activation activation, Activation recurrent,
                                         String where) {
        if (cell instanceof LstmCell) {
            return ((LstmCell) cell).withActivations(activation, recurrent);
        }
        if (cell instanceof GruCell) {
            return ((GruCell) cell).withActivations(activation, recurrent);
        }
        if (cell instanceof SimpleRnnCell) {
            if (recurrent != null) {
                throw noGates(where);
            }
            return ((SimpleRnnCell) cell).withActivation(activation);
        }
        throw new LstmException(where + ": cannot change the activations of a " + cell.kind() + " cell");
    }

    /** The layer with another cell of the same kind, keeping its name and settings. */
    static Rnn withCell(Rnn layer, RecurrentCell cell) {
        if (layer instanceof LstmLayer) {
            return ((LstmLayer) layer).withCell((LstmCell) cell);
        }
        return new Rnn(layer.name(), cell, layer.returnSequences(), layer.goBackwards());
    }

    /** The message for a call about gates on a SimpleRNN. */
    static LstmException noGates(String where) {
        return new LstmException(where + " is a SimpleRNN: it has no gates and so no recurrent_activation, only its"
                + " activation (activation(...))");
    }
}
