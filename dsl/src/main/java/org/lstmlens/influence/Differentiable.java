package org.lstmlens.influence;

import org.lstmlens.core.Rnn;
import org.lstmlens.core.SequenceBatch;

/**
 * A model that maps a batch of sequences to outputs and can send the gradient of one output step back to its input:
 * what every attribution method needs, and all it needs. A single {@link Rnn} and an LSTM followed by a
 * {@link DenseHead}, stacked LSTMs ({@code LstmModel}) and a Bidirectional LSTM ({@code BidirectionalLstm})
 * implement it here; whole loaded models (Embedding, other heads, graphs) plug in by implementing the same calls.
 *
 * <p>Outputs are indexed by processing step: {@code steps} of them when the model returns sequences, otherwise one,
 * at step {@code steps - 1}.
 */
public interface Differentiable {

    /** A short name for views, e.g. the layer's name. */
    String name();

    /** Features per timestep of the input. */
    int features();

    /** Values per output step (units of the last layer). */
    int outputs();

    /** Whether every step has an output (return_sequences) or only the last one. */
    boolean sequenceOutput();

    /**
     * The outputs at one processing step, {@code [sample][output]}, without keeping anything for a backward pass.
     *
     * @param x the input. Not modified.
     * @param mask null, or {@code mask[sample][timestep]} in input time order
     * @param step the output step: any step with sequence output, else the last
     */
    double[][] predict(SequenceBatch x, boolean[][] mask, int step);

    /** A forward pass that keeps what {@link Pass#inputGradient} needs. */
    Pass trace(SequenceBatch x, boolean[][] mask);

    /** One forward pass, ready to be differentiated. */
    interface Pass {
        /** The outputs at one processing step, {@code [sample][output]}. */
        double[][] output(int step);

        /**
         * dL/dx (samples x timesteps x features, input time order) for {@code L = sum(dOutput * output(step))}.
         *
         * @param dOutput {@code [sample][output]}. Not modified.
         */
        SequenceBatch inputGradient(int step, double[][] dOutput);
    }

    /** A single LSTM layer, its outputs being h. */
    static Differentiable of(Rnn layer) {
        return new LstmModel(java.util.List.of(layer), null);
    }

    /** An LSTM layer followed by a Dense layer applied to its output (at every step with return_sequences). */
    static Differentiable of(Rnn layer, DenseHead head) {
        return new LstmModel(java.util.List.of(layer), head);
    }

    /**
     * Stacked LSTM layers, bottom first (all but the top returning sequences), then an optional Dense head.
     *
     * @param head the Dense layer on top, or null
     * @throws org.lstmlens.error.ShapeException if the layers do not chain or the head does not fit
     */
    static Differentiable stack(java.util.List<Rnn> layers, DenseHead head) {
        return new LstmModel(layers, head);
    }

    /**
     * Keras's {@code Bidirectional(LSTM)}: {@code forward} reads forwards, {@code backward} with go_backwards, merged
     * by {@code merge} (concat, sum, ave, mul), then an optional Dense head.
     *
     * @throws org.lstmlens.error.NameException for an unknown merge mode
     * @throws org.lstmlens.error.ShapeException if the layers or the head do not fit together
     */
    static Differentiable bidirectional(Rnn forward, Rnn backward, String merge, DenseHead head) {
        return new BidirectionalLstm(forward, backward, merge, head);
    }

    /**
     * A whole loaded Keras model with one input and one output, Sequential or a Functional graph (InputLayer,
     * Masking, Embedding first, LSTM, Bidirectional, Dense, TimeDistributed(Dense), Activation with softmax, Flatten,
     * RepeatVector, Concatenate, Add and the other merges, Dropout and the like), each layer differentiated by its own
     * backward pass. After an Embedding the input is the embedded vectors.
     *
     * @throws org.lstmlens.error.LstmException for a weights-only model, several inputs or outputs, or a layer
     *     without a backward pass (named)
     */
    static Differentiable of(org.lstmlens.model.Model model) {
        return LoadedModel.of(java.util.Objects.requireNonNull(model, "model"));
    }
}
