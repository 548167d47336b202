package org.lstmlens.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import java.util.ArrayList;
import java.util.List;

/** Reads nested JSON number arrays of the fixtures' expected files. */
final class Fixture {
    private Fixture() {
    }

    static double[][][] cube(JsonArray a) {
        double[][][] r = new double[a.size()][][];
        for (int i = 0; i < a.size(); i++) {
            r[i] = matrix(a.get(i).getAsJsonArray());
        }
        return r;
    }

    static double[][] matrix(JsonArray a) {
        double[][] r = new double[a.size()][];
        for (int i = 0; i < a.size(); i++) {
            JsonArray row = a.get(i).getAsJsonArray();
            r[i] = new double[row.size()];
            for (int j = 0; j < row.size(); j++) {
                r[i][j] = row.get(j).getAsDouble();
            }
        }
        return r;
    }

    static double[] flatten(JsonElement e) {
        List<Double> out = new ArrayList<>();
        walk(e, out);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double[] flatten(double[][][] a) {
        List<Double> out = new ArrayList<>();
        for (double[][] m : a) {
            for (double[] r : m) {
                for (double v : r) {
                    out.add(v);
                }
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void walk(JsonElement e, List<Double> out) {
        if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(x -> walk(x, out));
        } else {
            out.add(e.getAsDouble());
        }
    }
}
