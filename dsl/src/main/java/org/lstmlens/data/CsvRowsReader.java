package org.lstmlens.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** One row per timestep: consecutive rows with the same id form one sequence. */
final class CsvRowsReader extends CsvReader {
    private Row pending;
    private boolean started;
    private long index;

    CsvRowsReader(CsvDataset csv) throws IOException {
        super(csv);
    }

    @Override
    public Entry next() {
        if (!started) {
            pending = nextRow();
            started = true;
        }
        if (pending == null) {
            return null;
        }
        String id = pending.id();
        List<Row> rows = new ArrayList<>();
        while (pending != null && java.util.Objects.equals(pending.id(), id)) {
            rows.add(pending);
            pending = nextRow();
        }
        return entry(index++, id == null ? "" : id, "sequence \"" + id + "\" (rows " + rows.get(0).number() + "-"
                + rows.get(rows.size() - 1).number() + ")", rows);
    }
}
