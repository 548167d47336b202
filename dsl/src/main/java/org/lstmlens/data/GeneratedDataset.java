package org.lstmlens.data;

import java.util.function.LongFunction;

/** Sequences made on demand from their index: nothing is held beyond the one being read. */
final class GeneratedDataset implements Dataset {
    private final long count;
    private final LongFunction<Sequence> make;

    GeneratedDataset(long count, LongFunction<Sequence> make) {
        this.count = count;
        this.make = make;
    }

    @Override
    public DatasetReader open() {
        return new DatasetReader() {
            private long next;

            @Override
            public Entry next() {
                return next < count ? make.apply(next++) : null;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public long size() {
        return count;
    }

    @Override
    public String describe() {
        return count + " generated sequences";
    }
}
