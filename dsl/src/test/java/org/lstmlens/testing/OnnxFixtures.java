package org.lstmlens.testing;

import static org.assertj.core.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.lstmlens.model.Tensor;

/**
 * The ONNX fixtures of the repository, {@code dsl/src/test/data/onnx/}: models built with onnx.helper and exported by
 * torch.onnx.export, each {@code NAME.onnx} with {@code NAME.json} (the inputs fed and every output onnxruntime
 * computed); {@code make_onnx_fixtures.py} there wrote them. They belong to the repository, so a missing one FAILS.
 */
public final class OnnxFixtures {
    private OnnxFixtures() {
    }

    public static Path folder() {
        Path onnx = RnnFixtures.folder().resolveSibling("onnx");
        if (!Files.isDirectory(onnx)) {
            fail(onnx + " is missing: the ONNX fixtures belong to the repository (make_onnx_fixtures.py writes them)");
        }
        return onnx;
    }

    /** A file of the folder; fails the test when it is missing. */
    public static Path file(String name) {
        Path f = folder().resolve(name);
        if (!Files.isRegularFile(f)) {
            fail(f + " is missing: the ONNX fixtures belong to the repository (make_onnx_fixtures.py writes them)");
        }
        return f;
    }

    /** Every fixture NAME (NAME.onnx with NAME.json), sorted. */
    public static List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(folder())) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - ".json".length())).sorted().toList();
        }
    }

    /** The inputs onnxruntime was fed, by graph input name, in the file's order. */
    public static Map<String, Tensor> inputs(String name) throws IOException {
        return tensors(json(name).getAsJsonObject("inputs"));
    }

    /** Every output onnxruntime computed, by graph output name, in the graph's output order. */
    public static Map<String, Tensor> outputs(String name) throws IOException {
        return tensors(json(name).getAsJsonObject("outputs"));
    }

    private static JsonObject json(String name) throws IOException {
        return JsonParser.parseString(Files.readString(file(name + ".json"))).getAsJsonObject();
    }

    private static Map<String, Tensor> tensors(JsonObject o) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String k : o.keySet()) {
            out.put(k, tensor(o.getAsJsonObject(k)));
        }
        return out;
    }

    /** A tensor as the fixture scripts write one: {@code {"shape": [...], "data": [...]}} (row-major). */
    public static Tensor tensor(JsonObject t) {
        JsonArray shape = t.getAsJsonArray("shape");
        JsonArray data = t.getAsJsonArray("data");
        int[] s = new int[shape.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = shape.get(i).getAsInt();
        }
        double[] v = new double[data.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = data.get(i).getAsDouble();
        }
        return Tensor.of(s, v);
    }
}
