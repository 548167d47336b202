package org.lstmlens.io.torch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The uncompressed (stored) entries of a zip, as slices of the mapped file: torch.save writes every storage stored
 * (and 64-byte aligned) so that readers can map it, and java.util.zip offers no entry's offset. Reads the central
 * directory (zip64 too) and each entry's local header; an entry that is compressed, or anything this index cannot
 * place, is left to {@link java.util.zip.ZipFile}. Holds no file handle once built.
 */
final class StoredEntries {
    private static final int EOCD = 0x06054b50;
    private static final int EOCD64_LOCATOR = 0x07064b50;
    private static final int CENTRAL = 0x02014b50;
    private static final int LOCAL = 0x04034b50;

    private final Map<String, ByteBuffer> entries = new HashMap<>();

    private StoredEntries() {
    }

    /** The stored entries of {@code path}; empty when its directory cannot be read (ZipFile then says why). */
    static StoredEntries of(Path path) {
        StoredEntries s = new StoredEntries();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            if (ch.size() > Integer.MAX_VALUE || ch.size() < 22) {
                return s; // beyond one mapping, or no zip: read through ZipFile
            }
            ByteBuffer all = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()).order(ByteOrder.LITTLE_ENDIAN);
            s.index(all);
        } catch (IOException | RuntimeException e) {
            s.entries.clear(); // a damaged directory: ZipFile reports it with its own words
        }
        return s;
    }

    /** The entry's bytes, or null when it is not a stored entry this index placed. */
    ByteBuffer get(String name) {
        ByteBuffer b = entries.get(name);
        return b == null ? null : b.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    private void index(ByteBuffer z) {
        int end = -1;
        for (int i = z.limit() - 22; i >= Math.max(0, z.limit() - 22 - 65535); i--) {
            if (z.getInt(i) == EOCD) {
                end = i;
                break;
            }
        }
        if (end < 0) {
            return;
        }
        long count = z.getShort(end + 10) & 0xffff;
        long offset = z.getInt(end + 16) & 0xffffffffL;
        if ((count == 0xffff || offset == 0xffffffffL) && end >= 20 && z.getInt(end - 20) == EOCD64_LOCATOR) {
            int eocd64 = (int) z.getLong(end - 20 + 8);
            count = z.getLong(eocd64 + 32);
            offset = z.getLong(eocd64 + 48);
        }
        int at = (int) offset;
        for (long n = 0; n < count; n++) {
            if (z.getInt(at) != CENTRAL) {
                return;
            }
            int method = z.getShort(at + 10) & 0xffff;
            long size = z.getInt(at + 20) & 0xffffffffL;
            int nameLen = z.getShort(at + 28) & 0xffff;
            int extraLen = z.getShort(at + 30) & 0xffff;
            int commentLen = z.getShort(at + 32) & 0xffff;
            long local = z.getInt(at + 42) & 0xffffffffL;
            byte[] name = new byte[nameLen];
            z.get(at + 46, name);
            if (size == 0xffffffffL || local == 0xffffffffL) {
                long[] big = zip64(z, at + 46 + nameLen, extraLen, size == 0xffffffffL, local == 0xffffffffL);
                size = size == 0xffffffffL ? big[0] : size;
                local = local == 0xffffffffL ? big[1] : local;
            }
            if (method == 0 && z.getInt((int) local) == LOCAL) {
                int data = (int) local + 30 + (z.getShort((int) local + 26) & 0xffff)
                        + (z.getShort((int) local + 28) & 0xffff);
                if (data + size <= z.limit()) {
                    entries.put(new String(name, StandardCharsets.UTF_8), z.slice(data, (int) size));
                }
            }
            at += 46 + nameLen + extraLen + commentLen;
        }
    }

    /** The zip64 extra field's sizes and offset, in the order the fields that overflowed appear. */
    private static long[] zip64(ByteBuffer z, int extra, int len, boolean size, boolean offset) {
        long[] out = {-1, -1};
        for (int at = extra; at + 4 <= extra + len; ) {
            int id = z.getShort(at) & 0xffff;
            int n = z.getShort(at + 2) & 0xffff;
            if (id == 1) {
                int p = at + 4;
                if (size) {
                    out[0] = z.getLong(p + 8); // uncompressed first, then compressed: stored, both the same
                    p += 16;
                }
                if (offset) {
                    out[1] = z.getLong(p);
                }
                return out;
            }
            at += 4 + n;
        }
        return out;
    }
}
