package org.lstmlens.testing;

import static org.assertj.core.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The PyTorch fixtures of the repository, {@code dsl/src/test/data/torch/}: models written by torch 2.13 itself
 * ({@code make_torch_fixtures.py} there), each {@code NAME} as a state_dict {@code .pt}, {@code .safetensors} and a
 * TorchScript {@code .ts.pt}, with {@code NAME.expected.json} (torch's own forward outputs in float32 and float64,
 * the input, the parameter count). These files belong to the repository, so a missing one FAILS the test.
 */
public final class TorchFixtures {
    private TorchFixtures() {
    }

    public static Path folder() {
        Path torch = RnnFixtures.data("torch");
        if (!Files.isDirectory(torch)) {
            fail(torch + " is missing: the PyTorch fixtures belong to the repository (make_torch_fixtures.py writes "
                    + "them)");
        }
        return torch;
    }

    /** A file of the folder; fails the test when it is missing. */
    public static Path file(String name) {
        Path f = folder().resolve(name);
        if (!Files.isRegularFile(f)) {
            fail(f + " is missing: the PyTorch fixtures belong to the repository (make_torch_fixtures.py writes them)");
        }
        return f;
    }

    /** Every fixture's NAME (of NAME.expected.json), sorted. */
    public static List<String> names() throws IOException {
        return RnnFixtures.names(folder());
    }

    public static JsonObject expected(String name) throws IOException {
        return JsonParser.parseString(Files.readString(file(name + ".expected.json"))).getAsJsonObject();
    }

    /** A nested JSON array of numbers as double[][][] (or [batch][features] lifted to [batch][1][features]). */
    public static double[][][] array3(JsonElement e) {
        JsonArray a = e.getAsJsonArray();
        double[][][] out = new double[a.size()][][];
        for (int b = 0; b < a.size(); b++) {
            JsonArray rows = a.get(b).getAsJsonArray();
            if (rows.size() > 0 && !rows.get(0).isJsonArray()) {
                out[b] = new double[][] {vector(rows)};
                continue;
            }
            out[b] = new double[rows.size()][];
            for (int t = 0; t < rows.size(); t++) {
                out[b][t] = vector(rows.get(t).getAsJsonArray());
            }
        }
        return out;
    }

    private static double[] vector(JsonArray a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).getAsDouble();
        }
        return v;
    }

    /** Every number of a nested JSON array (any fixture's), in order. */
    public static double[] flat(JsonElement e) {
        List<Double> v = new java.util.ArrayList<>();
        collect(e, v);
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void collect(JsonElement e, List<Double> out) {
        if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(x -> collect(x, out));
        } else {
            out.add(e.getAsDouble());
        }
    }

    /** {@code a[sample][timestep][feature]} flattened in that order. */
    public static double[] flat(double[][][] a) {
        return java.util.Arrays.stream(a).flatMap(java.util.Arrays::stream).flatMapToDouble(java.util.Arrays::stream)
                .toArray();
    }
}
