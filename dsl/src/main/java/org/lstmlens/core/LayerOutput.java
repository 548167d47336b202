package org.lstmlens.core;

import java.util.Optional;

/**
 * What a layer run returned: the output (every step's output with {@code returnSequences}, in processing order, or
 * the last one), the final state (h, and c for an LSTM), and the trace when one was asked for. Immutable.
 */
public final class LayerOutput {
    private final Rnn layer;
    private final int batch;
    private final int steps;
    private final double[] out; // time-major: ((s * batch) + b) * units
    private final RnnState last;
    private final Trace trace;

    LayerOutput(Rnn layer, int batch, int steps, double[] out, RnnState last, Trace trace) {
        this.layer = layer;
        this.batch = batch;
        this.steps = steps;
        this.out = out;
        this.last = last;
        this.trace = trace;
    }

    public Rnn layer() {
        return layer;
    }

    public int batch() {
        return batch;
    }

    /** Timesteps processed. */
    public int steps() {
        return steps;
    }

    /** Values of each output step: the layer's units, or an LSTM's projection size p where it projects. */
    public int units() {
        return layer.outputSize();
    }

    public boolean isSequence() {
        return layer.returnSequences();
    }

    /** Output of one sample at processing step {@code step} (needs returnSequences), one unit. */
    public double output(int sample, int step, int unit) {
        if (!isSequence()) {
            throw new org.lstmlens.error.ShapeException("layer \"" + layer.name()
                    + "\" returns only its last output (return_sequences=False); ask for output(sample, unit)");
        }
        return out[((step * batch) + sample) * units() + unit];
    }

    /** The output a Keras model sees: the last output, or for returnSequences the output at the last step. */
    public double output(int sample, int unit) {
        int s = isSequence() ? steps - 1 : 0;
        return out[((s * batch) + sample) * units() + unit];
    }

    /** With returnSequences, {@code [sample][step][unit]}; otherwise {@code [sample][1][unit]} holding the last output. */
    public double[][][] toArray() {
        int s = isSequence() ? steps : 1;
        return SequenceBatch.timeMajor(batch, s, units(), out).toArray();
    }

    /** The output as the input of a next layer: all steps, or one step of the last output. */
    public SequenceBatch asSequence() {
        return SequenceBatch.timeMajor(batch, isSequence() ? steps : 1, units(), out);
    }

    /** The last output per sample, {@code [sample][unit]}. */
    public double[][] lastOutput() {
        double[][] r = new double[batch][units()];
        for (int b = 0; b < batch; b++) {
            for (int k = 0; k < units(); k++) {
                r[b][k] = output(b, k);
            }
        }
        return r;
    }

    /** The final recurrent state (h, c): with masks, the state at each sample's last unmasked step. */
    public RnnState state() {
        return last;
    }

    public Optional<Trace> trace() {
        return Optional.ofNullable(trace);
    }

    @Override
    public String toString() {
        return "LayerOutput[" + layer.name() + ", batch=" + batch + ", steps=" + steps + ", units=" + units()
                + (isSequence() ? ", sequence" : ", last") + (trace != null ? ", traced" : "") + "]";
    }
}
