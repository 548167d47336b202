package org.lstmlens.spark;

import java.io.Serializable;

/**
 * The length a sequence is checked against, as the data package's one-machine run decides it: the job's
 * {@code steps} when given; otherwise none (0) up to and including the first usable sequence in the dataset's order,
 * and that sequence's length after it. A Spark partition cannot see the sequences before it, so the first usable
 * sequence is found by a scan of its own ({@link Scan}) and handed to every partition in this rule.
 *
 * @param steps the length after {@code firstUsable} (the job's, or the first usable sequence's; 0: none found)
 * @param firstUsable the index up to which sequences are checked without a length ({@code -1}: the job's length
 *     from the start)
 */
record LengthRule(int steps, long firstUsable) implements Serializable {
    /** The job's fixed length. */
    static LengthRule fixed(int steps) {
        return new LengthRule(steps, -1);
    }

    /** No length yet: what the scan for the first usable sequence checks with. */
    static LengthRule open() {
        return new LengthRule(0, Long.MAX_VALUE);
    }

    /** The length to check the sequence at {@code index} against (0: any). */
    int stepsAt(long index) {
        return index <= firstUsable ? 0 : steps;
    }
}
