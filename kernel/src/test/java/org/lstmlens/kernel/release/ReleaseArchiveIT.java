package org.lstmlens.kernel.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.lstmlens.kernel.testing.Processes.property;
import static org.lstmlens.kernel.testing.Processes.read;
import static org.lstmlens.kernel.testing.Processes.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive the build makes ({@code kernel/target/lstm-lens-<version>.tar.gz}), used as a user without a
 * clone would: unpacked into an empty folder, installed with its own {@code install.sh}, its version shown by
 * {@code install.sh --version} and in kernel_info's banner.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReleaseArchiveIT {
    private static final long TIMEOUT_S = 300;

    @TempDir
    static Path work;

    private final String version = property("lstmlens.version");
    private Path unpacked;

    @BeforeAll
    void unpack_the_archive() throws Exception {
        Path archive = Path.of(property("lstmlens.release.archive"));
        assertThat(archive).as("the release archive the build makes").isRegularFile();
        Path log = work.resolve("tar.log");
        assertThat(run(List.of("tar", "xzf", archive.toString(), "-C", work.toString()), log, TIMEOUT_S))
                .as("tar output:\n%s", read(log)).isZero();
        unpacked = work.resolve("lstm-lens-" + version);
    }

    @Test
    void should_hold_the_jar_the_installer_and_the_tutorials_with_their_models() {
        assertThat(unpacked.resolve("install.sh")).isExecutable();
        assertThat(unpacked.resolve("lstm-lens-kernel.jar")).isRegularFile();
        assertThat(unpacked.resolve("README.md")).content().contains("LSTM Lens " + version);
        for (String notebook : List.of("00_tour", "01_where_is_the_bias", "02_gate_order", "03_weights_time_and_lags",
                "04_units_return_sequences_stacking", "05_features_and_parameter_count")) {
            assertThat(unpacked.resolve("notebooks").resolve(notebook + ".ipynb")).isRegularFile();
        }
        assertThat(unpacked.resolve("notebooks/data/lag5.keras")).isRegularFile();
        assertThat(unpacked.resolve("notebooks/data/weather.keras")).isRegularFile();
    }

    @Test
    void should_say_its_version() throws Exception {
        Path log = work.resolve("version.log");
        assertThat(run(List.of(unpacked.resolve("install.sh").toString(), "--version"), log, TIMEOUT_S))
                .as("install.sh --version output:\n%s", read(log)).isZero();
        assertThat(read(log).strip()).endsWith("lstm-lens kernel " + version);
    }

    @Test
    void should_install_from_the_unpacked_folder_and_show_its_version_in_the_banner() throws Exception {
        Path prefix = work.resolve("prefix");
        Path log = work.resolve("install.log");
        assertThat(run(List.of(unpacked.resolve("install.sh").toString(), "--prefix", prefix.toString()), log,
                TIMEOUT_S)).as("install.sh output:\n%s", read(log)).isZero();
        Path spec = prefix.resolve("share/jupyter/kernels/lstm-lens");
        JsonObject kernelJson = JsonParser.parseString(Files.readString(spec.resolve("kernel.json"))).getAsJsonObject();
        assertThat(kernelJson.getAsJsonArray("argv").toString()).contains(spec.resolve("lstm-lens-kernel.jar").toString());
        assertThat(spec.resolve("lstm-lens-kernel.jar")).isRegularFile();

        String python = System.getenv().getOrDefault("LSTMLENS_PYTHON", "/usr/bin/python3");
        boolean client = Files.isExecutable(Path.of(python))
                && run(List.of(python, "-c", "import jupyter_client"), work.resolve("probe.log"), 60) == 0;
        if (!client) {
            String why = python + " with jupyter_client is needed for the banner check (Debian: apt-get install "
                    + "python3-jupyter-client)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("CI=true and " + why);
            }
            assumeTrue(false, "skipped: " + why);
        }
        ProcessBuilder banner = new ProcessBuilder(python, "-c", String.join("\n",
                "from jupyter_client.manager import start_new_kernel",
                "km, kc = start_new_kernel(kernel_name='lstm-lens', startup_timeout=60)",
                "msg_id = kc.kernel_info()",
                "while True:",
                "    reply = kc.get_shell_msg(timeout=30)",
                "    if reply['parent_header'].get('msg_id') == msg_id:",
                "        break",
                "print('implementation_version=' + reply['content']['implementation_version'])",
                "print('banner=' + reply['content']['banner'])",
                "kc.stop_channels()",
                "km.shutdown_kernel()"));
        banner.environment().put("JUPYTER_PATH", prefix.resolve("share/jupyter").toString());
        banner.environment().put("LSTMLENS_LOG_DIR", work.resolve("log").toString());
        Path bannerLog = work.resolve("banner.log");
        assertThat(run(banner, bannerLog, TIMEOUT_S)).as("kernel_info output:\n%s", read(bannerLog)).isZero();
        assertThat(read(bannerLog)).contains("implementation_version=" + version)
                .containsPattern("banner=LSTM Lens " + java.util.regex.Pattern.quote(version) + " ");
    }
}
