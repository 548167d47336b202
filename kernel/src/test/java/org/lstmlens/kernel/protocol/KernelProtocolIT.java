package org.lstmlens.kernel.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lstmlens.kernel.testing.Processes.property;
import static org.lstmlens.kernel.testing.Processes.read;
import static org.lstmlens.kernel.testing.Processes.run;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Jupyter clients against the installed kernel, run by {@code mvn verify}: install/install.sh installs the
 * freshly built fat jar as the {@code lstm-lens} kernelspec into a temporary prefix, then, under
 * {@code /usr/bin/python3} (or {@code $LSTMLENS_PYTHON}):
 * <ul>
 *   <li>{@code src/test/python/protocol_test.py}: our protocol checks with jupyter_client (interrupts, exit guard,
 *       memory, the log file, ...);</li>
 *   <li>{@code src/test/python/kernel_test_suite.py}: the Jupyter project's jupyter_kernel_test suite, every message
 *       validated against the spec's schemas;</li>
 *   <li>{@code src/test/python/console_test.py}: {@code jupyter console} in a pseudo-terminal.</li>
 * </ul>
 * A missing Python package fails the test when {@code CI=true} and skips it, saying what to install, elsewhere.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KernelProtocolIT {
    private static final long INSTALL_TIMEOUT_S = 300;
    private static final long SCRIPT_TIMEOUT_S = 420;

    @TempDir
    static Path prefix;

    private final String python = System.getenv().getOrDefault("LSTMLENS_PYTHON", "/usr/bin/python3");
    private int installed = -2;
    private Path installLog;

    @BeforeAll
    void install_the_kernel() throws Exception {
        if (!imports("jupyter_client")) {
            return;
        }
        installLog = prefix.resolve("install.log");
        installed = run(List.of("bash", property("lstmlens.install.script"), "--prefix", prefix.toString(),
                "--jar", property("lstmlens.kernel.jar")), installLog, INSTALL_TIMEOUT_S);
    }

    @Test
    void should_pass_the_protocol_tests_through_the_installed_kernelspec() throws Exception {
        passes("protocol_test.py", "jupyter_client", "python3-jupyter-client");
    }

    @Test
    void should_pass_the_jupyter_kernel_test_suite() throws Exception {
        passes("kernel_test_suite.py", "jupyter_kernel_test", "python3-jupyter-kernel-test");
    }

    @Test
    void should_work_in_jupyter_console() throws Exception {
        passes("console_test.py", "jupyter_console, pexpect", "python3-jupyter-console python3-pexpect");
    }

    private void passes(String script, String modules, String debianPackages) throws Exception {
        if (!imports(modules)) {
            String why = python + " with " + modules + " is needed (Debian: apt-get install " + debianPackages + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true and " + why);
            }
            assumeTrue(false, "skipped: " + why);
        }
        assertThat(installed).as("install.sh output:\n%s", installLog == null ? "(not run)" : read(installLog)).isZero();
        Path log = prefix.resolve(script + ".log");
        ProcessBuilder client = new ProcessBuilder(python, Path.of(property("lstmlens.python.tests")).resolve(script)
                .toString());
        client.environment().put("JUPYTER_PATH", prefix.resolve("share/jupyter").toString());
        client.environment().put("JUPYTER_DATA_DIR", prefix.resolve("data").toString());
        client.environment().put("JUPYTER_RUNTIME_DIR", prefix.resolve("runtime").toString());
        client.environment().put("LSTMLENS_LOG_DIR", prefix.resolve("log").toString());
        int exit = run(client, log, SCRIPT_TIMEOUT_S);
        assertThat(exit).as("%s output:\n%s", script, read(log)).isZero();
        assertThat(read(log)).as("%s output", script).containsPattern("(?m)^\\d+ passed, 0 failed");
    }

    private boolean imports(String modules) throws Exception {
        return Files.isExecutable(Path.of(python))
                && run(List.of(python, "-c", "import " + modules), prefix.resolve("probe.log"), 60) == 0;
    }
}
