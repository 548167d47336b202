package org.lstmlens.influence;

/** How an attribution is computed. */
public enum Method {
    /** dL/dx: how sensitive the output is to each input value (saliency). */
    GRADIENT("gradient"),
    /** x * dL/dx: the first-order share of each input value. */
    GRADIENT_X_INPUT("gradient x input"),
    /** (x - baseline) times the gradient averaged along the straight path; sums to f(x) - f(baseline). */
    INTEGRATED_GRADIENTS("integrated gradients"),
    /** f(x) - f(x with a window of timesteps replaced by the baseline). */
    OCCLUSION("occlusion");

    private final String label;

    Method(String label) {
        this.label = label;
    }

    /** e.g. {@code integrated gradients}. */
    public String label() {
        return label;
    }
}
