package org.lstmlens.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;
import org.lstmlens.error.ModelFileException;

/**
 * A model config supplied for a weights-only file, read from a {@code .keras} zip, an HDF5 file with
 * {@code model_config}, or a JSON file; with the Keras version it states, if any.
 */
record Architecture(String file, String config, String version) {

    static Architecture read(Path path) {
        String file = path.toString();
        return ModelLoader.guard(path, () -> {
            switch (FileKind.of(path)) {
                case JSON:
                    try {
                        return new Architecture(file, Files.readString(path, StandardCharsets.UTF_8), null);
                    } catch (IOException e) {
                        throw new ModelFileException(file + ": cannot be read: " + e.getMessage(), e);
                    }
                case ZIP:
                    try (ZipFile zip = new ZipFile(path.toFile())) {
                        String config = ModelLoader.text(zip, "config.json", file);
                        if (config == null) {
                            throw new ModelFileException(file + ": is a zip without config.json, so it holds no "
                                    + "architecture");
                        }
                        String meta = ModelLoader.text(zip, "metadata.json", file);
                        return new Architecture(file, config, meta == null ? null : versionOf(meta, file));
                    } catch (IOException e) {
                        throw new ModelFileException(file + ": cannot be read as a zip: " + e.getMessage(), e);
                    }
                case HDF5:
                    try (H5File h5 = H5File.open(ModelLoader.readAll(path), file)) {
                        String config = h5.string(h5.root(), "model_config");
                        if (config == null) {
                            throw new ModelFileException(file + ": holds no model_config, so no architecture");
                        }
                        return new Architecture(file, config, h5.string(h5.root(), "keras_version"));
                    }
                default:
                    throw new ModelFileException(file + ": is not a .keras zip, an HDF5 model or a JSON config");
            }
        });
    }

    /** {@code keras_version} of a zip's metadata.json, or null. */
    static String versionOf(String metadataJson, String file) {
        try {
            JsonElement e = JsonParser.parseString(metadataJson);
            if (e.isJsonObject()) {
                JsonObject o = e.getAsJsonObject();
                return o.has("keras_version") ? o.get("keras_version").getAsString() : null;
            }
            return null;
        } catch (RuntimeException e) {
            throw new ModelFileException(file + ": metadata.json is not valid JSON: " + e.getMessage());
        }
    }
}
