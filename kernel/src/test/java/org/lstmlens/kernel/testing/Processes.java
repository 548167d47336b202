package org.lstmlens.kernel.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the integration tests share: failsafe's properties and running the install script and Python clients. */
public final class Processes {
    private Processes() {
    }

    /** A system property the failsafe configuration sets; fails the test, naming it, when it is missing. */
    public static String property(String name) {
        String value = System.getProperty(name);
        assertThat(value).as("system property %s (set by the failsafe configuration)", name).isNotBlank();
        return value;
    }

    /** Runs {@code command} with its output in {@code log}; its exit code, or -1 when it ran past the timeout. */
    public static int run(List<String> command, Path log, long timeoutSeconds) throws IOException, InterruptedException {
        return run(new ProcessBuilder(command), log, timeoutSeconds);
    }

    /** As {@link #run(List, Path, long)} for a prepared builder (environment, directory). */
    public static int run(ProcessBuilder builder, Path log, long timeoutSeconds) throws IOException, InterruptedException {
        Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    /** A log's text, for failure messages. */
    public static String read(Path log) throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no output)";
    }
}
