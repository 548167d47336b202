/**
 * Whole datasets: sequences read in the forms users keep them ({@link org.lstmlens.data.Datasets}: .npy, .npz, CSV,
 * HDF5, Java arrays), streamed in batches with an explicit policy for bad input ({@link org.lstmlens.data.BadInput});
 * a serialisable description of the work ({@link org.lstmlens.data.DatasetJob}); the per-batch function that turns
 * sequences into per-sequence results ({@link org.lstmlens.data.SequenceExplainer},
 * {@link org.lstmlens.data.SequenceResult}); and the aggregate that merges associatively and commutatively, exactly
 * ({@link org.lstmlens.data.DatasetSummary}), so that one thread, all cores and a cluster give the same numbers.
 * {@link org.lstmlens.data.DatasetRun} runs a job over a dataset on all cores, with progress and partial results on
 * interrupt.
 */
package org.lstmlens.data;
