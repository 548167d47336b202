package org.lstmlens.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the shared fixtures are: {@code ../shared} beside the repository (the surefire property
 * {@code lstmlens.shared}). Tests that need them call {@link #keras()} or {@link #keras3()}, which skip the test with
 * a message naming the folder when it is absent, and fail it when the environment says {@code CI=true} (CI always
 * has ../shared beside the clone, so a missing folder there is a broken setup, not a reason to pass). Fixtures are
 * read in place, never copied into the repository.
 */
public final class Fixtures {
    private Fixtures() {
    }

    public static Path shared() {
        String prop = System.getProperty("lstmlens.shared");
        Path p = prop != null ? Paths.get(prop) : Paths.get("..", "..", "shared");
        return p.toAbsolutePath().normalize();
    }

    /** {@code ../shared/fixtures/keras}: real files from Keras 1.2 to 3.15 with independent references. */
    public static Path keras() {
        return require(shared().resolve("fixtures").resolve("keras"));
    }

    /** {@code ../shared/fixtures/keras3}: models written by Keras 3.15.1 with Keras's own predictions. */
    public static Path keras3() {
        return require(shared().resolve("fixtures").resolve("keras3"));
    }

    /** Every model file in both fixture folders (not the JSON references or READMEs), sorted. */
    public static List<Path> modelFiles() throws IOException {
        List<Path> all = new ArrayList<>();
        for (Path d : List.of(keras(), keras3())) {
            try (Stream<Path> s = Files.list(d)) {
                s.filter(p -> !p.toString().endsWith(".json") && !p.toString().endsWith(".md")).sorted()
                        .forEach(all::add);
            }
        }
        return all;
    }

    private static Path require(Path dir) {
        if (!Files.isDirectory(dir) && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("fixture folder " + dir + " is absent, and CI=true: CI runs with ../shared beside"
                    + " the repository, so these tests must not be skipped");
        }
        assumeTrue(Files.isDirectory(dir), () -> "skipped: fixture folder " + dir + " is absent (the repository's"
                + " ../shared); these tests need the shared Keras fixtures");
        return dir;
    }
}
