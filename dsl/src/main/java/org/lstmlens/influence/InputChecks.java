package org.lstmlens.influence;

import org.lstmlens.error.ShapeException;

/** Checks of what an influence question is given, each error naming where the problem is. */
final class InputChecks {
    private InputChecks() {
    }

    /**
     * NaN or infinite values would flow through every step and give NaN everywhere: refused where they are.
     *
     * @throws ShapeException naming the sample, timestep and feature
     */
    static void finite(double[][][] x, String what) {
        for (int b = 0; b < x.length; b++) {
            for (int t = 0; t < x[b].length; t++) {
                for (int j = 0; j < x[b][t].length; j++) {
                    if (!Double.isFinite(x[b][t][j])) {
                        throw new ShapeException(what + ": sample " + b + ", timestep " + t + ", feature " + j
                                + " is " + x[b][t][j] + "; influence needs finite numbers (leave padding out with "
                                + ".mask(...) or a Masking layer's value)");
                    }
                }
            }
        }
    }

    /**
     * A mask, if given, has one row per sequence and one value per timestep.
     *
     * @throws ShapeException naming the row that does not fit
     */
    static void mask(boolean[][] mask, double[][][] x, int steps) {
        if (mask == null) {
            return;
        }
        if (mask.length != x.length) {
            throw new ShapeException("mask: expected one row per sequence (" + x.length + "), got " + mask.length);
        }
        for (int b = 0; b < mask.length; b++) {
            if (mask[b] == null || mask[b].length != steps) {
                throw new ShapeException("mask: row " + b + " has " + (mask[b] == null ? "no values (null)"
                        : mask[b].length + " values") + " but the input has " + steps + " timesteps");
            }
        }
    }
}
