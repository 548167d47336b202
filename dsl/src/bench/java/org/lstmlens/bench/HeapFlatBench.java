package org.lstmlens.bench;

import java.util.Locale;
import org.lstmlens.core.Activation;
import org.lstmlens.core.LstmCell;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.core.LstmWeights;
import org.lstmlens.data.DatasetJob;
import org.lstmlens.data.DatasetRun;
import org.lstmlens.data.Datasets;
import org.lstmlens.data.Sequence;
import org.lstmlens.model.Model;
import org.lstmlens.model.RecurrentLayer;

/**
 * Heap use over a long stream: {@code n} (default 1,000,000) short sequences made on the fly (16 steps x 4 features)
 * through an LSTM(16) with gradient x input and state statistics, on every processor; after each tenth of the stream
 * a full GC and the heap in use. Run it with a small heap ({@code -Xmx64m}): the stream is several GB of sequences,
 * so a run that finishes with the heap flat shows that nothing grows with the dataset. Exits 1 if the heap in use
 * after GC grows by more than 8 MB from the first tenth to the last.
 */
public final class HeapFlatBench {
    private static final int STEPS = 16;
    private static final int FEATURES = 4;
    private static final int UNITS = 16;

    private HeapFlatBench() {
    }

    public static void main(String[] args) {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        double[][] kernel = new double[FEATURES][4 * UNITS];
        double[][] recurrent = new double[UNITS][4 * UNITS];
        double[] bias = new double[4 * UNITS];
        for (int c = 0; c < 4 * UNITS; c++) {
            for (int j = 0; j < FEATURES; j++) {
                kernel[j][c] = 0.3 * Math.sin(1.7 * j + 0.31 * c);
            }
            for (int k = 0; k < UNITS; k++) {
                recurrent[k][c] = 0.25 * Math.cos(0.9 * k + 0.13 * c);
            }
        }
        Model model = Model.sequential("heap", RecurrentLayer.of(new LstmLayer("lstm", new LstmCell(LstmWeights.of(
                kernel, recurrent, bias), Activation.TANH, Activation.SIGMOID), false, false)));
        DatasetJob job = DatasetJob.forLoadedModel().gradientTimesInput().states(true);
        long[] seen = {0};
        double[] first = {Double.NaN};
        double[] last = {Double.NaN};
        long tenth = Math.max(1, n / 10);
        long t0 = System.nanoTime();
        System.out.printf(Locale.ROOT, "%d sequences of %d x %d, heap max %.0f MB%n", n, STEPS, FEATURES,
                Runtime.getRuntime().maxMemory() / 1e6);
        var result = DatasetRun.of(job, model).forEachResult(r -> {
            if (++seen[0] % tenth == 0) {
                System.gc();
                double used = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1e6;
                if (Double.isNaN(first[0])) {
                    first[0] = used;
                }
                last[0] = used;
                System.out.printf(Locale.ROOT, "%,10d sequences: %6.1f MB in use after GC, %.0f s%n", seen[0], used,
                        (System.nanoTime() - t0) / 1e9);
            }
        }).run(Datasets.generated(n, HeapFlatBench::sequence));
        System.out.printf(Locale.ROOT, "%s; heap in use after GC from the first tenth to the last: %.1f -> %.1f MB%n",
                result.headline(), first[0], last[0]);
        System.exit(last[0] - first[0] > 8 ? 1 : 0);
    }

    static Sequence sequence(long i) {
        double[][] v = new double[STEPS][FEATURES];
        for (int t = 0; t < STEPS; t++) {
            for (int j = 0; j < FEATURES; j++) {
                v[t][j] = Math.sin(0.61 * i + 0.29 * t + 1.1 * j);
            }
        }
        return Sequence.of(i, String.valueOf(i), v);
    }
}
