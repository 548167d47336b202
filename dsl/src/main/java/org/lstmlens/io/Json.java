package org.lstmlens.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.lstmlens.error.ModelFileException;
import org.lstmlens.model.Shape;

/** Typed reads from a layer's JSON config, with the layer named in every error. */
final class Json {
    private final JsonObject o;
    private final String where;

    Json(JsonObject o, String where) {
        this.o = o == null ? new JsonObject() : o;
        this.where = where;
    }

    @Override
    public String toString() {
        return where;
    }

    boolean has(String key) {
        JsonElement e = o.get(key);
        return e != null && !e.isJsonNull();
    }

    /** Whether the key is present with an explicit null (e.g. {@code merge_mode: null}). */
    boolean hasNull(String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonNull();
    }

    String str(String key, String fallback) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        if (e.isJsonPrimitive()) {
            return e.getAsString();
        }
        if (e.isJsonObject() && e.getAsJsonObject().has("class_name")) {
            // Keras 3 may serialise an activation as {"class_name": "...", "config": {"name": "relu"}}
            JsonObject c = e.getAsJsonObject().getAsJsonObject("config");
            if (c != null && c.has("name") && c.get("name").isJsonPrimitive()) {
                return c.get("name").getAsString();
            }
            return e.getAsJsonObject().get("class_name").getAsString();
        }
        throw new ModelFileException(where + ": config entry \"" + key + "\" should be a string, is " + e);
    }

    boolean bool(String key, boolean fallback) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() || !e.isJsonPrimitive() ? fallback : e.getAsBoolean();
    }

    int integer(String key, int fallback) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        try {
            return e.getAsInt();
        } catch (RuntimeException ex) {
            throw new ModelFileException(where + ": config entry \"" + key + "\" should be an integer, is " + e);
        }
    }

    double number(String key, double fallback) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? fallback : e.getAsDouble();
    }

    /** The entry as it is, or null. */
    JsonElement raw(String key) {
        return o.get(key);
    }

    JsonObject object(String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
    }

    /** A shape entry such as {@code batch_input_shape: [null, 10, 8]} without its first (batch) axis; or null. */
    Shape batchShape(String key) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonArray()) {
            return null;
        }
        JsonArray a = e.getAsJsonArray();
        int[] d = new int[Math.max(0, a.size() - 1)];
        for (int i = 1; i < a.size(); i++) {
            d[i - 1] = a.get(i).isJsonNull() ? Shape.UNKNOWN : a.get(i).getAsInt();
        }
        return Shape.of(d);
    }

    /** {@code input_shape: [10, 8]} (no batch axis); or null. */
    Shape sampleShape(String key) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonArray()) {
            return null;
        }
        JsonArray a = e.getAsJsonArray();
        int[] d = new int[a.size()];
        for (int i = 0; i < a.size(); i++) {
            d[i] = a.get(i).isJsonNull() ? Shape.UNKNOWN : a.get(i).getAsInt();
        }
        return Shape.of(d);
    }
}
