package org.lstmlens.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import org.lstmlens.testing.TorchFixtures;

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
        return TorchFixtures.flat(e);
    }

    static double[] flatten(double[][][] a) {
        return TorchFixtures.flat(a);
    }
}
