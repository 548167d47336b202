package org.lstmlens.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The GRU and SimpleRNN fixtures of the repository, {@code dsl/src/test/data/rnn/}: models written by real Keras 3
 * (JAX) and tf_keras 2, and legacy Keras 1 / 2 / CuDNNGRU files written in their era's layout, each with
 * {@code NAME.expected.json} (the framework's own outputs and input gradients, or a float64 reference's outputs);
 * {@code make_rnn_fixtures.py} there wrote them. Found as {@link TestData} finds the repository's data: a missing file
 * FAILS the test.
 */
public final class RnnFixtures {
    private static final String SCRIPT = "make_rnn_fixtures.py";

    private RnnFixtures() {
    }

    public static Path folder() {
        return TestData.folder("rnn", SCRIPT);
    }

    /** {@code dsl/src/test/data/<topic>} of the repository (found from the working directory); may not exist. */
    public static Path data(String topic) {
        return TestData.root().resolve("dsl").resolve("src").resolve("test").resolve("data").resolve(topic);
    }

    /**
     * The cases of a JSON file of {@code dsl/src/test/data/cells} ({@code {"cases": [{"name": ...}, ...]}}) by name,
     * in file order; fails the test when the file is missing.
     */
    public static java.util.Map<String, java.util.Map<String, Object>> cellCases(String file) {
        try {
            java.util.Map<String, java.util.Map<String, Object>> byName = new java.util.LinkedHashMap<>();
            for (Object o : MiniJson.array(MiniJson.object(MiniJson.parse(Files.readString(cells(file))))
                    .get("cases"))) {
                byName.put((String) MiniJson.object(o).get("name"), MiniJson.object(o));
            }
            return byName;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A file of {@code dsl/src/test/data/cells} (the core's cell fixtures); fails the test when it is missing. */
    public static Path cells(String name) {
        Path f = data("cells").resolve(name);
        if (!Files.isRegularFile(f)) {
            fail(f + " is missing: the cell fixtures belong to the repository (the scripts beside it write them)");
        }
        return f;
    }

    /** A file of the folder; fails the test when it is missing. */
    public static Path file(String name) {
        return TestData.file("rnn", SCRIPT, name);
    }

    /** Every fixture's NAME (of NAME.expected.json), sorted. */
    public static List<String> names() throws IOException {
        return names(folder());
    }

    /** Every NAME of a NAME.expected.json in {@code folder}, sorted; fails the test when there is none. */
    static List<String> names(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            List<String> names = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".expected.json"))
                    .map(n -> n.substring(0, n.length() - ".expected.json".length())).sorted().toList();
            if (names.isEmpty()) {
                fail(folder + " holds no NAME.expected.json: the fixtures belong to the repository");
            }
            return names;
        }
    }
}
