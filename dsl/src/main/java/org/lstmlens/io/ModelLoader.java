package org.lstmlens.io;

import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.ModelFileException;
import org.lstmlens.io.onnx.OnnxReader;
import org.lstmlens.io.torch.TorchFile;
import org.lstmlens.io.torch.TorchOptions;
import org.lstmlens.model.Model;
import org.lstmlens.model.ModelInfo;

/**
 * Opens any Keras model or weights file (HDF5 of Keras 1, 2, tf.keras or Keras 3; {@code .keras} zips; Keras 3
 * {@code .weights.h5}) and PyTorch's files (torch.save state_dicts, safetensors, TorchScript archives: read by
 * {@link TorchFile}), choosing the reader by the file's first bytes and, for a zip, its contents; and ONNX models
 * ({@code .onnx}, which have no signature: by the name and a successful parse, {@link OnnxReader}). Every array is read
 * once, here, and converted; the returned {@link Model} holds no file handle.
 */
public final class ModelLoader {
    private static final int MAX_ENTRY = Integer.MAX_VALUE - 8;

    private ModelLoader() {
    }

    /**
     * Loads a model, or the layers of a weights-only file.
     *
     * @throws ModelFileException naming the file (and layer) when it cannot be read as a Keras model
     */
    public static Model load(Path path) {
        return load(path, (Path) null);
    }

    /**
     * Loads weights with the architecture taken from another file: a {@code .keras} zip, an HDF5 file with a model
     * config, or a JSON config (as in a zip's {@code config.json} or {@code model.to_json()}).
     *
     * @param architecture null to use the weights file's own config
     * @throws ModelFileException naming the file and layer when they do not fit together
     */
    public static Model load(Path path, Path architecture) {
        Architecture arch = architecture == null ? null : Architecture.read(architecture);
        return guard(path, () -> open(path, arch, null));
    }

    /**
     * Loads a PyTorch file (state_dict, safetensors, TorchScript) with what the file cannot say: an nn.RNN's
     * nonlinearity, which recurrent module, a Linear head and what it reads.
     *
     * @throws ModelFileException naming the file when it cannot be read, or is a Keras file (options are PyTorch's)
     */
    public static Model load(Path path, TorchOptions options) {
        return guard(path, () -> open(path, null, java.util.Objects.requireNonNull(options, "options")));
    }

    private static Model open(Path path, Architecture arch, TorchOptions torch) {
        String file = path.toString();
        FileKind kind = FileKind.of(path);
        if (kind == FileKind.SAFETENSORS || kind == FileKind.TORCH_LEGACY || kind == FileKind.ZIP && isTorchZip(path)) {
            if (arch != null) {
                throw new ModelFileException(file + ": is a PyTorch file; an architecture file (" + arch.file()
                        + ") describes Keras weights; say what a PyTorch file cannot with TorchOptions");
            }
            return TorchFile.open(path).model(torch == null ? TorchOptions.defaults() : torch);
        }
        if (torch != null) {
            throw new ModelFileException(file + ": is not a PyTorch file (" + kind.name().toLowerCase(java.util.Locale
                    .ROOT) + "); TorchOptions apply to .pt, .pth, .safetensors and TorchScript files");
        }
        switch (kind) {
            case HDF5: {
                // read whole: jhdf on a file channel allocates whatever a damaged header claims, slowly; in
                // memory such a read fails at once (and every array is read anyway)
                try (H5File h5 = H5File.open(readAll(path), file)) {
                    return fromHdf5(h5, null, null, arch, "HDF5");
                }
            }
            case ZIP:
                return fromZip(path, arch);
            case JSON:
                throw new ModelFileException(file + ": is a JSON text, not a model file; a JSON config holds no weights "
                        + "(pass it as the architecture of a weights file)");
            default:
                if (OnnxReader.isOnnxName(path)) { // protobuf has no signature: the name, then the parse decides
                    return OnnxReader.load(path);
                }
                throw new ModelFileException(file + ": is neither HDF5 nor a zip (.keras, .pt) nor safetensors; a Keras "
                        + "model file starts with the HDF5 signature or PK, a PyTorch file with PK, a safetensors file "
                        + "with its header length and '{' (an ONNX model is read from a file named .onnx)");
        }
    }

    /** Reads an HDF5 file: its config (or {@code configJson} from a zip), its weights, its Keras version. */
    static Model fromHdf5(H5File h5, String configJson, String zipVersion, Architecture arch, String container) {
        String file = h5.file();
        Group root = h5.root();
        if (h5.hasAttribute(root, "nb_layers")) {
            throw new ModelFileException(file + ": is a Keras 0.x weights file (nb_layers, param_N), which predates "
                    + "Keras 1 and is not supported");
        }
        String config = configJson != null ? configJson : h5.string(root, "model_config");
        String version = zipVersion != null ? zipVersion : h5.string(root, "keras_version");
        WeightSource weights;
        int fallbackMajor;
        String format;
        if (VarsWeights.matches(h5)) {
            weights = new VarsWeights(h5);
            fallbackMajor = 3;
            format = container.equals("zip") ? "Keras 3 .keras zip" : "Keras 3 weights (layers/.../vars)";
        } else {
            Node mw = h5.node(root, "model_weights");
            Group wroot = mw instanceof Group ? (Group) mw : root;
            if (version == null) {
                version = h5.string(wroot, "keras_version");
            }
            if (h5.strings(wroot, "layer_names") == null) {
                throw new ModelFileException(file + ": is an HDF5 file but not a Keras model: it has no model_weights/"
                        + "layer_names, no layer_names and no layers/ group");
            }
            weights = new LegacyWeights(h5, wroot);
            fallbackMajor = 1;
            format = (config != null ? "legacy HDF5 model" : "legacy HDF5 weights") + " (layer_names/weight_names)";
        }
        if (arch != null) {
            config = arch.config();
            if (version == null) {
                version = arch.version();
            }
        }
        KerasEra era = KerasEra.of(version, fallbackMajor);
        Assumptions assumptions = new Assumptions();
        if (version == null) {
            assumptions.add("the file states no Keras version; its layout says " + era.label().replaceFirst(" \\(.*", "")
                    + ", so hard_sigmoid means " + era.hardSigmoid().formula());
        }
        ModelInfo.Builder info = ModelInfo.builder(file).format(format + (arch != null ? " + architecture from "
                + arch.file() : "")).kerasVersion(version).hardSigmoid(era.hardSigmoid());
        LayerFactory factory = new LayerFactory(file, era, assumptions);
        if (config == null) {
            return WeightsOnlyModels.guess(file, weights, factory, assumptions, info);
        }
        ModelSpec spec = new ConfigReader(arch != null ? arch.file() : file).read(config);
        weights = OrderMatchedWeights.wrapIfNeeded(weights, spec, assumptions);
        return new ModelAssembler(file, factory, weights).assemble(spec,
                info.weightsOnly(configJson == null && h5.string(root, "model_config") == null), assumptions);
    }

    private static boolean isTorchZip(Path path) {
        try (ZipFile zip = new ZipFile(path.toFile())) {
            return TorchFile.isTorchZip(zip);
        } catch (IOException e) {
            return false; // fromZip says what is wrong with the zip
        }
    }

    private static Model fromZip(Path path, Architecture arch) {
        String file = path.toString();
        try (ZipFile zip = new ZipFile(path.toFile())) {
            String config = text(zip, "config.json", file);
            if (config == null && arch == null) {
                throw new ModelFileException(file + ": is a zip without config.json, so not a Keras .keras file, "
                        + "and without data.pkl, so not a PyTorch (torch.save, TorchScript) file");
            }
            String metadata = text(zip, "metadata.json", file);
            String version = metadata == null ? null : Architecture.versionOf(metadata, file);
            ZipEntry w = zip.getEntry("model.weights.h5");
            if (w == null) {
                throw new ModelFileException(file + ": the .keras zip has no model.weights.h5"
                        + (zip.getEntry("model.weights.npz") != null ? " (its weights are in model.weights.npz, which "
                        + "is not supported)" : ""));
            }
            byte[] bytes = bytes(zip, w, file);
            try (H5File h5 = H5File.open(bytes, file + "!/model.weights.h5")) {
                return fromHdf5(h5, config, version, arch, "zip");
            }
        } catch (IOException e) {
            throw new ModelFileException(file + ": cannot be read as a zip (damaged or truncated?): " + e.getMessage(), e);
        }
    }

    static String text(ZipFile zip, String name, String file) throws IOException {
        ZipEntry e = zip.getEntry(name);
        return e == null ? null : new String(bytes(zip, e, file), StandardCharsets.UTF_8);
    }

    static byte[] bytes(ZipFile zip, ZipEntry e, String file) throws IOException {
        if (e.getSize() > MAX_ENTRY) {
            throw new ModelFileException(file + ": zip entry " + e.getName() + " claims " + e.getSize() + " bytes");
        }
        try (InputStream in = zip.getInputStream(e)) {
            return ProgressRead.readAll(in, e.getSize(), MAX_ENTRY, file + "!/" + e.getName());
        }
    }

    static byte[] readAll(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return ProgressRead.readAll(in, Files.size(path), MAX_ENTRY, path.toString());
        } catch (IOException | OutOfMemoryError e) {
            throw new ModelFileException(path + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** Any failure below this point that is not already ours is a damaged file; say so, with the file. */
    static <T> T guard(Path path, java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (LstmException e) {
            if (e instanceof ModelFileException || String.valueOf(e.getMessage()).contains(path.toString())) {
                throw e;
            }
            throw new ModelFileException(path + ": " + e.getMessage(), e);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw new ModelFileException(path + ": cannot be read (damaged or truncated?): " + e, e);
        }
    }

}
