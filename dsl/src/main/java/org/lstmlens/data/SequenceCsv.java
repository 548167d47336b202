package org.lstmlens.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.lstmlens.error.LstmException;

/**
 * Per-sequence results written as they come, one CSV row each: index, id, label, predicted class, target class, f(x),
 * f(baseline), gap, top lag, match score, then the attribution summed over features by lag ({@code a_t},
 * {@code a_t-1}, ...). Streams: memory stays flat however many rows.
 * <pre>
 *   try (SequenceCsv out = SequenceCsv.open(Path.of("results.csv"))) {
 *       DatasetRun.of(job).forEachResult(out).run(dataset);
 *   }
 * </pre>
 */
public final class SequenceCsv implements Consumer<SequenceResult>, AutoCloseable {
    private final Path file;
    private final Writer writer;
    private CSVPrinter printer;  // made at the first row, when the lags are known

    private SequenceCsv(Path file, Writer writer) {
        this.file = file;
        this.writer = writer;
    }

    /**
     * Opens {@code file} for writing (replacing it).
     *
     * @throws LstmException if it cannot be written
     */
    public static SequenceCsv open(Path file) {
        try {
            return new SequenceCsv(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new LstmException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void accept(SequenceResult r) {
        try {
            if (printer == null) {
                List<String> header = new ArrayList<>(List.of("index", "id", "label", "predicted", "target_class",
                        "value", "baseline_value", "gap", "top_lag", "match"));
                for (int t = r.steps() - 1; t >= 0; t--) {
                    header.add("a_" + Words.lag(r.lag(t)));
                }
                printer = CSVFormat.DEFAULT.builder().setHeader(header.toArray(new String[0])).get().print(writer);
            }
            List<Object> row = new ArrayList<>(List.of(r.index(), r.id(), r.label(), r.predicted(), r.targetClass(),
                    r.value(), r.baselineValue(), r.gap(), r.topLag(), r.match()));
            for (int t = r.steps() - 1; t >= 0; t--) {
                double s = 0;
                for (double v : r.attribution()[t]) {
                    s += v;
                }
                row.add(s);
            }
            printer.printRecord(row);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override
    public void close() {
        try {
            if (printer != null) {
                printer.close();
            }
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close " + file, e);
        }
    }
}
