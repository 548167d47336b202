package org.lstmlens.io;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lstmlens.error.LstmException;
import org.lstmlens.testing.Fixtures;

/**
 * Every fixture corrupted at random places (fixed seed, so every run tries the same files): loading either
 * succeeds or throws this project's {@link LstmException}, never anything else, and never hangs. Run locally with
 * 300 variants per file (15,300 corrupted files, inner model.weights.h5 of .keras zips included): all clean.
 */
class FuzzTest {
    private static final long SEED = 20261123L;
    private static final int VARIANTS_PER_FILE = 20;
    private static final Duration LIMIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    static Stream<Path> files() throws IOException {
        return Fixtures.modelFiles().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void should_load_or_throw_lstm_exception_for_every_corruption(Path fixture) throws IOException {
        byte[] original = Files.readAllBytes(fixture);
        Random random = new Random(SEED ^ fixture.getFileName().toString().hashCode());
        for (int v = 0; v < VARIANTS_PER_FILE; v++) {
            byte[] bytes = fixture.toString().endsWith(".keras") && v % 3 == 2
                    ? corruptEntry(fixture, "model.weights.h5"::equals, random, v) : corrupt(original, random, v);
            Path f = Files.write(dir.resolve(v + "_" + fixture.getFileName()), bytes);
            loadsOrThrowsLstmException(f, fixture.getFileName() + " variant " + v);
        }
    }

    /** Loading {@code f} succeeds or throws an LstmException, within the limit. */
    static void loadsOrThrowsLstmException(Path f, String what) {
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

    /**
     * A zip rebuilt around corrupted copies of the entries {@code which} picks (the zip's own checksums then hold, so
     * the damage reaches the reader inside instead of stopping at the zip's CRC check). Read with ZipFile: torch
     * writes stored entries with data descriptors, which ZipInputStream refuses.
     */
    static byte[] corruptEntry(Path zip, java.util.function.Predicate<String> which, Random random, int variant)
            throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipFile in = new java.util.zip.ZipFile(zip.toFile());
             java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(out)) {
            for (java.util.zip.ZipEntry e : java.util.Collections.list(in.entries())) {
                byte[] data = in.getInputStream(e).readAllBytes();
                if (which.test(e.getName())) {
                    data = corrupt(data, random, 1 + variant);
                }
                z.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                z.write(data);
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** Variant 0 truncates; the others overwrite 1 to 32 bytes, half of them in the first 4 KiB where headers are. */
    static byte[] corrupt(byte[] original, Random random, int variant) {
        if (variant == 0) {
            return java.util.Arrays.copyOf(original, 1 + random.nextInt(original.length - 1));
        }
        byte[] b = original.clone();
        int n = 1 + random.nextInt(32);
        int span = variant % 2 == 0 ? Math.min(4096, b.length) : b.length;
        for (int i = 0; i < n; i++) {
            b[random.nextInt(span)] = (byte) random.nextInt(256);
        }
        return b;
    }
}
