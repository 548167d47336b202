package org.lstmlens.data;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.lstmlens.error.LstmException;

/**
 * A {@link DatasetResult} as CSV tables, one file per aggregate, numbers written so they read back to the same
 * double ({@link Double#toString}). What the result has not (states, a selection, a gap) is not written.
 */
final class CsvTables {
    private static final double[] QUANTILES = {0.1, 0.25, 0.5, 0.75, 0.9, 0.99};

    private final DatasetResult r;
    private final DatasetSummary s;
    private final Path dir;
    private final List<Path> written = new ArrayList<>();

    private CsvTables(DatasetResult r, Path dir) {
        this.r = r;
        this.s = r.summary();
        this.dir = dir;
    }

    static List<Path> write(DatasetResult r, Path dir) {
        CsvTables t = new CsvTables(r, dir);
        try {
            Files.createDirectories(dir);
            t.all();
        } catch (IOException e) {
            throw new LstmException("cannot write the tables into " + dir + ": " + e.getMessage(), e);
        }
        return List.copyOf(t.written);
    }

    private interface Rows {
        void print(CSVPrinter p) throws IOException;
    }

    private void table(String name, Rows rows, String... header) throws IOException {
        Path f = dir.resolve(name);
        try (Writer w = Files.newBufferedWriter(f, StandardCharsets.UTF_8);
             CSVPrinter p = CSVFormat.DEFAULT.builder().setHeader(header).get().print(w)) {
            rows.print(p);
        }
        written.add(f);
    }

    private void all() throws IOException {
        table("summary.csv", this::summary, "key", "value");
        table("problems.csv", p -> {
            for (Problem pr : s.problems()) {
                p.printRecord(pr.index(), pr.where(), pr.kind(), pr.detail());
            }
        }, "index", "where", "kind", "detail");
        if (s.sequences() == 0) {
            return;
        }
        table("by_lag.csv", this::byLag, "lag", "timestep", "top_lag_sequences", "top_lag_share", "mean_share",
                "share_p10", "share_p50", "share_p90", "mean_abs", "mean");
        table("by_step_feature.csv", this::byStepFeature, "lag", "timestep", "feature", "mean_abs", "mean");
        table("by_class.csv", this::byClass, "class", "sequences", "lag", "top_lag_share", "mean_abs", "mean");
        if (s.gapCount() > 0) {
            table("gaps.csv", this::gaps, "statistic", "value");
        }
        if (s.hasStates()) {
            table("units.csv", this::units, "unit", "mean_h", "p10", "p50", "p90");
            if (s.hasMemory()) {
                table("memory.csv", this::memory, "lag", "mean_survival", "horizon_share");
            }
        }
        if (r.job().select() != null) {
            table("matches.csv", p -> {
                int rank = 1;
                for (DatasetSummary.Matched m : s.matches()) {
                    p.printRecord(rank++, m.id(), m.index(), m.score());
                }
            }, "rank", "id", "index", "score");
        }
    }

    private void summary(CSVPrinter p) throws IOException {
        p.printRecord("job", r.job().describe());
        p.printRecord("dataset", r.dataset());
        p.printRecord("partial", r.partial());
        p.printRecord("sequences", s.sequences());
        p.printRecord("skipped", s.skipped());
        for (Problem.Kind k : Problem.Kind.values()) {
            p.printRecord("skipped " + k.label(), s.skipped(k));
        }
        p.printRecord("labelled", s.labelled());
        p.printRecord("correct", s.correct());
        p.printRecord("seconds", r.seconds());
    }

    private void byLag(CSVPrinter p) throws IOException {
        double[] abs = s.meanAbsByStep();
        double[] mean = s.meanByStep();
        for (int lag : s.lags()) {
            int t = s.reference() - lag;
            p.printRecord(lag, t, s.topLagCount(lag), s.topLagShare(lag), s.meanShare(lag), s.shareQuantile(lag, 0.1),
                    s.shareQuantile(lag, 0.5), s.shareQuantile(lag, 0.9), abs[t], mean[t]);
        }
    }

    private void byStepFeature(CSVPrinter p) throws IOException {
        double[][] abs = s.meanAbs();
        double[][] mean = s.mean();
        for (int t = 0; t < s.steps(); t++) {
            for (int j = 0; j < s.features(); j++) {
                p.printRecord(s.lag(t), t, j, abs[t][j], mean[t][j]);
            }
        }
    }

    private void byClass(CSVPrinter p) throws IOException {
        for (int c : s.classes()) {
            double[] abs = s.meanAbsByStep(c);
            double[] mean = s.meanByStep(c);
            for (int lag : s.lags()) {
                int t = s.reference() - lag;
                p.printRecord(c, s.count(c), lag, s.topLagShare(c, lag), abs[t], mean[t]);
            }
        }
    }

    private void gaps(CSVPrinter p) throws IOException {
        p.printRecord("sequences", s.gapCount());
        p.printRecord("mean_gap", s.meanGap());
        p.printRecord("mean_abs_gap", s.meanAbsGap());
        p.printRecord("max_relative_gap", s.maxRelativeGap());
        for (double q : QUANTILES) {
            p.printRecord("relative_gap_p" + Math.round(100 * q), s.relativeGapQuantile(q));
        }
    }

    private void units(CSVPrinter p) throws IOException {
        for (int k = 0; k < s.units(); k++) {
            p.printRecord(k, s.meanActivation(k), s.activationQuantile(k, 0.1), s.activationQuantile(k, 0.5),
                    s.activationQuantile(k, 0.9));
        }
    }

    private void memory(CSVPrinter p) throws IOException {
        for (int lag = 0; lag < s.stateStats().steps(); lag++) {
            p.printRecord(lag, s.meanSurvival(lag), s.horizonShare(lag));
        }
    }
}
