package org.lstmlens.io.torch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lstmlens.error.ModelFileException;
import org.lstmlens.error.NameException;
import org.lstmlens.model.ActivationFunction;
import org.lstmlens.model.BidirectionalLayer;
import org.lstmlens.model.Call;
import org.lstmlens.model.DenseLayer;
import org.lstmlens.model.LastStepLayer;
import org.lstmlens.model.Layer;
import org.lstmlens.model.Model;
import org.lstmlens.model.ModelInfo;
import org.lstmlens.model.RecurrentLayer;
import org.lstmlens.model.Shape;
import org.lstmlens.model.TensorRef;

/**
 * Assembles a {@link Model} from the recurrent modules of a file: each module a chain of its layers (layer k reads
 * layer k-1's output sequence, both directions concatenated), input (batch, steps, features) whatever batch_first
 * was (it does not change the weights), output PyTorch's {@code output}. A state_dict carries no graph, so modules are
 * not connected to each other, and a Linear head runs only when the options say what it reads; what was assumed or
 * left out is said in the model's info.
 */
final class TorchModel {
    private final StateDict dict;
    private final List<RecurrentModule> modules;
    private final List<LinearModule> linears;

    TorchModel(StateDict dict, List<RecurrentModule> modules, List<LinearModule> linears) {
        this.dict = dict;
        this.modules = modules;
        this.linears = linears;
    }

    Model build(TorchOptions options) {
        List<RecurrentModule> chosen = chosen(options);
        List<String> assumptions = new ArrayList<>();
        List<Layer> layers = new ArrayList<>();
        List<Call> calls = new ArrayList<>();
        List<TensorRef> inputs = new ArrayList<>();
        List<TensorRef> outputs = new ArrayList<>();
        Map<String, Shape> inputShapes = new HashMap<>();
        for (RecurrentModule m : chosen) {
            RecurrentModule run = withNonlinearity(m, options, assumptions);
            String in = (chosen.size() == 1 ? "input" : run.name() + ".input");
            TensorRef current = new TensorRef(in, 0, 0);
            inputs.add(current);
            inputShapes.put(in, Shape.of(Shape.UNKNOWN, run.inputSize()));
            List<Layer> chain = new TorchLayers(dict, run).layers();
            if (options.head() != null) {
                chain = withHead(chain, run, options);
            }
            for (Layer l : chain) {
                Call c = new Call(l, 0, List.of(current));
                layers.add(l);
                calls.add(c);
                current = c.output(0);
            }
            outputs.add(current);
        }
        assumptions.addAll(notes(chosen, options));
        ModelInfo info = ModelInfo.builder(dict.file()).format(dict.format()).assumptions(assumptions).build();
        String name = java.nio.file.Path.of(dict.file()).getFileName().toString().replaceFirst("\\.[^.]*$", "");
        return new Model(name, dict.isTorchScript() ? "TorchScript" : "state_dict", layers, calls, inputs, outputs,
                inputShapes, info);
    }

    private List<RecurrentModule> chosen(TorchOptions options) {
        if (modules.isEmpty()) {
            throw new ModelFileException(dict.file() + ": holds no nn.LSTM, nn.GRU or nn.RNN weights (keys like "
                    + "<prefix>.weight_ih_l0); " + TorchFile.holdings(dict));
        }
        if (options.module() != null) {
            for (RecurrentModule m : modules) {
                if (m.prefix().equals(options.module()) || m.name().equals(options.module())) {
                    return List.of(m);
                }
            }
            throw NameException.unknown("recurrent module", options.module(), dict.file(), names());
        }
        if (options.head() != null && modules.size() > 1) {
            throw new ModelFileException(dict.file() + ": holds " + modules.size() + " recurrent modules " + names()
                    + "; say which one the head \"" + options.head() + "\" follows: TorchOptions.module(\"" + modules
                    .get(modules.size() - 1).name() + "\")");
        }
        return modules;
    }

    private List<String> names() {
        List<String> n = new ArrayList<>();
        modules.forEach(m -> n.add(m.name()));
        return n;
    }

    private RecurrentModule withNonlinearity(RecurrentModule m, TorchOptions options, List<String> assumptions) {
        if (!m.kind().equals("RNN")) {
            return m;
        }
        String said = options.nonlinearity();
        String has = m.mode().equals("RNN_RELU") ? "relu" : "tanh";
        if (said != null) {
            if (m.nonlinearityStated() && !said.equals(has)) {
                throw new ModelFileException(dict.file() + ": nn.RNN \"" + m.name() + "\" states nonlinearity='" + has
                        + "', but '" + said + "' was asked for; leave nonlinearity out for this file");
            }
            return m.withMode(said.equals("relu") ? "RNN_RELU" : "RNN_TANH", true);
        }
        if (!m.nonlinearityStated()) {
            assumptions.add("nn.RNN \"" + m.name() + "\": a state_dict does not say its nonlinearity; tanh assumed "
                    + "(PyTorch's default); if it was built with nonlinearity='relu', open it with "
                    + "TorchOptions.defaults().nonlinearity(\"relu\")");
        }
        return m;
    }

    private List<Layer> withHead(List<Layer> chain, RecurrentModule m, TorchOptions options) {
        LinearModule lin = linear(options.head());
        if (lin.inFeatures() != m.outputSize()) {
            throw new ModelFileException(dict.file() + ": the head " + lin.name() + " " + lin.describe() + " reads "
                    + lin.inFeatures() + " features but " + m.name() + " " + m.describe() + " outputs "
                    + m.outputSize() + (m.bidirectional() ? " (both directions)" : "") + "; it cannot follow it");
        }
        List<Layer> out = new ArrayList<>(chain);
        switch (options.headInput()) {
            case LAST_STEP:
                out.add(new LastStepLayer(m.name() + "[:, -1]"));
                break;
            case FINAL_STATE:
                Layer last = out.remove(out.size() - 1);
                out.add(finalState(last));
                break;
            default:
                break;
        }
        String p = lin.name().isEmpty() ? "" : lin.name() + ".";
        TorchTensor w = dict.tensors().get(p + "weight");
        double[] kernel = TorchLayers.transposeBlocks(w, p + "weight", 1, lin.outFeatures(), new int[] {0});
        double[] bias = lin.bias() ? dict.tensors().get(p + "bias").values(p + "bias") : null;
        out.add(new DenseLayer(lin.name(), lin.inFeatures(), lin.outFeatures(), kernel, bias,
                ActivationFunction.LINEAR));
        return out;
    }

    /** The last layer returning its final state only: h_T forward, and the reverse direction's h after t = 0. */
    private static Layer finalState(Layer last) {
        if (last instanceof BidirectionalLayer) {
            BidirectionalLayer b = (BidirectionalLayer) last;
            return new BidirectionalLayer(b.name(), lastOnly(b.forwardLayer()), lastOnly(b.backwardLayer()),
                    BidirectionalLayer.Merge.CONCAT, false);
        }
        return lastOnly((RecurrentLayer) last);
    }

    private static RecurrentLayer lastOnly(RecurrentLayer l) {
        return new RecurrentLayer(l.type(), l.rnn().withReturnSequences(false), false, false, l.params(),
                l.provenance());
    }

    private LinearModule linear(String name) {
        List<String> valid = new ArrayList<>();
        for (LinearModule l : linears) {
            if (l.name().equals(name)) {
                return l;
            }
            valid.add(l.name());
        }
        throw NameException.unknown("Linear layer", name, dict.file(), valid.isEmpty() ? List.of("(none: the file "
                + "holds no <name>.weight of 2 dimensions)") : valid);
    }

    /** What the model leaves out, said plainly. */
    private List<String> notes(List<RecurrentModule> chosen, TorchOptions options) {
        List<String> out = new ArrayList<>();
        String graph = dict.isTorchScript() ? "its forward code is not read or run, so"
                : "a state_dict carries no graph, so";
        if (options.head() != null) {
            out.add(graph + " the head " + options.head() + " reads " + options.headInput().code() + " of "
                    + chosen.get(0).name() + ", as TorchOptions.head said");
        } else if (chosen.size() > 1) {
            out.add(graph + " its " + chosen.size() + " recurrent modules are opened side by side, each on its own "
                    + "input, not connected; open one with TorchOptions.module(\"...\")");
        } else {
            out.add(graph + " the model is " + chosen.get(0).name() + " " + chosen.get(0).describe() + " alone, "
                    + "its output PyTorch's output (batch, steps, " + chosen.get(0).outputSize() + ")");
        }
        List<String> unused = new ArrayList<>();
        for (LinearModule l : linears) {
            if (!l.name().equals(options.head())) {
                unused.add(l.name() + " " + l.describe());
            }
        }
        if (!unused.isEmpty()) {
            out.add("not run: " + String.join(", ", unused) + "; run one as a head with TorchOptions.defaults()"
                    + ".head(\"" + linears.get(linears.size() - 1).name() + "\", TorchOptions.HeadInput.LAST_STEP)"
                    + " (or EVERY_STEP, FINAL_STATE)");
        }
        return out;
    }
}
