package org.lstmlens.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import java.util.List;
import org.apache.spark.sql.Row;
import org.lstmlens.data.Sequence;
import org.lstmlens.data.SequenceResult;

/** A result row equal to the one-machine run's {@link SequenceResult} in every value, doubles to the last bit. */
final class SameResult {
    private SameResult() {
    }

    static void assertSame(Row row, SequenceResult e) {
        String at = "sequence " + e.id();
        assertThat(row.<Long>getAs("index")).as(at).isEqualTo(e.index());
        assertThat(row.<String>getAs("id")).as(at).isEqualTo(e.id());
        assertThat(row.<Integer>getAs("label")).as(at).isEqualTo(e.label() == Sequence.NO_LABEL ? null : e.label());
        assertThat(row.<Integer>getAs("predicted")).as(at).isEqualTo(e.predicted());
        assertThat(row.<Integer>getAs("target_class")).as(at).isEqualTo(e.targetClass() < 0 ? null : e.targetClass());
        assertThat(doubles(row.getList(row.fieldIndex("output")))).as(at).containsExactly(e.output());
        assertThat(row.<Double>getAs("value")).as(at).isEqualTo(e.value());
        assertThat(nested(row, "attribution")).as(at).isDeepEqualTo(e.attribution());
        assertThat(row.<Integer>getAs("reference")).as(at).isEqualTo(e.reference());
        assertThat(row.<Integer>getAs("top_lag")).as(at).isEqualTo(e.topLag());
        assertThat(row.<Double>getAs("gap")).as(at).isEqualTo(nullIfNaN(e.gap()));
        assertThat(row.<Double>getAs("baseline_value")).as(at).isEqualTo(nullIfNaN(e.baselineValue()));
        assertThat(row.<Double>getAs("match")).as(at).isEqualTo(nullIfNaN(e.match()));
        assertThat(row.<String>getAs("problem")).as(at).isNull();
    }

    /** An {@code array<array<double>>} column as Java arrays. */
    static double[][] nested(Row row, String column) {
        List<scala.collection.Seq<Double>> outer = row.getList(row.fieldIndex(column));
        double[][] v = new double[outer.size()][];
        for (int t = 0; t < v.length; t++) {
            v[t] = doubles(scala.jdk.javaapi.CollectionConverters.asJava(outer.get(t)));
        }
        return v;
    }

    /** A JSON text {@code [[...],...]} as Java arrays. */
    static double[][] json(String text) {
        JsonArray outer = JsonParser.parseString(text).getAsJsonArray();
        double[][] v = new double[outer.size()][];
        for (int t = 0; t < v.length; t++) {
            JsonArray inner = outer.get(t).getAsJsonArray();
            v[t] = new double[inner.size()];
            for (int j = 0; j < v[t].length; j++) {
                v[t][j] = inner.get(j).getAsDouble();
            }
        }
        return v;
    }

    private static double[] doubles(List<Double> list) {
        return list.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static Double nullIfNaN(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
