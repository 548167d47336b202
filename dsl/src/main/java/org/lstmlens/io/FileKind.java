package org.lstmlens.io;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.lstmlens.error.ModelFileException;
import org.lstmlens.io.torch.TorchFile;

/**
 * What a file is, judged by its first bytes (never its extension): HDF5, zip (a Keras .keras or a torch archive: the
 * contents tell), JSON, safetensors, the legacy torch.save pickle, or something else.
 */
enum FileKind {
    HDF5, ZIP, JSON, SAFETENSORS, TORCH_LEGACY, OTHER;

    private static final byte[] HDF5_MAGIC = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    static FileKind of(Path path) {
        if (!Files.exists(path)) {
            throw new ModelFileException(path + ": no such file" + (path.isAbsolute() ? ""
                    : " (relative to " + Path.of("").toAbsolutePath() + ")"));
        }
        if (Files.isDirectory(path)) {
            throw new ModelFileException(path + ": is a directory; expected a .h5, .hdf5, .keras or .weights.h5 file, or a PyTorch .pt, .pth or "
                    + ".safetensors file");
        }
        try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "r")) {
            long len = f.length();
            if (len < 8) {
                throw new ModelFileException(path + ": " + len + " bytes is too short to be a model file");
            }
            byte[] head = new byte[(int) Math.min(16, len)];
            f.readFully(head);
            if (matches(head)) {
                return HDF5;
            }
            // HDF5 allows a user block of 512, 1024, 2048... bytes before the signature
            for (long at = 512; at + 8 <= len && at <= (1L << 20); at *= 2) {
                byte[] b = new byte[8];
                f.seek(at);
                f.readFully(b);
                if (matches(b)) {
                    return HDF5;
                }
            }
            if (head[0] == 'P' && head[1] == 'K' && (head[2] == 3 || head[2] == 5) && (head[3] == 4 || head[3] == 6)) {
                return ZIP;
            }
            if (TorchFile.isLegacyTorch(head)) {
                return TORCH_LEGACY;
            }
            if (TorchFile.isSafetensors(head)) {
                return SAFETENSORS;
            }
            int first = 0;
            while (first < 8 && Character.isWhitespace(head[first])) {
                first++;
            }
            return first < 8 && head[first] == '{' ? JSON : OTHER;
        } catch (NoSuchFileException e) {
            throw new ModelFileException(path + ": no such file");
        } catch (IOException e) {
            throw new ModelFileException(path + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private static boolean matches(byte[] b) {
        for (int i = 0; i < 8; i++) {
            if (b[i] != HDF5_MAGIC[i]) {
                return false;
            }
        }
        return true;
    }
}
