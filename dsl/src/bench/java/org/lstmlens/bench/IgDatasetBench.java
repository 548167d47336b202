package org.lstmlens.bench;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.lstmlens.core.Activation;
import org.lstmlens.core.LstmCell;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.core.LstmWeights;
import org.lstmlens.data.DatasetJob;
import org.lstmlens.data.DatasetRun;
import org.lstmlens.data.Datasets;
import org.lstmlens.data.Sequence;
import org.lstmlens.data.SequenceExplainer;
import org.lstmlens.data.SequenceResult;
import org.lstmlens.model.Model;
import org.lstmlens.model.RecurrentLayer;

/**
 * Integrated gradients (64 points, zero baseline, midpoint rule) over a dataset of case (a)'s shape (32 features ->
 * LSTM(64), 100 steps, f = sum of the last h), on the weights and sequences ig_peers.py used: first our attributions
 * of its check sequences against PyTorch float64's (fails beyond 1e-9 of the largest |a|), then sequences per second of
 * {@link DatasetRun} (batches of 64 through the fused pass) on 1 thread and on every processor, best of 3; then the
 * same in float32 ({@link DatasetJob#float32()}: checked within 2e-6 of the largest |a|, then timed).
 *
 * <pre>  java -cp ... org.lstmlens.bench.IgDatasetBench target/bench/check_ig.json 10000</pre>
 */
public final class IgDatasetBench {
    private static final int FEATURES = 32;
    private static final int STEPS = 100;

    private IgDatasetBench() {
    }

    public static void main(String[] args) throws IOException {
        JsonObject check = new Gson().fromJson(Files.readString(Path.of(args[0])), JsonObject.class);
        long n = args.length > 1 ? Long.parseLong(args[1]) : 10_000;
        Gson g = new Gson();
        double[][] kernel = g.fromJson(check.get("kernel"), double[][].class);
        double[][] recurrent = g.fromJson(check.get("recurrent"), double[][].class);
        double[] bias = g.fromJson(check.get("bias"), double[].class);
        double[][][] x = g.fromJson(check.get("x"), double[][][].class);
        double[][][] reference = g.fromJson(check.get("attribution"), double[][][].class);
        LstmLayer lstm = new LstmLayer("lstm", new LstmCell(LstmWeights.of(kernel, recurrent, bias), Activation.TANH,
                Activation.SIGMOID), false, false);
        Model model = Model.sequential("case (a)", RecurrentLayer.of(lstm));
        DatasetJob job = DatasetJob.forLoadedModel().integratedGradients(64).batchSize(64);

        check(job, model, x, reference, "", 1e-9);
        time(job, model, n, "double");
        // float32: PyTorch's and JAX's float32 attributions of these sequences both lie 4.2e-8 from PyTorch float64's,
        // 1.6e-7 of the largest |a| (0.267; ig_peers.json of 2026-12-07): the bound is about 10x that
        DatasetJob float32 = job.float32();
        check(float32, model, x, reference, " float32", 2e-6);
        time(float32, model, n, "float32");
    }

    /** Our attributions of the check sequences against PyTorch float64's; exits beyond {@code bound} of max |a|. */
    private static void check(DatasetJob job, Model model, double[][][] x, double[][][] reference, String what,
            double bound) {
        double worst = 0;
        double largest = 0;
        SequenceExplainer e = SequenceExplainer.of(job, model);
        for (int i = 0; i < x.length; i++) {
            SequenceResult r = e.explain(List.of(Sequence.of(i, "check" + i, x[i]))).get(0);
            for (int t = 0; t < STEPS; t++) {
                for (int j = 0; j < FEATURES; j++) {
                    worst = Math.max(worst, Math.abs(r.attribution()[t][j] - reference[i][t][j]));
                    largest = Math.max(largest, Math.abs(reference[i][t][j]));
                }
            }
        }
        System.out.printf(Locale.ROOT, "LSTM Lens%s against PyTorch float64 on %d sequences: max |a - a_torch| %.2g"
                + " (%.2g of max |a_torch|)%n", what, x.length, worst, worst / largest);
        if (!(worst <= bound * largest)) {
            System.out.printf(Locale.ROOT, "FAILED: ours%s is not PyTorch's integrated gradients (bound %.1g of max "
                    + "|a_torch|)%n", what, bound);
            System.exit(1);
        }
    }

    /** Sequences per second of {@link DatasetRun} on 1 thread and on every processor, best of 3. */
    private static void time(DatasetJob job, Model model, long n, String what) {
        int all = Runtime.getRuntime().availableProcessors();
        for (int threads : all > 1 ? new int[] {1, all} : new int[] {1}) {
            double best = Double.MAX_VALUE;
            for (int round = 0; round < 3; round++) {
                long t0 = System.nanoTime();
                DatasetRun.of(job, model).threads(threads).run(Datasets.generated(n, IgDatasetBench::sequence));
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            }
            System.out.printf(Locale.ROOT, "LSTM Lens %s, %d thread%s: %.1f sequences/s (%d sequences in %.1f s)%n",
                    what, threads, threads == 1 ? "" : "s", n / best, n, best);
        }
    }

    /** x[i, t, j] = 0.8 sin(0.37 i + 0.23 t + 1.3 j): the formula ig_peers.py times its peers on. */
    static Sequence sequence(long i) {
        double[][] v = new double[STEPS][FEATURES];
        for (int t = 0; t < STEPS; t++) {
            for (int j = 0; j < FEATURES; j++) {
                v[t][j] = 0.8 * Math.sin(0.37 * i + 0.23 * t + 1.3 * j);
            }
        }
        return Sequence.of(i, String.valueOf(i), v);
    }
}
