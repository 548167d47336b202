package org.lstmlens.kernel.notebooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lstmlens.kernel.testing.Processes.property;
import static org.lstmlens.kernel.testing.Processes.read;
import static org.lstmlens.kernel.testing.Processes.run;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tutorial notebooks, run by {@code mvn verify} the way a reader's Jupyter runs them: install/install.sh installs
 * the freshly built fat jar as the {@code lstm-lens} kernelspec into a temporary prefix, then
 * {@code notebooks/run_all.py --check} executes every notebook through it with nbclient (a real Jupyter client). Each
 * notebook asserts its own key numbers (from the seed questions, Keras's outputs in notebooks/data, or an independent
 * computation), so a wrong number fails its cell; {@code --check} also fails when the committed outputs differ from
 * the fresh run. Then {@code notebooks/screenshot.py} looks at the tour's HTML in headless Chromium and checks that its
 * charts are there and drawn, and {@code notebooks/browser_check.py} drives views in Chromium as a person would (hover
 * text, no sideways scrolling of 16- and 64-unit tables, a picked unit changing the values shown).
 *
 * <p>Executed notebooks, their HTML and the screenshot go to {@code kernel/target/notebooks/}. Python is
 * {@code /usr/bin/python3} (or {@code $LSTMLENS_PYTHON}). Without the Python packages, Chromium or Pillow, each test
 * fails when {@code CI=true} and is skipped, saying what to install, elsewhere.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotebooksIT {
    private static final long INSTALL_TIMEOUT_S = 300;
    private static final long NOTEBOOKS_TIMEOUT_S = 600;
    private static final long SCREENSHOT_TIMEOUT_S = 240;
    private static final long SELF_TEST_TIMEOUT_S = 240;
    private static final long BROWSER_CHECK_TIMEOUT_S = 300;
    private static final String RUNNER_PACKAGES = "python3-nbclient python3-nbformat python3-jupyter-client "
            + "python3-nbconvert";

    @TempDir
    static Path prefix;

    private final String python = System.getenv().getOrDefault("LSTMLENS_PYTHON", "/usr/bin/python3");
    private Path out;
    private boolean runnerPresent;
    private int notebooksExit = -2;
    private Path notebooksLog;

    @BeforeAll
    void install_the_kernel_and_run_every_notebook() throws Exception {
        out = Path.of(property("lstmlens.notebooks.out"));
        Files.createDirectories(out);
        notebooksLog = out.resolve("run_all.log");
        runnerPresent = pythonImports("nbclient, nbformat, jupyter_client, nbconvert");
        if (!runnerPresent) {
            return;
        }
        Path installLog = out.resolve("install.log");
        int installed = run(List.of("bash", property("lstmlens.install.script"), "--prefix", prefix.toString(),
                "--jar", property("lstmlens.kernel.jar")), installLog, INSTALL_TIMEOUT_S);
        assertThat(installed).as("install.sh output:\n%s", read(installLog)).isZero();
        notebooksExit = run(jupyter(List.of(python, notebooks().resolve("run_all.py").toString(), "--check",
                "--out", out.toString())), notebooksLog, NOTEBOOKS_TIMEOUT_S);
    }

    @Test
    void should_run_every_notebook_through_the_installed_kernel_with_its_committed_outputs() throws Exception {
        require(runnerPresent, python + " with nbclient, nbformat, jupyter_client and nbconvert (Debian: apt-get "
                + "install " + RUNNER_PACKAGES + ")");
        String log = read(notebooksLog);
        assertThat(notebooksExit).as("notebooks/run_all.py --check (exit %d) output:\n%s", notebooksExit, log)
                .isZero();
        long count;
        try (Stream<Path> files = Files.list(notebooks())) {
            count = files.filter(p -> p.getFileName().toString().matches("\\d\\d_.*\\.ipynb")).count();
        }
        assertThat(count).as("tutorial notebooks in %s", notebooks()).isGreaterThanOrEqualTo(7);
        assertThat(log).as("run_all.py output").contains(count + " of " + count + " notebooks ok");
        assertThat(out.resolve("00_tour.html")).exists();
    }

    @Test
    void should_show_the_tour_with_its_charts_drawn_in_a_headless_browser() throws Exception {
        require(runnerPresent, python + " with the notebook runner's packages (Debian: " + RUNNER_PACKAGES + ")");
        Path html = out.resolve("00_tour.html");
        assumeTrue(Files.exists(html), "the tour did not run (the notebook test says why)");
        require(onPath("chromium") && pythonImports("PIL"),
                "chromium on PATH and Pillow for " + python + " (Debian: apt-get install chromium python3-pil)");
        Path log = out.resolve("screenshot.log");
        int exit = run(List.of(python, notebooks().resolve("screenshot.py").toString(), html.toString()), log,
                SCREENSHOT_TIMEOUT_S);
        assertThat(exit).as("notebooks/screenshot.py output:\n%s", read(log)).isZero();
        assertThat(out.resolve("00_tour.png")).exists();
    }

    @Test
    void should_show_views_that_fit_and_respond_in_a_headless_browser() throws Exception {
        require(runnerPresent, python + " with the notebook runner's packages (Debian: " + RUNNER_PACKAGES + ")");
        require(onPath("chromium"), "chromium on PATH (Debian: apt-get install chromium)");
        Path log = out.resolve("browser_check.log");
        int exit = run(jupyter(List.of(python, notebooks().resolve("browser_check.py").toString(), "--out",
                out.resolve("browser_check").toString())), log, BROWSER_CHECK_TIMEOUT_S);
        assertThat(exit).as("notebooks/browser_check.py output:\n%s", read(log)).isZero();
        assertThat(read(log)).contains(" passed, 0 failed");
    }

    @Test
    void should_pass_the_runners_own_self_test() throws Exception {
        require(runnerPresent && pythonImports("ipykernel"), python + " with the runner's packages and ipykernel "
                + "(Debian: apt-get install " + RUNNER_PACKAGES + " python3-ipykernel)");
        Path log = out.resolve("test_run_all.log");
        int exit = run(jupyter(List.of(python, notebooks().resolve("test_run_all.py").toString())), log,
                SELF_TEST_TIMEOUT_S);
        assertThat(exit).as("notebooks/test_run_all.py output:\n%s", read(log)).isZero();
    }

    /**
     * A process that finds only the kernelspec installed here and keeps Jupyter's runtime files in the prefix; its
     * kernels get Apache Spark's jars (for 10_spark) as the Spark module's build listed them.
     */
    private ProcessBuilder jupyter(List<String> command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        Path sparkJars = Path.of(property("lstmlens.spark.classpath"));
        assertThat(sparkJars).as("the Spark module's kernel class path (10_spark needs it): build dsl/spark first, "
                + "e.g. mvn -B package -pl dsl/spark -am").isRegularFile();
        builder.environment().put("LSTMLENS_CLASSPATH", Files.readString(sparkJars).strip());
        builder.environment().put("JUPYTER_PATH", prefix.resolve("share/jupyter").toString());
        builder.environment().put("JUPYTER_DATA_DIR", prefix.resolve("data").toString());
        builder.environment().put("JUPYTER_RUNTIME_DIR", prefix.resolve("runtime").toString());
        builder.environment().put("IPYTHONDIR", prefix.resolve("ipython").toString());
        return builder;
    }

    private static void require(boolean present, String what) {
        if (present) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true and " + what + " is needed");
        }
        assumeTrue(false, "skipped: " + what + " is needed");
    }

    private boolean pythonImports(String modules) throws IOException, InterruptedException {
        return Files.isExecutable(Path.of(python))
                && run(List.of(python, "-c", "import " + modules), prefix.resolve("probe.log"), 60) == 0;
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        List<Path> candidates = new ArrayList<>();
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, program));
            }
        }
        return candidates.stream().anyMatch(Files::isExecutable);
    }

    private static Path notebooks() {
        return Path.of(property("lstmlens.notebooks.dir"));
    }
}
