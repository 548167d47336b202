package org.lstmlens.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.lstmlens.data.DatasetReader;
import org.lstmlens.data.Entry;
import org.lstmlens.data.Problem;
import org.lstmlens.data.Sequence;
import org.lstmlens.error.LstmException;

/**
 * The sequences a {@link SparkDatasetRun} reads: a Spark {@code Dataset<Row>} with these columns (any order, other
 * columns ignored).
 * <ul>
 *   <li>{@value #VALUES} (required): the sequence, {@code array<array<double>>} as {@code [timestep][feature]}, or
 *       {@code array<double>} flattened timestep by timestep (then {@code features} per timestep, the model's);
 *       any numeric element type is cast to double;</li>
 *   <li>{@value #INDEX} (optional): the position in the dataset, a long; without it, positions are counted in the
 *       Dataset's own order (which Spark keeps for a file; an extra pass);</li>
 *   <li>{@value #ID} (optional): the name users know the sequence by; the index as text when absent or null;</li>
 *   <li>{@value #LABEL} (optional): a class index, null for none;</li>
 *   <li>{@value #PROBLEM}, {@value #WHERE}, {@value #DETAIL} (optional): a row a dataset reader could not read
 *       ({@link Problem.Kind}'s name, where it was, what was wrong), as {@link #of(SparkSession,
 *       org.lstmlens.data.Dataset, int)} writes it; such a row is refused or skipped like any bad sequence.</li>
 * </ul>
 * A null in {@value #VALUES} is an unreadable sequence; every other check (length, features, NaN, labels) is the
 * data package's own, so the same sequence is refused or skipped for the same reason on Spark as on one machine.
 */
public final class SequenceRows {
    public static final String INDEX = "index";
    public static final String ID = "id";
    public static final String LABEL = "label";
    public static final String VALUES = "values";
    public static final String PROBLEM = "problem";
    public static final String WHERE = "where";
    public static final String DETAIL = "detail";

    private static final DataType NESTED = DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType));
    private static final DataType FLAT = DataTypes.createArrayType(DataTypes.DoubleType);

    private SequenceRows() {
    }

    /** The columns {@link #of(SparkSession, org.lstmlens.data.Dataset, int)} writes, in order. */
    public static StructType schema() {
        return new StructType(new StructField[] {
            new StructField(INDEX, DataTypes.LongType, false, Metadata.empty()),
            new StructField(ID, DataTypes.StringType, false, Metadata.empty()),
            new StructField(LABEL, DataTypes.IntegerType, true, Metadata.empty()),
            new StructField(VALUES, NESTED, true, Metadata.empty()),
            new StructField(PROBLEM, DataTypes.StringType, true, Metadata.empty()),
            new StructField(WHERE, DataTypes.StringType, true, Metadata.empty()),
            new StructField(DETAIL, DataTypes.StringType, true, Metadata.empty())});
    }

    /**
     * A dataset of the data package (.npy, .npz, CSV, HDF5, arrays) as rows, read on the driver in one pass and
     * spread over {@code partitions}: every sequence with its index, id and label, and every row the reader could
     * not read with where and why. For data that fits the driver's memory; larger data is best written once
     * ({@code .write().parquet(...)}) and read back by Spark where it lives.
     *
     * @throws LstmException if {@code partitions} is not positive, or the dataset cannot be read (named)
     */
    public static Dataset<Row> of(SparkSession spark, org.lstmlens.data.Dataset dataset, int partitions) {
        Objects.requireNonNull(spark, "spark");
        Objects.requireNonNull(dataset, "dataset");
        if (partitions < 1) {
            throw new LstmException("SequenceRows.of(..., " + partitions + "): needs at least 1 partition");
        }
        List<Row> rows = new ArrayList<>();
        try (DatasetReader reader = dataset.open()) {
            Entry e;
            while ((e = reader.next()) != null) {
                rows.add(row(e));
            }
        }
        JavaRDD<Row> rdd = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, partitions);
        return spark.createDataFrame(rdd, schema());
    }

    private static Row row(Entry e) {
        if (e instanceof Sequence s) {
            return RowFactory.create(s.index(), s.id(), s.hasLabel() ? s.label() : null, s.values(), null, null, null);
        }
        Problem p = (Problem) e;
        return RowFactory.create(p.index(), String.valueOf(p.index()), null, null, p.kind().name(), p.where(),
                p.detail());
    }

    /**
     * The rows in this package's fixed column order ({@link #schema()}, {@value #VALUES} nested or flat as given),
     * types cast, absent optional columns null, positions counted where there is no {@value #INDEX}.
     *
     * @throws LstmException naming a missing {@value #VALUES} column or a column of a type that cannot be read
     */
    static Dataset<Row> normalised(Dataset<Row> rows) {
        StructType given = rows.schema();
        List<String> names = Arrays.asList(given.fieldNames());
        if (!names.contains(VALUES)) {
            throw new LstmException("sequences: no column \"" + VALUES + "\" among " + names + "; expected "
                    + VALUES + " as array<array<double>> [timestep][feature] (or array<double> flattened), with "
                    + "optional " + INDEX + " (long), " + ID + " (string), " + LABEL + " (int)");
        }
        Dataset<Row> r = names.contains(INDEX) ? rows : withIndex(rows);
        DataType values = valuesType(given.apply(VALUES).dataType());
        return r.selectExpr(
                "cast(" + quoted(INDEX) + " as bigint) as " + INDEX,
                names.contains(ID) ? "cast(" + quoted(ID) + " as string) as " + ID : "cast(null as string) as " + ID,
                names.contains(LABEL) ? "cast(" + quoted(LABEL) + " as int) as " + LABEL
                        : "cast(null as int) as " + LABEL,
                "cast(" + quoted(VALUES) + " as " + values.sql() + ") as " + VALUES,
                optional(names, PROBLEM), optional(names, WHERE), optional(names, DETAIL));
    }

    /** Whether {@value #VALUES} of normalised rows is flattened. */
    static boolean flat(Dataset<Row> normalised) {
        return normalised.schema().apply(VALUES).dataType().equals(FLAT);
    }

    private static DataType valuesType(DataType given) {
        if (given instanceof ArrayType outer) {
            if (outer.elementType() instanceof ArrayType inner && numeric(inner.elementType())) {
                return NESTED;
            }
            if (numeric(outer.elementType())) {
                return FLAT;
            }
        }
        throw new LstmException("sequences: column \"" + VALUES + "\" is " + given.simpleString() + "; expected "
                + "array<array<double>> [timestep][feature] or array<double> (flattened), any numeric element type");
    }

    private static boolean numeric(DataType t) {
        return t instanceof org.apache.spark.sql.types.NumericType;
    }

    private static String optional(List<String> names, String column) {
        return names.contains(column) ? "cast(" + quoted(column) + " as string) as " + column
                : "cast(null as string) as " + column;
    }

    private static String quoted(String column) {
        return "`" + column + "`";
    }

    /** The rows with their position in the Dataset's order appended as {@value #INDEX}. */
    private static Dataset<Row> withIndex(Dataset<Row> rows) {
        StructType schema = rows.schema().add(INDEX, DataTypes.LongType, false);
        JavaRDD<Row> indexed = rows.javaRDD().zipWithIndex().map(new AppendIndex());
        return rows.sparkSession().createDataFrame(indexed, schema);
    }
}
