package org.lstmlens.io.torch;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lstmlens.error.ModelFileException;

/**
 * A safetensors file (../shared/notes/KERAS_FORMATS.md §5.3): an unsigned little-endian u64 N, N bytes of UTF-8 JSON
 * ({@code {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, "__metadata__": {..}}}, offsets
 * relative to the data after the header, end exclusive), then the raw row-major little-endian data. The file is
 * mapped, not copied; each tensor is a contiguous view of it.
 */
final class Safetensors {
    /** The format's own limit on the header ({@code MAX_HEADER_SIZE}). */
    static final long MAX_HEADER = 100_000_000L;

    private Safetensors() {
    }

    /**
     * Whether the first bytes look like safetensors: a header length within the format's limit, then {@code {}. (The
     * file may still be truncated: {@link #read} says so.)
     */
    static boolean looksLike(byte[] head) {
        if (head.length < 9) {
            return false;
        }
        long n = ByteBuffer.wrap(head, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return n >= 2 && n <= MAX_HEADER && head[8] == '{';
    }

    /**
     * Reads the header and maps every tensor.
     *
     * @throws ModelFileException naming the file and what was wrong with its header or data
     */
    static StateDict read(Path path) {
        String file = path.toString();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long len = ch.size();
            if (len < 8) {
                throw new ModelFileException(file + ": " + len + " bytes is too short for safetensors (8 bytes of "
                        + "header length, then the header)");
            }
            if (len > Integer.MAX_VALUE) {
                throw new ModelFileException(file + ": " + len + " bytes; LSTM Lens reads safetensors files up to 2 GB");
            }
            ByteBuffer all = ch.map(FileChannel.MapMode.READ_ONLY, 0, len).order(ByteOrder.LITTLE_ENDIAN);
            long n = all.getLong(0);
            if (n < 2 || n > MAX_HEADER || n > len - 8) {
                throw new ModelFileException(file + ": the safetensors header length says " + Long.toUnsignedString(n)
                        + " bytes but " + (len - 8) + " follow (valid: 2 to " + MAX_HEADER + " bytes, within the "
                        + "file); truncated, or not a safetensors file");
            }
            byte[] h = new byte[(int) n];
            all.get(8, h);
            String header = new String(h, StandardCharsets.UTF_8);
            if (h[0] != '{') {
                throw new ModelFileException(file + ": the safetensors header must start with '{', it starts with "
                        + quote(header));
            }
            ByteBuffer data = all.slice(8 + (int) n, (int) (len - 8 - n)).order(ByteOrder.LITTLE_ENDIAN);
            return new StateDict(file, "safetensors", tensors(file, header, data), Map.of(), metadata(header));
        } catch (IOException e) {
            throw new ModelFileException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private static Map<String, TorchTensor> tensors(String file, String header, ByteBuffer data) {
        JsonObject root = parse(file, header);
        Map<String, TorchTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : root.entrySet()) {
            if (!e.getKey().equals("__metadata__")) {
                out.put(e.getKey(), tensor(file, e.getKey(), e.getValue(), data));
            }
        }
        return out;
    }

    private static TorchTensor tensor(String file, String name, JsonElement spec, ByteBuffer data) {
        String where = file + ": tensor \"" + name + "\"";
        try {
            JsonObject o = spec.getAsJsonObject();
            String dt = o.get("dtype").getAsString();
            DType dtype = DType.ofSafetensors(dt);
            if (dtype == null) {
                throw new ModelFileException(where + " has dtype " + dt + "; LSTM Lens reads F64, F32, F16, BF16, I64, "
                        + "I32, I16, I8, U8 and BOOL");
            }
            JsonArray sh = o.getAsJsonArray("shape");
            int[] shape = new int[sh.size()];
            long numel = 1;
            for (int i = 0; i < shape.length; i++) {
                long d = sh.get(i).getAsLong();
                if (d < 0 || d > Integer.MAX_VALUE) {
                    throw new ModelFileException(where + " has shape " + sh + "; valid sizes are 0.." + Integer.MAX_VALUE);
                }
                shape[i] = (int) d;
                numel *= d;
            }
            JsonArray off = o.getAsJsonArray("data_offsets");
            long begin = off.get(0).getAsLong();
            long end = off.get(1).getAsLong();
            if (begin < 0 || end < begin || end > data.capacity()) {
                throw new ModelFileException(where + " has data_offsets [" + begin + ", " + end + "] but the data after"
                        + " the header is " + data.capacity() + " bytes (truncated or damaged)");
            }
            if (end - begin != numel * dtype.size()) {
                throw new ModelFileException(where + " has data_offsets [" + begin + ", " + end + "] (" + (end - begin)
                        + " bytes) but shape " + sh + " of " + dt + " needs " + numel * dtype.size() + " bytes");
            }
            Storage s = new Storage(file + "!/" + name, dtype, data.slice((int) begin, (int) (end - begin)));
            return TorchTensor.contiguous(s, 0, shape);
        } catch (IllegalStateException | NullPointerException | UnsupportedOperationException
                 | IndexOutOfBoundsException | NumberFormatException e) {
            throw new ModelFileException(where + ": its header entry " + quote(String.valueOf(spec)) + " is not "
                    + "{\"dtype\": ..., \"shape\": [...], \"data_offsets\": [begin, end]}");
        }
    }

    private static List<String> metadata(String header) {
        List<String> out = new ArrayList<>();
        JsonElement m = JsonParser.parseString(header).getAsJsonObject().get("__metadata__");
        if (m != null && m.isJsonObject()) {
            for (Map.Entry<String, JsonElement> e : m.getAsJsonObject().entrySet()) {
                out.add("__metadata__." + e.getKey() + " = " + e.getValue());
            }
        }
        return out;
    }

    private static JsonObject parse(String file, String header) {
        try {
            JsonElement e = JsonParser.parseString(header);
            if (!e.isJsonObject()) {
                throw new ModelFileException(file + ": the safetensors header is not a JSON object: " + quote(header));
            }
            return e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new ModelFileException(file + ": the safetensors header is not valid JSON (" + e.getMessage()
                    + "): " + quote(header), e);
        }
    }

    private static String quote(String s) {
        String t = s.length() > 80 ? s.substring(0, 77) + "..." : s;
        return "\"" + t.replaceAll("[\\p{Cntrl}]", "?") + "\"";
    }
}
