package org.lstmlens.spark;

import org.apache.spark.Partitioner;

/**
 * Sends whole batches to a partition, consecutive batches to consecutive partitions: the key is a usable sequence's
 * rank, its batch {@code rank / batchSize}. So each partition explains exactly the batches a one-machine run would.
 */
final class BatchPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int batchSize;
    private final long batches;
    private final int partitions;

    BatchPartitioner(int batchSize, long sequences, int partitions) {
        this.batchSize = batchSize;
        this.batches = Math.max(1, (sequences + batchSize - 1) / batchSize);
        this.partitions = (int) Math.max(1, Math.min(partitions, batches));
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        long batch = (Long) key / batchSize;
        return (int) (batch * partitions / batches);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BatchPartitioner p && p.batchSize == batchSize && p.batches == batches
                && p.partitions == partitions;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(batches) * 31 + batchSize * 17 + partitions;
    }
}
