package org.lstmlens.spark;

import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.lstmlens.data.BadInput;
import org.lstmlens.data.DatasetJob;
import org.lstmlens.data.DatasetSummary;
import org.lstmlens.data.JobTarget;
import org.lstmlens.error.LstmException;

/**
 * The dataset job as a {@code spark-submit} application, no code of one's own needed:
 * <pre>
 *   spark-submit --class org.lstmlens.spark.Submit lstm-lens-spark-all.jar MODEL INPUT OUTPUT [options]
 * </pre>
 * MODEL is a Keras file on the driver's disk (in cluster deploy mode ship it with {@code --files}); INPUT is read by
 * Spark ({@code --input-format}, default parquet) and has the columns {@link SequenceRows} names; OUTPUT receives
 * {@code results/} and {@code lags/} ({@code --format parquet|csv}). The summary by lag is printed. Options:
 * {@value #OPTIONS}.
 */
public final class Submit {
    static final String OPTIONS = "--ig N (integrated gradients with N steps; the default, 64), --gradient, "
            + "--gradient-x-input, --occlusion W, --target labels|predicted|sum|output:K, --skip-bad, --batch N, "
            + "--steps N, --forecast, --float32 (gradients in float32), --input-format F, --format parquet|csv";

    private Submit() {
    }

    public static void main(String[] args) {
        try {
            SparkSession spark = SparkSession.builder().appName("lstm-lens").getOrCreate();
            System.out.println(run(spark, args));
        } catch (LstmException e) {
            System.err.println("lstm-lens: " + e.getMessage());
            System.exit(2);
        }
    }

    /**
     * Runs the job the arguments describe and writes its output.
     *
     * @return the summary's headline and its table by lag, as text
     * @throws LstmException for arguments it cannot read (named, with what is valid), and as the run does
     */
    static String run(SparkSession spark, String[] args) {
        if (args.length < 3) {
            throw new LstmException("expected MODEL INPUT OUTPUT [options], got " + args.length + " arguments; "
                    + "options: " + OPTIONS);
        }
        DatasetJob job = DatasetJob.of(args[0]);
        String inputFormat = "parquet";
        String format = "parquet";
        List<String> options = List.of(args).subList(3, args.length);
        for (int i = 0; i < options.size(); i++) {
            String o = options.get(i);
            switch (o) {
                case "--ig" -> job = job.integratedGradients(number(options, ++i, o));
                case "--gradient" -> job = job.gradient();
                case "--gradient-x-input" -> job = job.gradientTimesInput();
                case "--occlusion" -> job = job.occlusion(number(options, ++i, o));
                case "--target" -> job = job.target(target(value(options, ++i, o)));
                case "--skip-bad" -> job = job.badInput(BadInput.SKIP);
                case "--batch" -> job = job.batchSize(number(options, ++i, o));
                case "--steps" -> job = job.steps(number(options, ++i, o));
                case "--forecast" -> job = job.predictsNextStep();
                case "--float32" -> job = job.float32();
                case "--input-format" -> inputFormat = value(options, ++i, o);
                case "--format" -> format = value(options, ++i, o);
                default -> throw new LstmException("unknown option \"" + o + "\"; expected " + OPTIONS);
            }
        }
        if (!format.equals("parquet") && !format.equals("csv")) {
            throw new LstmException("--format " + format + ": expected parquet or csv");
        }
        try (SparkDatasetResult r = SparkDatasetRun.of(job).run(spark.read().format(inputFormat).load(args[1]))) {
            if (format.equals("csv")) {
                r.writeCsv(args[2]);
            } else {
                r.writeParquet(args[2]);
            }
            return report(job, r.summary());
        }
    }

    /** The headline and, when any sequence was explained, the table by lag. */
    private static String report(DatasetJob job, DatasetSummary s) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%s: %d sequences, %d skipped%n",
                job.describe(), s.sequences(), s.skipped()));
        if (s.sequences() > 0) {
            b.append(String.format(Locale.ROOT, "%5s %12s %12s %14s%n", "lag", "mean |a|", "mean share",
                    "top-lag share"));
            double[] meanAbs = s.meanAbsByStep();
            for (int lag : s.lags()) {
                b.append(String.format(Locale.ROOT, "%5d %12.6g %12.4f %14.4f%n", lag,
                        meanAbs[s.lag(0) - lag], s.meanShare(lag), s.topLagShare(lag)));
            }
        }
        return b.toString();
    }

    private static JobTarget target(String t) {
        if (t.startsWith("output:")) {
            try {
                return JobTarget.output(Integer.parseInt(t.substring("output:".length())));
            } catch (NumberFormatException e) {
                throw new LstmException("--target " + t + ": expected output:K with K a whole number");
            }
        }
        return switch (t) {
            case "labels" -> JobTarget.labels();
            case "predicted" -> JobTarget.predicted();
            case "sum" -> JobTarget.sum();
            default -> throw new LstmException("--target " + t + ": expected labels, predicted, sum or output:K");
        };
    }

    private static String value(List<String> options, int i, String option) {
        if (i >= options.size()) {
            throw new LstmException(option + " needs a value; options: " + OPTIONS);
        }
        return options.get(i);
    }

    private static int number(List<String> options, int i, String option) {
        String v = value(options, i, option);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new LstmException(option + " " + v + ": expected a whole number");
        }
    }
}
