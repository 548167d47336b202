package org.lstmlens.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.lstmlens.data.DatasetSummary;

/** The summary by lag, as table rows: one per timestep, the last timestep (lag 0 of the target's step) first. */
final class LagTable {
    static final StructType SCHEMA = new StructType(new StructField[] {
        field("lag", DataTypes.IntegerType),
        field("timestep", DataTypes.IntegerType),
        field("mean_abs", DataTypes.DoubleType),
        field("mean", DataTypes.DoubleType),
        field("mean_share", DataTypes.DoubleType),
        field("share_q10", DataTypes.DoubleType),
        field("share_q50", DataTypes.DoubleType),
        field("share_q90", DataTypes.DoubleType),
        field("top_lag_count", DataTypes.LongType),
        field("top_lag_share", DataTypes.DoubleType)});

    private LagTable() {
    }

    private static StructField field(String name, org.apache.spark.sql.types.DataType type) {
        return new StructField(name, type, false, Metadata.empty());
    }

    /** The rows of {@code s}; none before any sequence was explained. */
    static List<Row> rows(DatasetSummary s) {
        List<Row> rows = new ArrayList<>();
        if (s.sequences() == 0) {
            return rows;
        }
        double[] meanAbs = s.meanAbsByStep();
        double[] mean = s.meanByStep();
        for (int t = s.steps() - 1; t >= 0; t--) {
            int lag = s.lag(t);
            rows.add(RowFactory.create(lag, t, meanAbs[t], mean[t], s.meanShare(lag), s.shareQuantile(lag, 0.1),
                    s.shareQuantile(lag, 0.5), s.shareQuantile(lag, 0.9), s.topLagCount(lag), s.topLagShare(lag)));
        }
        return rows;
    }
}
