package org.lstmlens.compare;

import java.util.ArrayList;
import java.util.List;
import org.lstmlens.error.NameException;

/**
 * One gate's weights of two files side by side, in the core's (Keras's) layout: the largest |a - b| of its block of
 * the kernel {@code W}, the recurrent kernel {@code U}, the bias {@code b} and, where either file keeps a second
 * (recurrent) bias, {@code b'} and the sum {@code b+b'}. Where only the sum enters the math (an LSTM's gates, a GRU's z
 * and r) the two biases apart are shown but do not count: PyTorch's bias_ih and bias_hh against Keras's one bias
 * agree when their sum does. Immutable.
 */
public final class GateWeights {
    /**
     * One array's block.
     *
     * @param array {@code W}, {@code U}, {@code b}, {@code b'} or {@code b+b'}
     * @param largest the largest |a - b| over the block (a missing bias counts as zeros)
     * @param agree whether every value agrees within the tolerance
     * @param counts whether it decides if the weights are the same (not for biases apart whose sum is what counts)
     */
    public record Row(String array, double largest, boolean agree, boolean counts) {
    }

    private final String gate;
    private final List<Row> rows;

    GateWeights(String gate, List<Row> rows) {
        this.gate = gate;
        this.rows = List.copyOf(rows);
    }

    /** The gate, in Keras's letters: i, f, c, o; z, r, h; h. */
    public String gate() {
        return gate;
    }

    public List<Row> rows() {
        return rows;
    }

    /** The arrays compared, e.g. {@code [W, U, b]} or {@code [W, U, b, b', b+b']}. */
    public List<String> arrays() {
        List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.array()));
        return out;
    }

    /**
     * The largest |a - b| of one array's block of this gate: {@code largest("U")}.
     *
     * @throws NameException for an array not compared here, naming those that are
     */
    public double largest(String array) {
        return row(array).largest();
    }

    /** @throws NameException for an array not compared here */
    public Row row(String array) {
        for (Row r : rows) {
            if (r.array().equals(array)) {
                return r;
            }
        }
        throw NameException.unknown("array", array, "gate " + gate, arrays());
    }

    /** Whether every array that counts agrees. */
    public boolean agree() {
        return rows.stream().allMatch(r -> r.agree() || !r.counts());
    }

    /** The largest |a - b| among the arrays that count. */
    public double largestCounted() {
        return rows.stream().filter(Row::counts).mapToDouble(Row::largest).max().orElse(0);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("gate " + gate + ":");
        rows.forEach(r -> sb.append(' ').append(r.array()).append(' ').append(org.lstmlens.render.Num.format(
                r.largest())).append(r.agree() ? "" : "*"));
        return sb.toString();
    }
}
