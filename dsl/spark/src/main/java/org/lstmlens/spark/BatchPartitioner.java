package org.lstmlens.spark;

import org.apache.spark.Partitioner;
import org.lstmlens.data.DatasetJob;

/**
 * Sends each batch whole to one partition: the key is a sequence's index, its batch the job's
 * {@link DatasetJob#batchOf}, spread over the partitions by batch number. So each partition explains exactly the
 * batches a one-machine run forms.
 */
final class BatchPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final DatasetJob job;
    private final int partitions;

    BatchPartitioner(DatasetJob job, int partitions) {
        this.job = job;
        this.partitions = Math.max(1, partitions);
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    @Override
    public int getPartition(Object key) {
        return (int) Math.floorMod(job.batchOf((Long) key), (long) partitions);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BatchPartitioner p && p.job.batchSize() == job.batchSize() && p.partitions == partitions;
    }

    @Override
    public int hashCode() {
        return job.batchSize() * 31 + partitions;
    }
}
