package org.lstmlens.spark;

import org.apache.spark.sql.Row;
import org.lstmlens.data.Entry;
import org.lstmlens.data.Problem;
import org.lstmlens.data.Sequence;

/**
 * A row of {@link SequenceRows#normalised} as the data package's {@link Entry}: a {@link Sequence}, or a
 * {@link Problem} where the row holds a reader's problem, no values, or a missing number.
 */
final class RowEntries {
    private static final int INDEX = 0;
    private static final int ID = 1;
    private static final int LABEL = 2;
    private static final int VALUES = 3;
    private static final int PROBLEM = 4;
    private static final int WHERE = 5;
    private static final int DETAIL = 6;

    private final boolean flat;
    private final int features;

    /**
     * @param flat whether values are flattened timestep by timestep
     * @param features features per timestep of flattened values (the model's)
     */
    RowEntries(boolean flat, int features) {
        this.flat = flat;
        this.features = features;
    }

    /** The row's id: its {@code id}, or its index as text. */
    static String id(Row row) {
        return row.isNullAt(ID) ? String.valueOf(row.getLong(INDEX)) : row.getString(ID);
    }

    Entry entry(Row row) {
        long index = row.getLong(INDEX);
        String id = id(row);
        String where = "sequence \"" + id + "\"";
        if (!row.isNullAt(PROBLEM)) {
            return new Problem(Problem.Kind.valueOf(row.getString(PROBLEM)), index,
                    row.isNullAt(WHERE) ? where : row.getString(WHERE), row.isNullAt(DETAIL) ? "" : row.getString(DETAIL));
        }
        if (row.isNullAt(VALUES)) {
            return new Problem(Problem.Kind.UNREADABLE, index, where, "no values (null); expected "
                    + (flat ? "array<double>" : "array<array<double>> [timestep][feature]"));
        }
        int label = row.isNullAt(LABEL) ? Sequence.NO_LABEL : row.getInt(LABEL);
        scala.collection.Seq<?> seq = row.getSeq(VALUES);
        Object values = flat ? flat(seq) : nested(seq);
        if (values instanceof String missing) {
            return new Problem(Problem.Kind.UNREADABLE, index, where, missing);
        }
        return new Sequence(index, id, (double[][]) values, label);
    }

    /** {@code [timestep][feature]}, or the place of a null number as text; a null timestep stays null (checked later). */
    private static Object nested(scala.collection.Seq<?> seq) {
        double[][] v = new double[seq.length()][];
        for (int t = 0; t < v.length; t++) {
            scala.collection.Seq<?> step = (scala.collection.Seq<?>) seq.apply(t);
            if (step == null) {
                continue;
            }
            v[t] = new double[step.length()];
            for (int j = 0; j < v[t].length; j++) {
                Object x = step.apply(j);
                if (x == null) {
                    return "null at timestep " + t + ", feature " + j + "; expected a number";
                }
                v[t][j] = (Double) x;
            }
        }
        return v;
    }

    private Object flat(scala.collection.Seq<?> seq) {
        int n = seq.length();
        if (n % features != 0) {
            // as the data package reports a step of the wrong width: the last, short timestep
            double[][] v = new double[n / features + 1][];
            return fill(seq, v, n);
        }
        return fill(seq, new double[n / features][], n);
    }

    private Object fill(scala.collection.Seq<?> seq, double[][] v, int n) {
        for (int t = 0; t < v.length; t++) {
            v[t] = new double[Math.min(features, n - t * features)];
            for (int j = 0; j < v[t].length; j++) {
                Object x = seq.apply(t * features + j);
                if (x == null) {
                    return "null at timestep " + t + ", feature " + j + "; expected a number";
                }
                v[t][j] = (Double) x;
            }
        }
        return v;
    }
}
