package org.lstmlens.kernel.notebooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lstmlens.kernel.testing.Processes.property;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's command that opens the tutorials, {@code notebooks/lab.sh}, run as a user would (its Jupyter data and
 * runtime folders moved into a temporary folder): a Jupyter server comes up on the tutorials' folder and offers the
 * kernel "Java (LSTM Lens)". Which server (JupyterLab from PATH or build/venv, or Debian's classic Notebook where no
 * package index is reachable) depends on the machine; the test asks the server's REST API, which all of them share.
 */
class LabCommandIT {
    private static final Duration START_TIMEOUT = Duration.ofMinutes(6);
    private static final Pattern URL = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/(?:lab)?\\?token=([0-9a-f]+)");

    @TempDir
    Path home;

    @Test
    void should_open_the_tutorials_in_a_jupyter_server_with_the_kernel_installed() throws Exception {
        Path notebooks = Path.of(property("lstmlens.notebooks.dir"));
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of("bash", notebooks.resolve("lab.sh").toString(), "--no-browser",
                "--port", String.valueOf(port), "--ip", "127.0.0.1"));
        if ("root".equals(System.getProperty("user.name"))) {
            command.add("--allow-root");
        }
        Path log = home.resolve("lab.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("JUPYTER_DATA_DIR", home.resolve("data").toString());
        builder.environment().put("JUPYTER_RUNTIME_DIR", home.resolve("runtime").toString());
        builder.environment().put("JUPYTER_CONFIG_DIR", home.resolve("config").toString());
        builder.environment().remove("JUPYTER_PATH");
        Process lab = builder.start();
        try {
            Matcher url = awaitUrl(lab, log, port);
            HttpClient http = HttpClient.newHttpClient();
            String specs = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + url.group(1)
                    + "/api/kernelspecs?token=" + url.group(2))).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            JsonObject kernel = JsonParser.parseString(specs).getAsJsonObject().getAsJsonObject("kernelspecs")
                    .getAsJsonObject("lstm-lens");
            assertThat(kernel).as("the server's kernelspecs: %s", specs).isNotNull();
            assertThat(kernel.getAsJsonObject("spec").get("display_name").getAsString()).isEqualTo("Java (LSTM Lens)");
            String root = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + url.group(1)
                    + "/api/contents?token=" + url.group(2))).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(root).as("the server's folder").contains("00_tour.ipynb");
        } finally {
            lab.descendants().forEach(ProcessHandle::destroy);
            lab.destroy();
            lab.descendants().forEach(ProcessHandle::destroyForcibly);
            lab.destroyForcibly();
        }
    }

    private static Matcher awaitUrl(Process lab, Path log, int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            Matcher url = URL.matcher(text);
            if (url.find() && url.group(1).equals(String.valueOf(port))) {
                return url;
            }
            if (!lab.isAlive()) {
                throw new AssertionError("lab.sh ended (exit " + lab.exitValue() + ") without a server:\n" + text);
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no server URL within " + START_TIMEOUT + "; lab.sh output:\n"
                + Files.readString(log, StandardCharsets.UTF_8));
    }
}
