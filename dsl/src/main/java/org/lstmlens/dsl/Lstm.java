package org.lstmlens.dsl;

import org.lstmlens.core.ParamCount;

/**
 * The entry point of the DSL. A notebook has one bound as {@code lstm}; everything starts here:
 * {@code lstm.load("m.h5")}, {@code lstm.layer(kernel, recurrent, bias)}, {@code lstm.params(2, 1)}.
 */
public final class Lstm {

    /** The parameters Keras counts for an LSTM of {@code units} on {@code features} inputs, with a bias. */
    public ParamCount params(int features, int units) {
        return ParamCount.of(features, units, true);
    }

    @Override
    public String toString() {
        return "lstm: LSTM Lens";
    }
}
