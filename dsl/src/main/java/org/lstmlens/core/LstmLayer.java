package org.lstmlens.core;

import org.lstmlens.error.ShapeException;

/**
 * An LSTM layer: the time loop of {@link Rnn} over an {@link LstmCell}, as Keras's {@code LSTM} runs it, with two
 * faster passes of the same arithmetic. Where the JVM allows it, runs take the fused vector pass ({@link VectorPass}:
 * h.U in registers, on up to two threads, filling the trace when one is asked for); {@link #runFloat} computes in
 * float32 as Keras does. The loop of {@link Rnn} is the reference both are tested against. Immutable.
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

    @Override
    public LayerOutput run(SequenceBatch x, boolean[][] mask, RnnState initial, boolean trace) {
        checkInput(x, mask, initial);
        if (fused()) {
            Trace tr = trace ? new Trace(this, x, mask, initial, x.batch(), x.steps()) : null;
            FusedRequest q = request(x, mask, initial, 0);
            FusedRequest.Result r = VectorPass.run(weights().fused(), tr == null ? q : tr.fillBy(q));
            return new LayerOutput(this, x.batch(), x.steps(), r.out, new RnnState(x.batch(), units(), r.h, r.c),
                    tr);
        }
        return loop(x, mask, initial, trace);
    }

    /**
     * Runs the layer in float32, as Keras computes (weights, input and state rounded to float once, every product
     * and activation in float). For users who want Keras's own numbers and speed; {@link #run} is the exact double
     * reference. The output holds the float results widened to double. No trace: trace in double.
     *
     * @param x the input, batch x steps x inputDim. Not modified.
     * @param mask null, or {@code mask[sample][timestep]} in input time order (false = skip that step)
     * @param initial null for zeros, or the state (h, c) to start from, one row per sample
     * @throws ShapeException if the input's features, the mask or the state do not fit the layer
     */
    public LayerOutput runFloat(SequenceBatch x, boolean[][] mask, RnnState initial) {
        checkInput(x, mask, initial);
        if (fused()) {
            FusedRequest.Result r = VectorPass.runFloat(weights().fused(), request(x, mask, initial, 0));
            return new LayerOutput(this, x.batch(), x.steps(), r.out, new RnnState(x.batch(), units(), r.h, r.c),
                    null);
        }
        return FloatPass.run(this, weights().floats(), x, mask, initial);
    }

    /** The float32 layer loop, whatever the JVM offers (see {@link #loop}). */
    LayerOutput loopFloat(SequenceBatch x, boolean[][] mask, RnnState initial) {
        checkInput(x, mask, initial);
        return FloatPass.run(this, weights().floats(), x, mask, initial);
    }

    /** The fused pass on exactly {@code workers} threads (1 or 2), for tests of its split; traced in double. */
    LayerOutput fused(SequenceBatch x, boolean[][] mask, RnnState initial, int workers, boolean float32) {
        checkInput(x, mask, initial);
        Trace tr = float32 ? null : new Trace(this, x, mask, initial, x.batch(), x.steps());
        FusedRequest q = request(x, mask, initial, workers);
        FusedRequest.Result r = float32 ? VectorPass.runFloat(weights().fused(), q)
                : VectorPass.run(weights().fused(), tr.fillBy(q));
        return new LayerOutput(this, x.batch(), x.steps(), r.out, new RnnState(x.batch(), units(), r.h, r.c), tr);
    }

    /** Runs in float32 with zero initial state and no mask; see {@link #runFloat(SequenceBatch, boolean[][], RnnState)}. */
    public LayerOutput runFloat(SequenceBatch x) {
        return runFloat(x, null, null);
    }

    /** Whether untraced runs take the fused vector pass in this JVM. */
    boolean fused() {
        return VectorPass.available();
    }

    private FusedRequest request(SequenceBatch x, boolean[][] mask, RnnState initial, int workers) {
        return new FusedRequest(x.data(), x.batch(), x.steps(), mask, initial == null ? null : initial.hData(),
                initial == null ? null : initial.cData(), goBackwards(), returnSequences(), cell().activation(),
                cell().recurrentActivation(), workers);
    }
}
