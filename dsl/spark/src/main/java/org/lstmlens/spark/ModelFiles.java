package org.lstmlens.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.lstmlens.data.DatasetJob;
import org.lstmlens.data.SequenceExplainer;
import org.lstmlens.error.LstmException;
import org.lstmlens.io.ModelLoader;
import org.lstmlens.model.Model;

/**
 * The job's model file (and architecture file, for a weights-only model) as bytes, read once on the driver and
 * broadcast: an executor of a cluster cannot open a path of the driver's disk, and a broadcast reaches each executor
 * once, not once per task. Each partition writes the bytes to a temporary folder under the file's own name and loads
 * them there (the loader reads files), so the model is read once per partition.
 */
final class ModelFiles implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final byte[] bytes;
    private final String architectureName;  // null: none
    private final byte[] architecture;

    private ModelFiles(String name, byte[] bytes, String architectureName, byte[] architecture) {
        this.name = name;
        this.bytes = bytes;
        this.architectureName = architectureName;
        this.architecture = architecture;
    }

    /**
     * The files {@code job} names, read now.
     *
     * @throws LstmException if the job names no model file, or a file cannot be read (named)
     */
    static ModelFiles read(DatasetJob job) {
        if (job.model() == null) {
            throw new LstmException("a Spark run broadcasts the model's file to the executors; this job has none "
                    + "(DatasetJob.forLoadedModel()): give the file with DatasetJob.of(path)");
        }
        Path model = Path.of(job.model());
        Path arch = job.architecture() == null ? null : Path.of(job.architecture());
        return new ModelFiles(model.getFileName().toString(), bytes(model), arch == null ? null
                : arch.getFileName().toString(), arch == null ? null : bytes(arch));
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new LstmException("cannot read model file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** The model loaded from the bytes, with the job's explainer around it. */
    SequenceExplainer explainer(DatasetJob job) {
        return SequenceExplainer.of(job, load());
    }

    Model load() {
        try {
            Path dir = Files.createTempDirectory("lstmlens-model");
            try {
                Path model = Files.write(dir.resolve(name), bytes);
                Path arch = architecture == null ? null : Files.write(dir.resolve("architecture-" + architectureName),
                        architecture);
                return arch == null ? ModelLoader.load(model) : ModelLoader.load(model, arch);
            } finally {
                try (var files = Files.list(dir)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the broadcast model " + name + " to a temporary file", e);
        }
    }

    @Override
    public String toString() {
        return "ModelFiles[" + name + ", " + bytes.length + " bytes" + (architectureName == null ? "" : ", "
                + architectureName) + "]";
    }
}
