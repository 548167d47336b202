package org.lstmlens.kernel.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import org.zeromq.ZMQ;

/**
 * Messages to and from ZeroMQ frames: {@code identities..., "<IDS|MSG>", signature, header, parent, metadata,
 * content, buffers...}. A message that is badly signed or not JSON is logged and dropped; it never escapes as an
 * exception, so one bad message cannot stop a channel (the base kernel's shell thread dies on one).
 */
public final class Wire {
    private static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    private final Signer signer;
    private final KernelLog log;

    public Wire(Signer signer, KernelLog log) {
        this.signer = signer;
        this.log = log;
    }

    /**
     * Reads the next message, blocking if {@code flags} is 0.
     *
     * @return the message, or empty if none was waiting (non-blocking), or it was refused
     */
    public Optional<Message> read(ZMQ.Socket socket, int flags, String channel) {
        byte[] first = socket.recv(flags);
        if (first == null) {
            return Optional.empty();
        }
        List<byte[]> frames = new ArrayList<>();
        frames.add(first);
        while (socket.hasReceiveMore()) {
            frames.add(socket.recv(0));
        }
        return decode(frames, channel);
    }

    Optional<Message> decode(List<byte[]> frames, String channel) {
        int delimiter = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (Arrays.equals(frames.get(i), DELIMITER)) {
                delimiter = i;
                break;
            }
        }
        if (delimiter < 0 || frames.size() < delimiter + 6) {
            log.warn("refused a message on " + channel + ": " + frames.size() + " frames without the <IDS|MSG> layout");
            return Optional.empty();
        }
        byte[] signature = frames.get(delimiter + 1);
        byte[] header = frames.get(delimiter + 2);
        byte[] parent = frames.get(delimiter + 3);
        byte[] metadata = frames.get(delimiter + 4);
        byte[] content = frames.get(delimiter + 5);
        if (!signer.verify(signature, header, parent, metadata, content)) {
            log.warn("refused a message on " + channel + ": its signature does not match the connection key");
            return Optional.empty();
        }
        try {
            return Optional.of(new Message(List.copyOf(frames.subList(0, delimiter)), object(header), object(parent),
                    object(metadata), object(content), List.copyOf(frames.subList(delimiter + 6, frames.size()))));
        } catch (JsonParseException | IllegalStateException e) {
            log.warn("refused a message on " + channel + ": not JSON (" + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    private static JsonObject object(byte[] json) {
        JsonElement element = JsonParser.parseString(new String(json, StandardCharsets.UTF_8));
        return element.isJsonObject() ? element.getAsJsonObject() : new JsonObject();
    }

    /** Signs and sends {@code message}; the caller owns the socket (one thread at a time). */
    public void send(ZMQ.Socket socket, Message message) {
        byte[] header = bytes(message.header());
        byte[] parent = bytes(message.parentHeader());
        byte[] metadata = bytes(message.metadata());
        byte[] content = bytes(message.content());
        byte[] signature = signer.sign(header, parent, metadata, content).getBytes(StandardCharsets.US_ASCII);
        for (byte[] identity : message.identities()) {
            socket.sendMore(identity);
        }
        socket.sendMore(DELIMITER);
        socket.sendMore(signature);
        socket.sendMore(header);
        socket.sendMore(parent);
        socket.sendMore(metadata);
        if (message.buffers().isEmpty()) {
            socket.send(content, 0);
            return;
        }
        socket.sendMore(content);
        for (int i = 0; i < message.buffers().size(); i++) {
            byte[] buffer = message.buffers().get(i);
            if (i == message.buffers().size() - 1) {
                socket.send(buffer, 0);
            } else {
                socket.sendMore(buffer);
            }
        }
    }

    private static byte[] bytes(JsonObject json) {
        return GSON.toJson(json == null ? new JsonObject() : json).getBytes(StandardCharsets.UTF_8);
    }

    public static Gson gson() {
        return GSON;
    }

    /**
     * Display data as JSON: each MIME type to its text, except JSON types ({@code application/json},
     * {@code ...+json}), which nbformat wants as JSON values, not strings; text that does not parse stays a string.
     */
    public static JsonObject mimeData(Map<String, String> data) {
        JsonObject json = new JsonObject();
        data.forEach((type, content) -> {
            if (type.endsWith("/json") || type.endsWith("+json")) {
                try {
                    json.add(type, JsonParser.parseString(content));
                    return;
                } catch (JsonParseException e) {
                    // not JSON after all: sent as text
                }
            }
            json.addProperty(type, content);
        });
        return json;
    }
}
