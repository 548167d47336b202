package org.lstmlens.io.torch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lstmlens.error.ModelFileException;

/**
 * Finds the recurrent modules of a state_dict by their keys ({@code <prefix>.weight_ih_l<k>[_reverse]} and
 * siblings, at any depth) and the Linear layers ({@code <name>.weight}, {@code <name>.bias}), and checks every
 * shape against the module's settings (../shared/notes/KERAS_FORMATS.md §5.1, Part 2 §6). The cell is told by the
 * shapes: {@code weight_hh} is (bands*H, H) with bands 4 for LSTM, 3 for GRU, 1 for RNN, or (4H, P) beside a
 * {@code weight_hr} (P, H) for an LSTM with projections; a TorchScript archive's class constants must agree.
 */
final class ModuleFinder {
    private static final Pattern KEY = Pattern.compile(
            "^(?:(.*)\\.)?(weight_ih|weight_hh|bias_ih|bias_hh|weight_hr)_l(\\d+)(_reverse)?$");
    static final String LAYOUT = "an nn.LSTM / nn.GRU / nn.RNN stores weight_ih_l{k}, weight_hh_l{k}, bias_ih_l{k} and "
            + "bias_hh_l{k} (not with bias=False) and weight_hr_l{k} (LSTM with proj_size) for each layer k, and the "
            + "same with _reverse when bidirectional";

    private final StateDict dict;

    ModuleFinder(StateDict dict) {
        this.dict = dict;
    }

    /** Every recurrent module, in the order of its first key. */
    List<RecurrentModule> recurrent() {
        Map<String, List<String>> byPrefix = new java.util.LinkedHashMap<>();
        for (String key : dict.tensors().keySet()) {
            Matcher m = KEY.matcher(key);
            if (m.matches()) {
                byPrefix.computeIfAbsent(m.group(1) == null ? "" : m.group(1), p -> new ArrayList<>()).add(key);
            }
        }
        List<RecurrentModule> out = new ArrayList<>();
        byPrefix.forEach((prefix, keys) -> out.add(module(prefix, keys)));
        return out;
    }

    /** Every Linear-shaped pair outside the recurrent modules, in file order. */
    List<LinearModule> linear() {
        List<LinearModule> out = new ArrayList<>();
        for (Map.Entry<String, TorchTensor> e : dict.tensors().entrySet()) {
            String key = e.getKey();
            if (!(key.equals("weight") || key.endsWith(".weight")) || e.getValue().rank() != 2) {
                continue;
            }
            String name = key.equals("weight") ? "" : key.substring(0, key.length() - ".weight".length());
            TorchTensor w = e.getValue();
            TorchTensor b = dict.tensors().get(name.isEmpty() ? "bias" : name + ".bias");
            boolean bias = b != null && b.rank() == 1 && b.dim(0) == w.dim(0);
            ScriptModule sm = dict.modules().get(name);
            if (sm != null && !sm.simpleName().equals("Linear")) {
                continue; // TorchScript names the class: an Embedding, a Conv..., not a Linear
            }
            out.add(new LinearModule(name, w.dim(1), w.dim(0), bias, bias || sm != null));
        }
        return out;
    }

    private RecurrentModule module(String prefix, List<String> keys) {
        String who = dict.file() + ": " + (prefix.isEmpty() ? "the recurrent module" : "module \"" + prefix + "\"");
        String p = prefix.isEmpty() ? "" : prefix + ".";
        TreeMap<Integer, TreeSet<String>> layers = new TreeMap<>();
        boolean reverse = false;
        boolean bias = false;
        boolean proj = false;
        for (String k : keys) {
            Matcher m = KEY.matcher(k);
            m.matches();
            layers.computeIfAbsent(Integer.parseInt(m.group(3)), i -> new TreeSet<>()).add(m.group(2)
                    + (m.group(4) == null ? "" : "_reverse"));
            reverse |= m.group(4) != null;
            bias |= m.group(2).startsWith("bias");
            proj |= m.group(2).equals("weight_hr");
        }
        int numLayers = layers.lastKey() + 1;
        for (int l = 0; l < numLayers; l++) {
            for (String d : reverse ? List.of("", "_reverse") : List.of("")) {
                for (String n : expected(bias, proj)) {
                    if (!layers.getOrDefault(l, new TreeSet<>()).contains(n + d)) {
                        throw new ModelFileException(who + " has " + keys.size() + " of its tensors (" + keys + ") but "
                                + "no " + p + n + "_l" + l + d + "; " + LAYOUT);
                    }
                }
            }
        }
        TorchTensor hh = tensor(p + "weight_hh_l0", 2, who);
        int rows = hh.dim(0);
        int cols = hh.dim(1);
        int hidden;
        int projSize = 0;
        int bands;
        if (proj) {
            TorchTensor hr = tensor(p + "weight_hr_l0", 2, who);
            hidden = hr.dim(1);
            projSize = hr.dim(0);
            bands = rows / Math.max(hidden, 1);
            if (hidden == 0 || rows != 4 * hidden || cols != projSize) {
                throw new ModelFileException(who + ": weight_hh_l0 " + hh.shapeText() + " and weight_hr_l0 "
                        + hr.shapeText() + " do not make an LSTM with projections, which stores weight_hh (4*H, P) "
                        + "and weight_hr (P, H)");
            }
        } else {
            hidden = cols;
            bands = cols == 0 || rows % cols != 0 ? -1 : rows / cols;
            if (bands != 4 && bands != 3 && bands != 1) {
                throw new ModelFileException(who + ": weight_hh_l0 has shape " + hh.shapeText() + "; an nn.LSTM stores "
                        + "(4*H, H), an nn.GRU (3*H, H), an nn.RNN (H, H), so its rows are 4, 3 or 1 times its columns");
            }
        }
        String mode = bands == 4 ? "LSTM" : bands == 3 ? "GRU" : "RNN_TANH";
        boolean stated = bands != 1;
        ScriptModule sm = dict.modules().get(prefix);
        if (sm != null && sm.string("mode") != null) {
            String said = sm.string("mode");
            if (!said.equals(mode) && !(said.startsWith("RNN") && mode.startsWith("RNN"))) {
                throw new ModelFileException(who + ": its TorchScript class says mode " + said + " but weight_hh_l0 "
                        + hh.shapeText() + " is the shape of an " + mode + " ("
                        + (bands == 1 ? "H, H" : bands + "*H, H") + ")");
            }
            mode = said;
            stated = true;
        } else if (sm != null && "relu".equals(sm.string("nonlinearity")) && mode.startsWith("RNN")) {
            mode = "RNN_RELU";
            stated = true;
        }
        int real = projSize > 0 ? projSize : hidden;
        int dirs = reverse ? 2 : 1;
        int input = tensor(p + "weight_ih_l0", 2, who).dim(1);
        long params = 0;
        for (String k : keys) {
            params += dict.tensors().get(k).numel();
        }
        for (int l = 0; l < numLayers; l++) {
            for (String d : reverse ? List.of("", "_reverse") : List.of("")) {
                int in = l == 0 ? input : dirs * real;
                String why = l == 0 ? "" : " (layer " + l + " reads " + (dirs == 2 ? "both directions of " : "")
                        + "layer " + (l - 1) + ": " + (dirs == 2 ? "2*" : "") + real + ")";
                shape(p + "weight_ih_l" + l + d, who, why, bands * hidden, in);
                shape(p + "weight_hh_l" + l + d, who, "", bands * hidden, real);
                if (bias) {
                    shape(p + "bias_ih_l" + l + d, who, "", bands * hidden);
                    shape(p + "bias_hh_l" + l + d, who, "", bands * hidden);
                }
                if (proj) {
                    shape(p + "weight_hr_l" + l + d, who, "", projSize, hidden);
                }
            }
        }
        RecurrentModule found = new RecurrentModule(prefix, mode, input, hidden, projSize, numLayers, reverse, bias,
                stated, keys, params);
        if (sm != null) {
            agree(found, sm, who);
        }
        return found;
    }

    /** A TorchScript class's constants must say what the shapes say. */
    private static void agree(RecurrentModule m, ScriptModule sm, String who) {
        check(who, "hidden_size", sm.integer("hidden_size"), m.hiddenSize());
        check(who, "input_size", sm.integer("input_size"), m.inputSize());
        check(who, "num_layers", sm.integer("num_layers"), m.numLayers());
        check(who, "proj_size", sm.integer("proj_size"), m.projSize());
        Boolean bi = sm.bool("bidirectional");
        if (bi != null && bi != m.bidirectional()) {
            throw new ModelFileException(who + ": its TorchScript class says bidirectional=" + (bi ? "True" : "False")
                    + " but " + (m.bidirectional() ? "it has" : "it has no") + " _reverse tensors");
        }
        Boolean bias = sm.bool("bias");
        if (bias != null && bias != m.bias()) {
            throw new ModelFileException(who + ": its TorchScript class says bias=" + (bias ? "True" : "False")
                    + " but " + (m.bias() ? "it has" : "it has no") + " bias tensors");
        }
    }

    private static void check(String who, String name, Integer said, int found) {
        if (said != null && said != found) {
            throw new ModelFileException(who + ": its TorchScript class says " + name + "=" + said + " but its tensors' "
                    + "shapes say " + found);
        }
    }

    private static List<String> expected(boolean bias, boolean proj) {
        List<String> n = new ArrayList<>(List.of("weight_ih", "weight_hh"));
        if (bias) {
            n.addAll(List.of("bias_ih", "bias_hh"));
        }
        if (proj) {
            n.add("weight_hr");
        }
        return n;
    }

    private TorchTensor tensor(String key, int rank, String who) {
        TorchTensor t = dict.tensors().get(key);
        if (t.rank() != rank) {
            throw new ModelFileException(who + ": " + key + " has shape " + t.shapeText() + "; expected " + rank
                    + " dimensions");
        }
        return t;
    }

    private void shape(String key, String who, String why, int... dims) {
        TorchTensor t = dict.tensors().get(key);
        int[] s = t.shape();
        if (!java.util.Arrays.equals(s, dims)) {
            String want = dims.length == 1 ? "(" + dims[0] + ",)" : "(" + dims[0] + ", " + dims[1] + ")";
            throw new ModelFileException(who + ": " + key + " has shape " + t.shapeText() + "; expected " + want + why);
        }
    }
}
