package org.lstmlens.core;

/**
 * One block of a recurrent cell's weights: the columns of the kernel, the recurrent kernel and the bias that belong
 * to one gate (LSTM i, f, c, o; GRU z, r, h) or, for SimpleRNN, to the single state block. Blocks are packed side by
 * side along the {@code bands * units} axis, in the order the cell's {@link RecurrentCell#bands()} lists them: the
 * column of unit k of a band is {@code index() * units + k}, here and nowhere else.
 */
public interface Band {
    /** One letter as in the equations: i, f, c, o; z, r, h. */
    String symbol();

    /** In words: "forget gate", "reset gate". */
    String title();

    /** Position of the block along the {@code bands * units} axis. */
    int index();

    /** Whether the block is squashed by the recurrent activation (gates) rather than the activation. */
    boolean usesRecurrentActivation();

    /** First column of this band's block. */
    default int start(int units) {
        return index() * units;
    }

    /** Column of one unit of this band in the kernel, recurrent kernel and bias. */
    default int column(int units, int unit) {
        return index() * units + unit;
    }
}
