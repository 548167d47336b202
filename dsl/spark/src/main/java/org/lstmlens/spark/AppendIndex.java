package org.lstmlens.spark;

import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.Tuple2;

/** A row with its place in its Dataset's order appended as the last column (after {@code zipWithIndex}). */
final class AppendIndex implements Function<Tuple2<Row, Long>, Row> {
    private static final long serialVersionUID = 1L;

    @Override
    public Row call(Tuple2<Row, Long> indexed) {
        Row row = indexed._1();
        Object[] values = new Object[row.length() + 1];
        for (int i = 0; i < row.length(); i++) {
            values[i] = row.get(i);
        }
        values[row.length()] = indexed._2();
        return RowFactory.create(values);
    }
}
