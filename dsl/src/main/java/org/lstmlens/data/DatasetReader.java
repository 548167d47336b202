package org.lstmlens.data;

/** One pass over a {@link Dataset}: entries in order, one at a time. Not thread-safe; close it when done. */
public interface DatasetReader extends AutoCloseable {
    /**
     * The next sequence, or a {@link Problem} where a sequence or row was bad; null at the end.
     *
     * @throws org.lstmlens.error.LstmException when the file itself breaks off (truncated, not of its format)
     */
    Entry next();

    @Override
    void close();
}
