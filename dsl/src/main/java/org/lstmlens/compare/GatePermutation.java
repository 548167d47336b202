package org.lstmlens.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.lstmlens.core.Band;
import org.lstmlens.core.CellWeights;
import org.lstmlens.model.Framework;

/**
 * Gates in another order: block j of the second file's W and U equals block q[j] of the first's, for a q that is a
 * permutation but not the identity. Only W and U decide (random-looking matrices; biases are often zeros or ones).
 */
final class GatePermutation {
    private GatePermutation() {
    }

    /** q with q[j] = the band of a that b's block j holds, or empty when there is no such permutation. */
    static Optional<int[]> find(CellWeights a, CellWeights b, List<Band> bands, Tolerance tol) {
        int n = bands.size();
        int[] q = new int[n];
        boolean[] used = new boolean[n];
        for (int j = 0; j < n; j++) {
            int found = -1;
            for (int k = 0; k < n; k++) {
                boolean same = tol.agree(a.kernelBlock(bands.get(k)).data, b.kernelBlock(bands.get(j)).data)
                        && tol.agree(a.recurrentBlock(bands.get(k)).data, b.recurrentBlock(bands.get(j)).data);
                if (same) {
                    if (found >= 0) {
                        return Optional.empty(); // two candidates: equal blocks say nothing about order
                    }
                    found = k;
                }
            }
            if (found < 0 || used[found]) {
                return Optional.empty();
            }
            used[found] = true;
            q[j] = found;
        }
        for (int j = 0; j < n; j++) {
            if (q[j] != j) {
                return Optional.of(q);
            }
        }
        return Optional.empty();
    }

    /**
     * The permutation in words: {@code gates f and c swapped (b's f holds a's c, b's c holds a's f)}, and, where the
     * order is another framework's, which one ({@code PyTorch's order r, z, n read as Keras's z, r, h}).
     */
    static String describe(int[] q, List<Band> bands, String cellKind) {
        List<String> moved = new ArrayList<>();
        for (int j = 0; j < q.length; j++) {
            if (q[j] != j) {
                moved.add("b's " + name(bands, j) + " holds a's " + name(bands, q[j]));
            }
        }
        String head;
        if (moved.size() == 2) {
            int j = firstMoved(q);
            head = "gates " + name(bands, j) + " and " + name(bands, q[j]) + " swapped";
        } else {
            List<String> order = new ArrayList<>();
            for (int k : q) {
                order.add(name(bands, k));
            }
            head = "gates in another order: b's blocks " + names(bands) + " hold a's " + String.join(", ", order);
        }
        return head + " (" + String.join(", ", moved) + ")" + frameworkOrder(q, bands, cellKind);
    }

    private static String frameworkOrder(int[] q, List<Band> bands, String cellKind) {
        int[] inverse = new int[q.length];
        for (int j = 0; j < q.length; j++) {
            inverse[q[j]] = j;
        }
        for (Framework f : Framework.values()) {
            int[] order = keras(f, cellKind);
            String stored = String.join(", ", f.storedOrder(cellKind));
            if (Arrays.equals(order, q)) {
                return ": b holds a's gates in " + f.title() + "'s order " + stored + ", read as Keras's "
                        + names(bands);
            }
            if (Arrays.equals(order, inverse)) {
                return ": a holds b's gates in " + f.title() + "'s order " + stored + ", read as Keras's "
                        + names(bands);
            }
        }
        return "";
    }

    /** The Keras band stored at each position of the framework's files. */
    private static int[] keras(Framework f, String cellKind) {
        int[] at = f.storedPositions(cellKind);
        int[] order = new int[at.length];
        for (int k = 0; k < at.length; k++) {
            order[at[k]] = k;
        }
        return order;
    }

    private static int firstMoved(int[] q) {
        for (int j = 0; j < q.length; j++) {
            if (q[j] != j) {
                return j;
            }
        }
        return -1;
    }

    private static String name(List<Band> bands, int k) {
        return bands.get(k).symbol();
    }

    private static String names(List<Band> bands) {
        List<String> n = new ArrayList<>();
        bands.forEach(b -> n.add(b.symbol()));
        return String.join(", ", n);
    }
}
