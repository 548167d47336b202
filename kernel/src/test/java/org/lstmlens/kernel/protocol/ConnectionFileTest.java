package org.lstmlens.kernel.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The connection file as jupyter_client writes it (its field names and types), and files that lack fields. */
class ConnectionFileTest {
    static final String WRITTEN = "{\"shell_port\": 50001, \"iopub_port\": 50002, \"stdin_port\": 50003,"
            + " \"control_port\": 50004, \"hb_port\": 50005, \"ip\": \"127.0.0.1\", \"key\": \"a0b1-c2\","
            + " \"transport\": \"tcp\", \"signature_scheme\": \"hmac-sha256\", \"kernel_name\": \"lstm-lens\"}";

    @Test
    void reads_every_field_jupyter_client_writes() {
        ConnectionFile f = ConnectionFile.parse(WRITTEN, "kernel-1.json");
        assertThat(f).isEqualTo(new ConnectionFile("tcp", "127.0.0.1", 50001, 50004, 50003, 50005, 50002,
                "a0b1-c2", "hmac-sha256"));
        assertThat(f.address(f.shellPort())).isEqualTo("tcp://127.0.0.1:50001");
    }

    @Test
    void names_every_missing_field() {
        assertThatThrownBy(() -> ConnectionFile.parse("{\"ip\": \"127.0.0.1\", \"key\": \"\", \"transport\": \"tcp\","
                + " \"shell_port\": 1, \"control_port\": 2, \"stdin_port\": 3, \"iopub_port\": 5}", "k.json"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("connection file k.json lacks hb_port, signature_scheme; a Jupyter connection file has"
                        + " transport, ip, shell_port, control_port, stdin_port, hb_port, iopub_port, key,"
                        + " signature_scheme");
        assertThatThrownBy(() -> ConnectionFile.parse("{not json", "k.json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("connection file k.json is not valid JSON: ");
        assertThatThrownBy(() -> ConnectionFile.parse("", "k.json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("connection file k.json is empty or not a JSON object");
    }
}
