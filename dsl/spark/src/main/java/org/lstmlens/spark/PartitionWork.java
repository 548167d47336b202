package org.lstmlens.spark;

import java.io.Serializable;
import org.apache.spark.broadcast.Broadcast;
import org.lstmlens.data.DatasetJob;

/**
 * What every function a {@link SparkDatasetRun} ships to its executors needs: the job, the broadcast model, how the
 * rows hold their values, and the length rule. Each partition loads the model from the broadcast bytes once
 * ({@link #checks()}).
 */
final class PartitionWork implements Serializable {
    private static final long serialVersionUID = 1L;

    final DatasetJob job;
    private final Broadcast<ModelFiles> model;
    private final boolean flat;
    private final LengthRule rule;

    PartitionWork(DatasetJob job, Broadcast<ModelFiles> model, boolean flat, LengthRule rule) {
        this.job = job;
        this.model = model;
        this.flat = flat;
        this.rule = rule;
    }

    /** The same work under another length rule. */
    PartitionWork with(LengthRule r) {
        return new PartitionWork(job, model, flat, r);
    }

    /** The model loaded for this partition, with the checks of its rows. */
    RowChecks checks() {
        return new RowChecks(model.value().explainer(job), flat, rule);
    }
}
