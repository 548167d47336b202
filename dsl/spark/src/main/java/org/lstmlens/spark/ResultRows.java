package org.lstmlens.spark;

import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.lstmlens.data.Sequence;
import org.lstmlens.data.SequenceResult;

/**
 * One row per sequence of a {@link SparkDatasetResult#results()}: the {@link SequenceResult}'s values, or for a
 * skipped sequence its index, id, the problem's kind and message (everything else null).
 */
final class ResultRows implements Function<Outcome, Row> {
    private static final long serialVersionUID = 1L;

    static final StructType SCHEMA = new StructType(new StructField[] {
        field("index", DataTypes.LongType, false),
        field("id", DataTypes.StringType, false),
        field("label", DataTypes.IntegerType, true),
        field("predicted", DataTypes.IntegerType, true),
        field("target_class", DataTypes.IntegerType, true),
        field("output", DataTypes.createArrayType(DataTypes.DoubleType, false), true),
        field("value", DataTypes.DoubleType, true),
        field("attribution", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType, false), false),
                true),
        field("reference", DataTypes.IntegerType, true),
        field("top_lag", DataTypes.IntegerType, true),
        field("gap", DataTypes.DoubleType, true),
        field("baseline_value", DataTypes.DoubleType, true),
        field("match", DataTypes.DoubleType, true),
        field("problem", DataTypes.StringType, true),
        field("detail", DataTypes.StringType, true)});

    private static StructField field(String name, org.apache.spark.sql.types.DataType type, boolean nullable) {
        return new StructField(name, type, nullable, Metadata.empty());
    }

    @Override
    public Row call(Outcome o) {
        SequenceResult r = o.result();
        if (r == null) {
            return RowFactory.create(o.index(), o.id(), null, null, null, null, null, null, null, null, null, null,
                    null, o.problem().kind().name(), o.problem().message());
        }
        return RowFactory.create(r.index(), r.id(), r.label() == Sequence.NO_LABEL ? null : r.label(), r.predicted(),
                r.targetClass() < 0 ? null : r.targetClass(), r.output(), r.value(), r.attribution(), r.reference(),
                r.topLag(), orNull(r.gap()), orNull(r.baselineValue()), orNull(r.match()), null, null);
    }

    private static Double orNull(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
