package org.lstmlens.influence;

import java.util.ArrayList;
import java.util.List;
import org.lstmlens.model.Tensor;

/**
 * What each explained sequence brings besides the values attributed: its mask, and the values of the model's other
 * inputs, held fixed. Rows built from a sequence (path points, occluded copies) take its row of each. Immutable.
 */
final class Inputs {
    private final boolean[][] mask;           // per sequence, or null
    private final List<double[][][]> others;  // per model input, null at the explained one

    Inputs(boolean[][] mask, List<double[][][]> others) {
        this.mask = mask;
        this.others = others;
    }

    /** The explained input for {@code rows}, with the mask of the sequence each row belongs to. */
    Tensor explained(double[][][] rows, int[] samples) {
        Tensor x = Tensor.of(rows);
        if (mask == null) {
            return x;
        }
        boolean[][] m = new boolean[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            m[r] = mask[samples[r]];
        }
        return x.withMask(m);
    }

    /** Every other model input at the rows of {@code samples}; null at the explained input. */
    List<Tensor> others(int[] samples) {
        List<Tensor> t = new ArrayList<>();
        for (double[][][] o : others) {
            if (o == null) {
                t.add(null);
                continue;
            }
            double[][][] rows = new double[samples.length][][];
            for (int r = 0; r < rows.length; r++) {
                rows[r] = o[samples[r]];
            }
            t.add(Tensor.of(rows));
        }
        return t;
    }
}
