package org.lstmlens.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lstmlens.core.Activation;
import org.lstmlens.core.LstmCell;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.core.LstmWeights;
import org.lstmlens.data.DatasetJob;
import org.lstmlens.data.Sequence;
import org.lstmlens.data.SequenceExplainer;
import org.lstmlens.model.Model;
import org.lstmlens.model.RecurrentLayer;

/**
 * Bytes allocated per traced pass of {@link IgDatasetBench}'s job (integrated gradients, 64 points, batches of 64
 * rows, 100 steps x 32 features -> LSTM(64)), counted by the JVM on the calling thread: one batch of 64 sequences
 * explained is 64 passes. Not timed. The backward pass's helper thread allocates only its small work arrays.
 *
 * <pre>  java -cp ... org.lstmlens.bench.IgAllocationBench</pre>
 */
public final class IgAllocationBench {
    private IgAllocationBench() {
    }

    public static void main(String[] args) {
        java.util.Random rnd = new java.util.Random(345);
        LstmLayer lstm = new LstmLayer("lstm", new LstmCell(LstmWeights.of(matrix(rnd, 32, 256), matrix(rnd, 64, 256),
                new double[256]), Activation.TANH, Activation.SIGMOID), false, false);
        Model model = Model.sequential("case (a)", RecurrentLayer.of(lstm));
        DatasetJob job = DatasetJob.forLoadedModel().integratedGradients(64).batchSize(64);
        SequenceExplainer e = SequenceExplainer.of(job, model);
        List<Sequence> batch = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            batch.add(IgDatasetBench.sequence(i));
        }
        com.sun.management.ThreadMXBean counter = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long before = counter.getThreadAllocatedBytes(id);
            e.explain(batch);
            best = Math.min(best, counter.getThreadAllocatedBytes(id) - before);
        }
        System.out.printf(Locale.ROOT, "%.1f MB per 64-row traced pass (%.0f MB per batch of 64 sequences, 64 passes)%n",
                best / 64 / 1e6, best / 1e6);
    }

    private static double[][] matrix(java.util.Random rnd, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (double[] r : m) {
            for (int j = 0; j < cols; j++) {
                r[j] = 0.2 * (2 * rnd.nextDouble() - 1);
            }
        }
        return m;
    }
}
