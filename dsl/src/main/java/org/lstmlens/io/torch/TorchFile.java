package org.lstmlens.io.torch;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.ModelFileException;
import org.lstmlens.model.Model;

/**
 * A PyTorch file opened: a {@code torch.save} state_dict ({@code .pt}, {@code .pth}: the zip of PyTorch 1.6 and later,
 * or the legacy format before it), a safetensors file, or a TorchScript archive ({@code torch.jit.save}); chosen by
 * the first bytes and, for a zip, its contents. It lists every tensor, the recurrent modules found by their keys
 * ({@link RecurrentModule}) and the Linear layers ({@link LinearModule}), and builds a runnable {@link Model} of the
 * recurrent modules ({@link #model(TorchOptions)}).
 *
 * <p>A state_dict carries no graph: which module feeds which is in the Python code, not the file. So the model is
 * each recurrent module alone (its output PyTorch's {@code output}), and a Linear runs only when the options say what
 * it reads. A pickle is read by a restricted reader that builds tensors and plain containers only, and refuses
 * anything else by name before it goes on; a whole pickled module ({@code torch.save(model)}) is refused with how to
 * save its weights instead.
 */
public final class TorchFile {
    private final StateDict dict;
    private final List<RecurrentModule> recurrent;
    private final List<LinearModule> linear;

    private TorchFile(StateDict dict) {
        this.dict = dict;
        ModuleFinder finder = new ModuleFinder(dict);
        this.recurrent = finder.recurrent();
        this.linear = finder.linear();
    }

    /**
     * Opens a PyTorch file of any kind this package reads.
     *
     * @throws ModelFileException naming the file and what was wrong: not a PyTorch file, damaged or truncated, a pickle
     *     that asks for more than tensors and containers, shapes that do not make a module
     */
    public static TorchFile open(Path path) {
        return guard(path, () -> new TorchFile(read(path)));
    }

    /** Whether a zip holds a torch.save or torch.jit.save archive ({@code <folder>/data.pkl}). */
    public static boolean isTorchZip(ZipFile zip) {
        return TorchZip.prefixOf(zip) != null;
    }

    /** Whether a file's first bytes are safetensors': a header length within the format's limit, then a brace. */
    public static boolean isSafetensors(byte[] head) {
        return Safetensors.looksLike(head);
    }

    /** Whether a file's first bytes are the legacy torch.save format's (a pickle of its magic number). */
    public static boolean isLegacyTorch(byte[] head) {
        return LegacyTorchFile.looksLike(head);
    }

    private static StateDict read(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new ModelFileException(path + ": no such file");
        }
        byte[] head = new byte[16];
        long len;
        try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "r")) {
            len = f.length();
            f.readFully(head, 0, (int) Math.min(16, len));
        } catch (IOException e) {
            throw new ModelFileException(path + ": cannot be read: " + e.getMessage(), e);
        }
        if (len >= 4 && head[0] == 'P' && head[1] == 'K') {
            return TorchZip.read(path);
        }
        if (LegacyTorchFile.looksLike(head)) {
            return LegacyTorchFile.read(path);
        }
        if (Safetensors.looksLike(head)) {
            return Safetensors.read(path);
        }
        if (len >= 2 && (head[0] & 0xff) == 0x80 && head[1] >= 0 && head[1] <= 5) {
            throw new ModelFileException(path + ": is a bare pickle, not a torch.save file (a zip, or the legacy "
                    + "format that starts with torch's magic number); LSTM Lens does not read arbitrary pickles: "
                    + Globals.SAVE_WEIGHTS.replace("save its weights instead: ", "save the model's weights with "));
        }
        throw new ModelFileException(path + ": is not a PyTorch file: a torch.save / torch.jit.save file is a zip "
                + "(starts with PK) or the legacy pickle format, a safetensors file starts with its header length "
                + "and '{' at byte 8");
    }

    /** The file as given. */
    public String file() {
        return dict.file();
    }

    /** What the file is: {@code PyTorch state_dict (torch.save zip)}, {@code safetensors}, ... */
    public String format() {
        return dict.format();
    }

    /** Every tensor: key, dtype, shape, in the file's order. */
    public List<TensorEntry> tensors() {
        List<TensorEntry> out = new ArrayList<>();
        for (Map.Entry<String, TorchTensor> e : dict.tensors().entrySet()) {
            out.add(new TensorEntry(e.getKey(), e.getValue().dtype().torchName(), e.getValue().shape()));
        }
        return out;
    }

    /** The nn.LSTM, nn.GRU and nn.RNN modules found by their keys. */
    public List<RecurrentModule> recurrentModules() {
        return recurrent;
    }

    /** The Linear layers found by their keys (listed; run as a head when the options say so). */
    public List<LinearModule> linearModules() {
        return linear;
    }

    /** Values in the file that are not tensors ({@code epoch = 3}) and safetensors metadata. */
    public List<String> others() {
        return dict.others();
    }

    /** The model of every recurrent module, nothing assumed beyond what {@link TorchModel} says. */
    public Model model() {
        return model(TorchOptions.defaults());
    }

    /**
     * The model the options describe: one recurrent module or all, an nn.RNN's nonlinearity, a Linear head.
     *
     * @throws ModelFileException when the file holds no recurrent module (listing what it holds), or the options do
     *     not fit it (naming what does)
     */
    public Model model(TorchOptions options) {
        return guard(Path.of(dict.file()), () -> new TorchModel(dict, recurrent, linear).build(options));
    }

    /** The tensors as {@code key (shape) dtype}, the first 40 and how many more: for messages. */
    static String holdings(StateDict dict) {
        List<String> items = new ArrayList<>();
        for (Map.Entry<String, TorchTensor> e : dict.tensors().entrySet()) {
            if (items.size() == 40) {
                items.add("... and " + (dict.tensors().size() - 40) + " more");
                break;
            }
            items.add(e.getKey() + " " + e.getValue().shapeText() + " " + e.getValue().dtype().torchName());
        }
        String t = dict.tensors().isEmpty() ? "it holds no tensors" : "it holds " + dict.tensors().size() + " tensor"
                + (dict.tensors().size() == 1 ? "" : "s") + ": " + String.join(", ", items);
        return t + (dict.others().isEmpty() ? "" : "; and " + String.join(", ", dict.others()));
    }

    /** Anything unexpected below here is a damaged file: say so, with the file. */
    private static <T> T guard(Path path, java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (LstmException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new ModelFileException(path + ": cannot be read (damaged or truncated?): " + e, e);
        }
    }

    @Override
    public String toString() {
        return "PyTorch file " + file() + " (" + format() + "): " + dict.tensors().size() + " tensors, "
                + recurrent.size() + " recurrent module" + (recurrent.size() == 1 ? "" : "s");
    }
}
