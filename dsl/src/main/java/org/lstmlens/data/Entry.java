package org.lstmlens.data;

/** What a dataset reader yields, in the dataset's order: a {@link Sequence}, or a {@link Problem} where one was bad. */
public sealed interface Entry permits Sequence, Problem {
    /** The position in the dataset (0 is the first sequence, or the first window), also for a problem. */
    long index();
}
