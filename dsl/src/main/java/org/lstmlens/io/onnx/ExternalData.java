package org.lstmlens.io.onnx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.lstmlens.error.ModelFileException;
import org.lstmlens.io.onnx.proto.Onnx.StringStringEntryProto;
import org.lstmlens.io.onnx.proto.Onnx.TensorProto;

/**
 * The bytes of a tensor stored outside the model (data_location EXTERNAL): {@code location} is a file relative to the
 * model's folder, read from {@code offset} for {@code length} bytes. A location that leaves the folder (an absolute
 * path, {@code ..}, or a link pointing out) is refused: a model file must not make us read arbitrary files.
 */
final class ExternalData {
    private final String file;
    private final Path folder;

    /** @param model the .onnx file whose folder locations are relative to */
    ExternalData(Path model) {
        this.file = model.toString();
        Path parent = model.toAbsolutePath().getParent();
        this.folder = (parent == null ? Path.of("") : parent).normalize();
    }

    /** The tensor's bytes, little-endian. */
    ByteBuffer bytes(TensorProto t, long expectedBytes) {
        String location = null;
        long offset = 0;
        long length = -1;
        for (StringStringEntryProto e : t.getExternalDataList()) {
            switch (e.getKey()) {
                case "location": location = e.getValue(); break;
                case "offset": offset = number(t, e); break;
                case "length": length = number(t, e); break;
                default: break; // checksum and others: not needed to read the bytes
            }
        }
        if (location == null || location.isEmpty()) {
            throw new ModelFileException(file + ": tensor \"" + t.getName() + "\" is stored externally but names no "
                    + "location (external_data has keys " + keys(t) + ")");
        }
        Path path = resolve(t, location);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            long len = length < 0 ? expectedBytes : length;
            if (len != expectedBytes) {
                throw new ModelFileException(file + ": tensor \"" + t.getName() + "\" has length " + len + " in "
                        + location + " but its shape and type need " + expectedBytes + " bytes");
            }
            if (offset < 0 || offset + len > size) {
                throw new ModelFileException(file + ": tensor \"" + t.getName() + "\" reads bytes " + offset + ".."
                        + (offset + len) + " of " + location + ", which has " + size + " bytes (truncated?)");
            }
            if (len > Integer.MAX_VALUE - 8) {
                throw new ModelFileException(file + ": tensor \"" + t.getName() + "\" has " + len + " bytes in "
                        + location + "; one tensor of more than 2 GB is not supported");
            }
            // mapped: the bytes are read where they lie when the tensor is converted
            return ch.map(FileChannel.MapMode.READ_ONLY, offset, len).order(ByteOrder.LITTLE_ENDIAN);
        } catch (NoSuchFileException e) {
            throw new ModelFileException(file + ": tensor \"" + t.getName() + "\" is stored in the external file "
                    + location + ", which does not exist (looked for " + path + "); copy it beside the model");
        } catch (IOException e) {
            throw new ModelFileException(file + ": cannot read the external data file " + path + " of tensor \""
                    + t.getName() + "\": " + e.getMessage(), e);
        }
    }

    /** The location inside the model's folder, or an error for one that leaves it. */
    private Path resolve(TensorProto t, String location) {
        Path rel;
        try {
            rel = Path.of(location);
        } catch (InvalidPathException e) {
            throw new ModelFileException(file + ": tensor \"" + t.getName() + "\" names the external file \""
                    + location + "\", which is not a valid path: " + e.getReason());
        }
        Path resolved = folder.resolve(rel).normalize();
        if (rel.isAbsolute() || !resolved.startsWith(folder)) {
            throw new ModelFileException(file + ": tensor \"" + t.getName() + "\" names the external file \""
                    + location + "\", outside the model's folder " + folder + "; external data must be a relative "
                    + "path inside it");
        }
        if (Files.exists(resolved)) {
            try {
                if (!resolved.toRealPath().startsWith(folder.toRealPath())) {
                    throw new ModelFileException(file + ": tensor \"" + t.getName() + "\" names the external file \""
                            + location + "\", a link to " + resolved.toRealPath() + " outside the model's folder; "
                            + "external data must be inside it");
                }
            } catch (IOException e) {
                throw new ModelFileException(file + ": cannot resolve the external data file " + resolved + ": "
                        + e.getMessage(), e);
            }
        }
        return resolved;
    }

    private long number(TensorProto t, StringStringEntryProto e) {
        try {
            return Long.parseLong(e.getValue().trim());
        } catch (NumberFormatException x) {
            throw new ModelFileException(file + ": tensor \"" + t.getName() + "\" has external_data " + e.getKey()
                    + " = \"" + e.getValue() + "\"; expected a whole number of bytes");
        }
    }

    private static String keys(TensorProto t) {
        StringBuilder sb = new StringBuilder("[");
        for (StringStringEntryProto e : t.getExternalDataList()) {
            sb.append(sb.length() > 1 ? ", " : "").append(e.getKey());
        }
        return sb.append(']').toString();
    }
}
