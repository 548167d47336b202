package org.lstmlens.core;

/**
 * The two formulas Keras has used under the one name {@code hard_sigmoid}. A file's era decides which one its
 * numbers were computed with; LSTM Lens never guesses it silently.
 */
public enum HardSigmoid {
    /** Keras 1, Keras 2, tf.keras up to 2.15, TF.js: {@code clip(0.2x + 0.5, 0, 1)}. */
    KERAS_2("0.2x+0.5", 0.2),
    /** Keras 3 (and tf.keras from TF 2.16): {@code clip(x/6 + 0.5, 0, 1)}. */
    KERAS_3("x/6+0.5", 1.0 / 6.0);

    private final String formula;
    private final double slope;

    HardSigmoid(String formula, double slope) {
        this.formula = formula;
        this.slope = slope;
    }

    public String formula() {
        return formula;
    }

    public double slope() {
        return slope;
    }
}
