package org.lstmlens.data;

/**
 * A source of sequences read in order and streamed: each {@link #open()} starts a new pass that holds at most a few
 * rows or one sequence in memory, so a dataset larger than the heap can be run. Made by {@link Datasets}.
 */
public interface Dataset {
    /**
     * Starts a new pass over the entries, in the dataset's order.
     *
     * @throws org.lstmlens.error.LstmException when the file cannot be opened or is not of its kind (named)
     */
    DatasetReader open();

    /** Sequences in the dataset when known before reading it (for progress), else 0. */
    default long size() {
        return 0;
    }

    /** e.g. {@code x.npz["x"]: 1000 sequences x 12 steps x 1 feature}, or what is known before reading. */
    String describe();
}
