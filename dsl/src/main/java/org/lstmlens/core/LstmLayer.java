package org.lstmlens.core;


/**
 * An LSTM layer: the time loop of {@link Rnn} over an {@link LstmCell}, as Keras's {@code LSTM} runs it (where the
 * JVM allows it, each step is the fused vector step, on up to two threads; {@link #runFloat} computes in float32 as
 * Keras does). Immutable.
 */
public final class LstmLayer extends Rnn {

    public LstmLayer(String name, LstmCell cell, boolean returnSequences, boolean goBackwards) {
        super(name, cell, returnSequences, goBackwards);
    }

    @Override
    public LstmCell cell() {
        return (LstmCell) super.cell();
    }

    @Override
    public LstmWeights weights() {
        return cell().weights();
    }

    @Override
    public LstmLayer withReturnSequences(boolean value) {
        return new LstmLayer(name(), cell(), value, goBackwards());
    }

    @Override
    public LstmLayer withGoBackwards(boolean value) {
        return new LstmLayer(name(), cell(), returnSequences(), value);
    }

    public LstmLayer withCell(LstmCell value) {
        return new LstmLayer(name(), value, returnSequences(), goBackwards());
    }

    /** @throws org.lstmlens.error.LstmException unless {@code value} is an LSTM cell */
    @Override
    public LstmLayer withCell(RecurrentCell value) {
        if (!(value instanceof LstmCell)) {
            throw new org.lstmlens.error.LstmException("layer \"" + name() + "\" is an LSTM: its cell must be an"
                    + " LSTM cell, got a " + value.kind() + " cell");
        }
        return withCell((LstmCell) value);
    }

    @Override
    public LstmLayer withName(String value) {
        return new LstmLayer(value, cell(), returnSequences(), goBackwards());
    }
}
