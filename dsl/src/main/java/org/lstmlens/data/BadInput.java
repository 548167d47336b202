package org.lstmlens.data;

/**
 * What to do with a bad sequence ({@link Problem}): the user chooses; nothing is dropped silently, since a skipped
 * sequence is counted by kind in the summary and listed (the first ones) with where it was.
 */
public enum BadInput {
    /** Stop at the first bad sequence with a {@link BadInputException} naming it (the default). */
    REFUSE,
    /** Leave the sequence out, count it by kind, and go on. */
    SKIP
}
