package org.lstmlens.dsl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lstmlens.io.torch.LinearModule;
import org.lstmlens.io.torch.RecurrentModule;
import org.lstmlens.io.torch.TensorEntry;
import org.lstmlens.io.torch.TorchFile;
import org.lstmlens.io.torch.TorchOptions;
import org.lstmlens.render.Displayable;
import org.lstmlens.render.Html;
import org.lstmlens.render.HtmlTable;
import org.lstmlens.render.MimeBundle;

/**
 * A PyTorch file before it becomes a model: every tensor, the recurrent modules found by their keys, the Linear
 * layers, and what the file cannot say, settable here: {@code lstm.torch("m.pt").head("fc", "last_step").model()}.
 * A state_dict carries no graph (which module feeds which is in the Python code), so a Linear runs only when told
 * what it reads. Immutable: each setting returns a new view.
 */
public final class TorchView implements Displayable {
    private final TorchFile file;
    private final Path path;
    private final TorchOptions options;

    TorchView(TorchFile file, Path path, TorchOptions options) {
        this.file = file;
        this.path = path;
        this.options = options;
    }

    /** The nn.LSTM, nn.GRU and nn.RNN modules found: {@code lstm.torch("m.pt").recurrentModules().get(0).describe()}. */
    public List<RecurrentModule> recurrentModules() {
        return file.recurrentModules();
    }

    /** The Linear layers found (run only as a head): {@code lstm.torch("m.pt").linearModules()}. */
    public List<LinearModule> linearModules() {
        return file.linearModules();
    }

    /** Every tensor with its shape and dtype, in the file's order. */
    public List<TensorEntry> tensors() {
        return file.tensors();
    }

    /** What will be assumed or told when {@link #model()} builds the model. */
    public TorchOptions options() {
        return options;
    }

    /**
     * The same file with its nn.RNN modules' nonlinearity said, which a state_dict does not store:
     * {@code .nonlinearity("relu")}.
     *
     * @throws org.lstmlens.error.NameException for a name other than tanh or relu
     */
    public TorchView nonlinearity(String name) {
        return new TorchView(file, path, options.nonlinearity(name));
    }

    /** Only the recurrent module at {@code prefix}: {@code .module("encoder.lstm")}. */
    public TorchView module(String prefix) {
        Check.notNull(prefix, "prefix", path + " module", "a module's prefix, e.g. \"encoder.lstm\"");
        return new TorchView(file, path, options.module(prefix));
    }

    /**
     * The Linear {@code linear} run after the recurrent module, reading {@code from}: {@code "last_step"}
     * ({@code fc(output[:, -1])}), {@code "every_step"} ({@code fc(output)}) or {@code "final_state"}
     * ({@code fc(h_n of the last layer)}, both directions): {@code .head("fc", "last_step")}.
     *
     * @throws org.lstmlens.error.NameException for another input name
     */
    public TorchView head(String linear, String from) {
        Check.notNull(linear, "linear", path + " head", "a Linear's name, e.g. \"fc\"");
        return new TorchView(file, path, options.head(linear, from));
    }

    /**
     * The model these settings describe, shown like a Keras model: {@code lstm.torch("m.pt").model()}.
     *
     * @throws org.lstmlens.error.ModelFileException when the file holds no recurrent module or the settings do not fit
     */
    public ModelView model() {
        return new ModelView(file.model(options), path);
    }

    private List<List<String>> moduleRows() {
        List<List<String>> rows = new ArrayList<>();
        for (RecurrentModule m : recurrentModules()) {
            rows.add(List.of(m.name(), m.describe() + (m.nonlinearityStated() ? "" : " (tanh assumed: not stored)"),
                    String.valueOf(m.params())));
        }
        for (LinearModule l : linearModules()) {
            rows.add(List.of(l.name().isEmpty() ? "(top level)" : l.name(), l.describe(),
                    String.valueOf((long) l.inFeatures() * l.outFeatures() + (l.bias() ? l.outFeatures() : 0))));
        }
        return rows;
    }

    private List<List<String>> tensorRows() {
        List<List<String>> rows = new ArrayList<>();
        for (TensorEntry t : tensors()) {
            rows.add(List.of(t.key(), t.shapeText(), t.dtype()));
        }
        return rows;
    }

    private String notes() {
        StringBuilder b = new StringBuilder();
        b.append(file.recurrentModules().isEmpty() ? "no nn.LSTM, nn.GRU or nn.RNN weights: nothing to run"
                : "a state_dict carries no graph: .model() runs the recurrent module" + (recurrentModules().size() == 1
                ? "" : "s, each on its own input (.module(\"...\") picks one)") + "; a Linear runs only as a head: "
                + ".head(\"" + (linearModules().isEmpty() ? "fc" : linearModules().get(0).name())
                + "\", \"last_step\") (or \"every_step\", \"final_state\")");
        b.append("\nsettings: ").append(options);
        for (String o : file.others()) {
            b.append("\nalso in the file: ").append(o);
        }
        return b.toString();
    }

    @Override
    public MimeBundle toMimeBundle() {
        StringBuilder plain = new StringBuilder(toString()).append('\n');
        for (List<String> r : moduleRows()) {
            plain.append("  ").append(r.get(0)).append(": ").append(r.get(1)).append(", ").append(r.get(2))
                    .append(" params\n");
        }
        plain.append(notes()).append("\ntensors:\n");
        for (List<String> r : tensorRows()) {
            plain.append("  ").append(String.join(" ", r)).append('\n');
        }
        String html = Html.view(toString(), HtmlTable.table(List.of("module", "as built", "params"), moduleRows())
                + Html.pre(notes()) + HtmlTable.table(List.of("tensor", "shape", "dtype"), tensorRows()));
        return MimeBundle.builder(plain.toString()).html(html).build();
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
