package org.lstmlens.kernel.protocol;

import java.util.ArrayList;
import java.util.List;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

/**
 * The connection file a Jupyter client writes and names on the kernel's command line: where to bind the five sockets
 * and how to sign messages. Read with gson, field for field ({@code shell_port} is {@link #shellPort()}).
 */
public record ConnectionFile(String transport, String ip, Integer shellPort, Integer controlPort, Integer stdinPort,
                             Integer hbPort, Integer iopubPort, String key, String signatureScheme) {
    private static final Gson GSON = new GsonBuilder()
            .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
            .create();
    private static final List<String> FIELDS = List.of("transport", "ip", "shell_port", "control_port", "stdin_port",
            "hb_port", "iopub_port", "key", "signature_scheme");

    /**
     * The connection described by {@code json}.
     *
     * @param source where the text came from, for the error message
     * @throws IllegalArgumentException naming every missing field, or the JSON error
     */
    public static ConnectionFile parse(String json, String source) {
        ConnectionFile file;
        try {
            file = GSON.fromJson(json, ConnectionFile.class);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("connection file " + source + " is not valid JSON: " + e.getMessage(), e);
        }
        if (file == null) {
            throw new IllegalArgumentException("connection file " + source + " is empty");
        }
        List<String> missing = new ArrayList<>();
        Object[] values = {file.transport, file.ip, file.shellPort, file.controlPort, file.stdinPort, file.hbPort,
                file.iopubPort, file.key, file.signatureScheme};
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                missing.add(FIELDS.get(i));
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("connection file " + source + " lacks " + String.join(", ", missing)
                    + "; a Jupyter connection file has " + String.join(", ", FIELDS));
        }
        return file;
    }

    /** The ZeroMQ address of a port, e.g. {@code tcp://127.0.0.1:5555}. */
    String address(int port) {
        return transport + "://" + ip + ":" + port;
    }
}
