package org.lstmlens.dsl;

import java.util.Optional;
import org.lstmlens.core.Activation;
import org.lstmlens.core.RecurrentCell;
import org.lstmlens.core.Rnn;
import org.lstmlens.error.LstmException;

/**
 * What the views need of a cell, with the views' own messages: a copy with other activations, a layer around a new
 * cell (an LSTM keeps its LstmLayer, whose runs take the fused pass), the recurrent activation of cells with gates.
 */
final class Cells {
    private Cells() {
    }

    /** The activation of the gates (Keras {@code recurrent_activation}), or empty for a cell without gates. */
    static Optional<Activation> recurrentActivation(RecurrentCell cell) {
        return cell.gateActivation();
    }

    /**
     * The same cell with other activations; {@code recurrent} must be null for a SimpleRNN.
     *
     * @param where the view's path, for the message
     */
    static RecurrentCell withActivations(RecurrentCell cell, Activation activation, Activation recurrent,
                                         String where) {
        if (recurrent != null && !cell.gateActivation().isPresent()) {
            throw noGates(where);
        }
        return cell.withActivations(activation, recurrent);
    }

    /** The layer with another cell of the same kind, keeping its name and settings. */
    static Rnn withCell(Rnn layer, RecurrentCell cell) {
        return layer.withCell(cell);
    }

    /** The message for a call about gates on a SimpleRNN. */
    static LstmException noGates(String where) {
        return new LstmException(where + " is a SimpleRNN: it has no gates and so no recurrent_activation, only its"
                + " activation (activation(...))");
    }
}
