package org.lstmlens.data;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.lstmlens.error.LstmException;

/**
 * Reads a {@link CsvDataset} through Apache Commons CSV, one record at a time: rows are numbered from 1 (the first
 * row after the header), and a row that cannot be read (a field that is not a number, a row of another width)
 * makes its sequence or window a {@link Problem} naming the row, the column and the value.
 */
abstract class CsvReader implements DatasetReader {
    private final Reader reader;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    final CsvDataset csv;
    final int[] featureIndex;
    final int labelIndex;
    final int idIndex;
    private final List<String> header;
    private long row;

    CsvReader(CsvDataset csv) throws IOException {
        this.csv = csv;
        this.reader = Files.newBufferedReader(csv.file(), StandardCharsets.UTF_8);
        this.parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).get().parse(reader);
        this.header = parser.getHeaderNames();
        this.records = parser.iterator();
        this.idIndex = csv.idColumn() == null ? -1 : column(csv.idColumn());
        this.labelIndex = csv.labelColumn() == null ? -1 : column(csv.labelColumn());
        List<Integer> f = new ArrayList<>();
        if (csv.featureColumns().isEmpty()) {
            for (int i = 0; i < header.size(); i++) {
                if (i != idIndex && i != labelIndex) {
                    f.add(i);
                }
            }
        } else {
            for (String name : csv.featureColumns()) {
                f.add(column(name));
            }
        }
        if (f.isEmpty()) {
            throw new LstmException("CSV " + csv.file() + ": no feature column; header " + header);
        }
        this.featureIndex = f.stream().mapToInt(Integer::intValue).toArray();
    }

    static DatasetReader open(CsvDataset csv) {
        try {
            return csv.idColumn() != null ? new CsvRowsReader(csv) : new CsvWindowsReader(csv);
        } catch (IOException e) {
            throw new LstmException("CSV " + csv.file() + ": cannot read: " + e.getMessage(), e);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw new LstmException("CSV " + csv.file() + ": broken header: " + e.getMessage(), e);
        }
    }

    private int column(String name) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new LstmException("CSV " + csv.file() + ": no column \"" + name + "\"; the header has " + header);
        }
        return i;
    }

    /** One parsed row: its number, id, values (null when unreadable, with why), label text. */
    record Row(long number, String id, double[] values, String label, String unreadable) {
    }

    /** The next row, or null at the end. */
    Row nextRow() {
        CSVRecord r;
        try {
            if (!records.hasNext()) {
                return null;
            }
            r = records.next();
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new LstmException("CSV " + csv.file() + ": cannot read past row " + row + " (line "
                    + parser.getCurrentLineNumber() + "): " + e.getMessage(), e);
        }
        long n = ++row;
        String id = idIndex >= 0 && idIndex < r.size() ? r.get(idIndex) : null;
        String label = labelIndex >= 0 && labelIndex < r.size() ? r.get(labelIndex) : null;
        if (r.size() != header.size()) {
            return new Row(n, id, null, label, "row " + n + " has " + r.size() + " fields; the header has "
                    + header.size());
        }
        double[] v = new double[featureIndex.length];
        for (int j = 0; j < v.length; j++) {
            String cell = r.get(featureIndex[j]);
            try {
                v[j] = number(cell);
            } catch (NumberFormatException e) {
                return new Row(n, id, null, label, "row " + n + ", column \"" + header.get(featureIndex[j]) + "\": \""
                        + cell + "\" is not a number");
            }
        }
        return new Row(n, id, v, label, null);
    }

    /** A number as Java or Python writes it ({@code nan}, {@code inf}, {@code -inf} too: the checks then name it). */
    static double number(String s) {
        switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "nan": return Double.NaN;
            case "inf": case "+inf": case "infinity": return Double.POSITIVE_INFINITY;
            case "-inf": case "-infinity": return Double.NEGATIVE_INFINITY;
            default: return Double.parseDouble(s);
        }
    }

    /** The label of text {@code s} (empty: none), or -2 when it is not a class index. */
    static int label(String s) {
        if (s == null || s.isEmpty()) {
            return Sequence.NO_LABEL;
        }
        try {
            double v = Double.parseDouble(s);
            return v == Math.rint(v) && v >= 0 && v <= Integer.MAX_VALUE ? (int) v : -2;
        } catch (NumberFormatException e) {
            return -2;
        }
    }

    /** A sequence from its rows, or a problem naming the first unreadable row or label. */
    static Entry entry(long index, String id, String where, List<Row> rows) {
        for (Row r : rows) {
            if (r.unreadable() != null) {
                return new Problem(Problem.Kind.UNREADABLE, index, where, r.unreadable());
            }
        }
        Row last = rows.get(rows.size() - 1);
        int label = label(last.label());
        if (label == -2) {
            return new Problem(Problem.Kind.BAD_LABEL, index, where, "row " + last.number() + ": label \""
                    + last.label() + "\" is not a class index (0, 1, ...)");
        }
        double[][] v = new double[rows.size()][];
        for (int t = 0; t < v.length; t++) {
            v[t] = rows.get(t).values();
        }
        return new Sequence(index, id, v, label);
    }

    @Override
    public void close() {
        try {
            parser.close();
            reader.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
