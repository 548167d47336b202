package org.lstmlens.kernel.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lstmlens.kernel.testing.Processes.property;
import static org.lstmlens.kernel.testing.Processes.read;
import static org.lstmlens.kernel.testing.Processes.run;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The protocol tests of {@code src/test/python/protocol_test.py}, run by {@code mvn verify}: install/install.sh
 * installs the freshly built fat jar as the {@code lstm-lens} kernelspec into a temporary prefix, then a real
 * Jupyter client (jupyter_client under {@code /usr/bin/python3}, or {@code $LSTMLENS_PYTHON}) drives it.
 *
 * <p>Without jupyter_client the test fails when {@code CI=true} and is skipped, saying why, elsewhere.
 */
class KernelProtocolIT {
    private static final long INSTALL_TIMEOUT_S = 300;
    private static final long PROTOCOL_TIMEOUT_S = 240;

    @TempDir
    Path prefix;

    @Test
    void should_pass_the_protocol_tests_through_the_installed_kernelspec() throws Exception {
        String python = System.getenv().getOrDefault("LSTMLENS_PYTHON", "/usr/bin/python3");
        boolean clientPresent = Files.isExecutable(Path.of(python))
                && run(List.of(python, "-c", "import jupyter_client"), prefix.resolve("probe.log"), 60) == 0;
        if (!clientPresent) {
            String why = python + " with jupyter_client is needed (Debian: apt-get install python3-jupyter-client)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true and " + why);
            }
            assumeTrue(false, "skipped: " + why);
        }
        Path installLog = prefix.resolve("install.log");
        int installed = run(List.of("bash", property("lstmlens.install.script"), "--prefix", prefix.toString(),
                "--jar", property("lstmlens.kernel.jar")), installLog, INSTALL_TIMEOUT_S);
        assertThat(installed).as("install.sh output:\n%s", read(installLog)).isZero();

        Path testLog = prefix.resolve("protocol.log");
        ProcessBuilder protocol = new ProcessBuilder(python, property("lstmlens.protocol.script"));
        protocol.environment().put("JUPYTER_PATH", prefix.resolve("share/jupyter").toString());
        protocol.environment().put("JUPYTER_DATA_DIR", prefix.resolve("data").toString());
        protocol.environment().put("JUPYTER_RUNTIME_DIR", prefix.resolve("runtime").toString());
        int passed = run(protocol, testLog, PROTOCOL_TIMEOUT_S);
        assertThat(passed).as("protocol_test.py output:\n%s", read(testLog)).isZero();
        assertThat(read(testLog)).contains(" passed, 0 failed");
    }
}
