package org.lstmlens.data;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;

/** One long series cut into windows of {@code length} rows every {@code stride} rows; only one window is held. */
final class CsvWindowsReader extends CsvReader {
    private final ArrayDeque<Row> window = new ArrayDeque<>();
    private long index;
    private long toSkip;   // rows to pass before the next window starts filling

    CsvWindowsReader(CsvDataset csv) throws IOException {
        super(csv);
    }

    @Override
    public Entry next() {
        while (window.size() < csv.length()) {
            Row r = nextRow();
            if (r == null) {
                return null;
            }
            if (toSkip > 0) {
                toSkip--;
                continue;
            }
            window.addLast(r);
        }
        ArrayList<Row> rows = new ArrayList<>(window);
        long first = rows.get(0).number();
        long last = rows.get(rows.size() - 1).number();
        for (int k = 0; k < csv.stride() && !window.isEmpty(); k++) {
            window.removeFirst();
        }
        toSkip = Math.max(0, csv.stride() - csv.length());
        return entry(index++, "rows " + first + "-" + last, "window " + (index - 1) + " (rows " + first + "-" + last
                + ")", rows);
    }
}
