package org.lstmlens.kernel.protocol;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * One Jupyter message: the routing identities, the four JSON parts and any binary buffers.
 * Parent header and metadata are {@code {}} when absent, never null.
 */
public record Message(List<byte[]> identities, JsonObject header, JsonObject parentHeader, JsonObject metadata,
                      JsonObject content, List<byte[]> buffers) {
    /** The protocol version this kernel speaks. */
    public static final String PROTOCOL_VERSION = "5.3";
    private static final DateTimeFormatter ISO_MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");

    public String type() {
        return string(header, "msg_type");
    }

    /** A new message of {@code type} answering or caused by {@code parent}, routed back to the parent's sender. */
    public static Message child(Message parent, String session, String type, JsonObject content) {
        List<byte[]> identities = parent == null ? List.of() : parent.identities();
        JsonObject parentHeader = parent == null ? new JsonObject() : parent.header();
        return new Message(identities, header(session, type), parentHeader, new JsonObject(), content, List.of());
    }

    static JsonObject header(String session, String type) {
        JsonObject header = new JsonObject();
        header.addProperty("msg_id", UUID.randomUUID().toString());
        header.addProperty("session", session);
        header.addProperty("username", "lstm-lens");
        header.addProperty("date", OffsetDateTime.now(ZoneOffset.UTC).format(ISO_MICROS));
        header.addProperty("msg_type", type);
        header.addProperty("version", PROTOCOL_VERSION);
        return header;
    }

    /** A string member, or "" if missing or not a string. */
    public static String string(JsonObject object, String name) {
        JsonElement element = object == null ? null : object.get(name);
        return element != null && element.isJsonPrimitive() ? element.getAsString() : "";
    }

    /** A boolean member, or {@code otherwise} if missing. */
    public static boolean bool(JsonObject object, String name, boolean otherwise) {
        JsonElement element = object == null ? null : object.get(name);
        return element != null && element.isJsonPrimitive() ? element.getAsBoolean() : otherwise;
    }

    /** An int member, or {@code otherwise} if missing. */
    public static int integer(JsonObject object, String name, int otherwise) {
        JsonElement element = object == null ? null : object.get(name);
        return element != null && element.isJsonPrimitive() && element.getAsJsonPrimitive().isNumber()
                ? element.getAsInt() : otherwise;
    }
}
