package org.lstmlens.kernel.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;

import org.junit.jupiter.api.Test;

/** Frames to messages: a badly signed or malformed message is refused and logged, never thrown. */
class WireTest {
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final Signer signer = Signer.of("hmac-sha256", "secret");
    private final Wire wire = new Wire(signer, new KernelLog(new PrintStream(logged, true, StandardCharsets.UTF_8)));

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private List<byte[]> frames(String signature) {
        String header = "{\"msg_id\":\"1\",\"msg_type\":\"kernel_info_request\"}";
        return List.of(b("client-id"), b("<IDS|MSG>"), b(signature), b(header), b("{}"), b("{}"), b("{}"));
    }

    @Test
    void should_read_a_well_signed_message_with_its_identity() {
        String signature = signer.sign(b("{\"msg_id\":\"1\",\"msg_type\":\"kernel_info_request\"}"), b("{}"), b("{}"), b("{}"));
        Message message = wire.decode(frames(signature), "shell").orElseThrow();
        assertThat(message.type()).isEqualTo("kernel_info_request");
        assertThat(message.identities()).hasSize(1);
        assertThat(new String(message.identities().get(0), StandardCharsets.UTF_8)).isEqualTo("client-id");
        assertThat(message.parentHeader().size()).isZero();
    }

    @Test
    void should_refuse_and_log_a_badly_signed_message() {
        assertThat(wire.decode(frames("0".repeat(64)), "shell")).isEmpty();
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("refused a message on shell").contains("signature");
    }

    @Test
    void should_refuse_frames_without_the_delimiter() {
        assertThat(wire.decode(List.of(b("just"), b("noise")), "control")).isEmpty();
        assertThat(logged.toString(StandardCharsets.UTF_8)).contains("refused a message on control");
    }

    @Test
    void should_send_json_mime_types_as_json_values_and_the_rest_as_text() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("text/plain", "{\"a\": 1}");
        data.put("application/json", "{\"a\": 1}");
        data.put("application/vnd.custom+json", "not json");
        JsonObject json = Wire.mimeData(data);
        assertThat(json.get("text/plain").getAsString()).isEqualTo("{\"a\": 1}");
        assertThat(json.get("application/json").getAsJsonObject().get("a").getAsInt()).isEqualTo(1);
        assertThat(json.get("application/vnd.custom+json").getAsString()).isEqualTo("not json");
    }
}
