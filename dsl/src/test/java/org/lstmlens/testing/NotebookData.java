package org.lstmlens.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.lstmlens.core.Activation;
import org.lstmlens.core.HardSigmoid;
import org.lstmlens.core.LstmCell;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.core.LstmWeights;

/**
 * The small models the repository's {@code notebooks/data/} holds, trained with real Keras by
 * {@code notebooks/data/make_models.py}, read from their {@code NAME.expected.json} exports (weights as plain arrays,
 * Keras's own predictions, the training task). The folder is found by walking up from the working directory to the
 * repository root (the folder with {@code dsl/pom.xml}); the system property {@code lstmlens.notebookData} may name
 * another folder. These files belong to the repository, so a missing one FAILS the test (it does not skip).
 */
public final class NotebookData {
    private NotebookData() {
    }

    public static Path folder() {
        String prop = System.getProperty("lstmlens.notebookData");
        if (prop != null && !prop.isBlank()) {
            return Paths.get(prop).toAbsolutePath().normalize();
        }
        return TestData.root().resolve("notebooks").resolve("data");
    }

    /** The parsed {@code NAME.expected.json}; fails the test when the file is missing. */
    public static Map<String, Object> expected(String name) {
        Path file = folder().resolve(name + ".expected.json");
        if (!Files.isRegularFile(file)) {
            fail(file + " is missing: the known-truth models come from notebooks/data/make_models.py (run it with "
                    + "Keras 3 on JAX, see its docstring), and belong to the repository");
        }
        try {
            return MiniJson.object(MiniJson.parse(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The layer record {@code index} of an export. */
    public static Map<String, Object> layer(Map<String, Object> export, int index) {
        List<Object> layers = MiniJson.array(export.get("layers"));
        return MiniJson.object(layers.get(index));
    }

    /** The LSTM of a layer record (Keras 3 wrote these files: its hard_sigmoid is x/6 + 0.5). */
    public static LstmLayer lstm(Map<String, Object> record) {
        Map<String, Object> config = MiniJson.object(record.get("config"));
        Map<String, Object> w = MiniJson.object(record.get("weights"));
        LstmWeights weights = LstmWeights.of(MiniJson.matrix(w.get("kernel")), MiniJson.matrix(w.get(
                "recurrent_kernel")), w.containsKey("bias") ? MiniJson.vector(w.get("bias")) : null);
        LstmCell cell = new LstmCell(weights, Activation.parse((String) config.get("activation"), HardSigmoid.KERAS_3),
                Activation.parse((String) config.get("recurrent_activation"), HardSigmoid.KERAS_3));
        return new LstmLayer((String) record.get("name"), cell, (Boolean) config.get("return_sequences"),
                (Boolean) config.get("go_backwards"));
    }
}
