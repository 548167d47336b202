package org.lstmlens.testing;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The repository's own test data, {@code dsl/src/test/data/TOPIC/}, each folder with the script that wrote it. Found
 * by walking up from the working directory to the repository root (the folder with {@code dsl/pom.xml}). These files
 * belong to the repository, so a missing one FAILS the test (it does not skip).
 */
public final class TestData {
    private TestData() {
    }

    /** The repository root: the first folder above the working directory with {@code dsl/pom.xml}. */
    public static Path root() {
        Path dir = Paths.get("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("dsl").resolve("pom.xml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new AssertionError("no repository root (a folder with dsl/pom.xml) above " + Paths.get("")
                    .toAbsolutePath());
        }
        return dir;
    }

    /** {@code dsl/src/test/data/<topic>}; fails the test when it is missing, naming the script that writes it. */
    public static Path folder(String topic, String script) {
        Path data = root().resolve("dsl").resolve("src").resolve("test").resolve("data").resolve(topic);
        if (!Files.isDirectory(data)) {
            fail(data + " is missing: these fixtures belong to the repository (" + script + " writes them)");
        }
        return data;
    }

    /** A file of {@code dsl/src/test/data/<topic>}; fails the test when it is missing. */
    public static Path file(String topic, String script, String name) {
        Path f = folder(topic, script).resolve(name);
        if (!Files.isRegularFile(f)) {
            fail(f + " is missing: these fixtures belong to the repository (" + script + " writes them)");
        }
        return f;
    }
}
