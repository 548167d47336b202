package org.lstmlens.model;

import java.util.List;

/** How Keras combines the masks of several inputs (merge layers): a step is kept only where every mask keeps it. */
final class Masks {
    private Masks() {
    }

    static boolean[][] and(List<Tensor> inputs) {
        boolean[][] out = null;
        for (Tensor t : inputs) {
            boolean[][] m = t.maskData();
            if (m == null) {
                continue;
            }
            if (out == null) {
                out = new boolean[m.length][];
                for (int b = 0; b < m.length; b++) {
                    out[b] = m[b].clone();
                }
            } else {
                for (int b = 0; b < m.length; b++) {
                    for (int s = 0; s < m[b].length; s++) {
                        out[b][s] &= m[b][s];
                    }
                }
            }
        }
        return out;
    }
}
