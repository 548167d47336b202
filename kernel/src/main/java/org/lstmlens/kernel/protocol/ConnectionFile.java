package org.lstmlens.kernel.protocol;

import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.spencerpark.jupyter.kernel.KernelConnectionProperties;

/**
 * The connection file a Jupyter client writes and names on the kernel's command line: where to bind the five sockets
 * and how to sign messages. Read by jupyter-jvm-basekernel's {@link KernelConnectionProperties}; this record adds the
 * check the base kernel leaves out (a missing port would read as 0), naming every missing field.
 */
public record ConnectionFile(String transport, String ip, Integer shellPort, Integer controlPort, Integer stdinPort,
                             Integer hbPort, Integer iopubPort, String key, String signatureScheme) {
    private static final List<String> FIELDS = List.of("transport", "ip", "shell_port", "control_port", "stdin_port",
            "hb_port", "iopub_port", "key", "signature_scheme");

    /**
     * The connection described by {@code json}.
     *
     * @param source where the text came from, for the error message
     * @throws IllegalArgumentException naming every missing field, or the JSON error
     */
    public static ConnectionFile parse(String json, String source) {
        JsonElement tree;
        try {
            tree = JsonParser.parseString(json);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("connection file " + source + " is not valid JSON: " + e.getMessage(), e);
        }
        if (tree == null || !tree.isJsonObject()) {
            throw new IllegalArgumentException("connection file " + source + " is empty or not a JSON object");
        }
        List<String> missing = new ArrayList<>();
        for (String field : FIELDS) {
            if (!tree.getAsJsonObject().has(field) || tree.getAsJsonObject().get(field).isJsonNull()) {
                missing.add(field);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("connection file " + source + " lacks " + String.join(", ", missing)
                    + "; a Jupyter connection file has " + String.join(", ", FIELDS));
        }
        KernelConnectionProperties p = KernelConnectionProperties.parse(json);
        return new ConnectionFile(p.getTransport(), p.getIp(), p.getShellPort(), p.getControlPort(), p.getStdinPort(),
                p.getHbPort(), p.getIopubPort(), p.getKey(), p.getSignatureScheme());
    }

    /** The ZeroMQ address of a port, e.g. {@code tcp://127.0.0.1:5555}. */
    String address(int port) {
        return transport + "://" + ip + ":" + port;
    }
}
