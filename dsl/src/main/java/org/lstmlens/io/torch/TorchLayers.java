package org.lstmlens.io.torch;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.lstmlens.core.Activation;
import org.lstmlens.core.CellWeights;
import org.lstmlens.core.GruCell;
import org.lstmlens.core.LstmCell;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.core.LstmWeights;
import org.lstmlens.core.Rnn;
import org.lstmlens.core.SimpleRnnCell;
import org.lstmlens.error.ModelFileException;
import org.lstmlens.model.BidirectionalLayer;
import org.lstmlens.model.Framework;
import org.lstmlens.model.Layer;
import org.lstmlens.model.Provenance;
import org.lstmlens.model.RecurrentLayer;

/**
 * The one place where PyTorch's recurrent tensors become the core's cells (../shared/notes/KERAS_FORMATS.md §5.1, §6,
 * Part 2 §6). For each layer k and direction:
 * <pre>
 *   LSTM  W = weight_ih_lk^T, U = weight_hh_lk^T, blocks i, f, g, o kept (g is Keras's c); b = bias_ih, b' = bias_hh,
 *         both added to z: z = x.W + b + h.U + b'
 *   GRU   W = weight_ih_lk^T, U = weight_hh_lk^T with row blocks r, z, n taken in Keras's order z, r, h;
 *         b = bias_ih, b' = bias_hh (same permutation); reset_after=True: n = tanh(x.W_n + b_n + r * (h.U_n + b'_n))
 *         with proj_size p: U = weight_hh_lk^T is p x 4H and P = weight_hr_lk^T (H x p): h = (o * tanh(c)).P
 *   RNN   W = weight_ih_lk^T, U = weight_hh_lk^T, h = tanh or relu(x.W + b + h.U + b')
 * </pre>
 * σ is the logistic sigmoid (PyTorch has no other). A {@code _reverse} direction reads the sequence from its last
 * step (go_backwards) and its outputs are flipped back to input time inside a Bidirectional with concat merge, as
 * PyTorch's {@code output} holds them. Every layer carries a {@link Provenance}: the keys and these lines.
 */
final class TorchLayers {
    private final StateDict dict;
    private final RecurrentModule module;

    TorchLayers(StateDict dict, RecurrentModule module) {
        this.dict = dict;
        this.module = module;
    }

    /** The module's layers in order: one RecurrentLayer or Bidirectional per layer k, each returning sequences. */
    List<Layer> layers() {
        List<Layer> out = new ArrayList<>();
        for (int k = 0; k < module.numLayers(); k++) {
            String name = module.name() + ".l" + k;
            if (module.bidirectional()) {
                out.add(new BidirectionalLayer(name, direction(k, false, name + "_forward"),
                        direction(k, true, name + "_reverse"), BidirectionalLayer.Merge.CONCAT, false));
            } else {
                out.add(direction(k, false, name));
            }
        }
        return out;
    }

    private RecurrentLayer direction(int k, boolean reverse, String name) {
        String p = module.prefix().isEmpty() ? "" : module.prefix() + ".";
        String s = "_l" + k + (reverse ? "_reverse" : "");
        String kind = module.kind();
        String cellKind = kind.equals("RNN") ? "SimpleRNN" : kind;
        int bands = kind.equals("LSTM") ? 4 : kind.equals("GRU") ? 3 : 1;
        int h = module.hiddenSize();
        int[] at = Framework.PYTORCH.storedPositions(cellKind);
        List<String> keys = new ArrayList<>(List.of(p + "weight_ih" + s, p + "weight_hh" + s));
        TorchTensor ih = tensor(keys.get(0));
        TorchTensor hh = tensor(keys.get(1));
        DMatrixRMaj w = DMatrixRMaj.wrap(ih.dim(1), bands * h, transposeBlocks(ih, keys.get(0), bands, h, at));
        DMatrixRMaj u = DMatrixRMaj.wrap(hh.dim(1), bands * h, transposeBlocks(hh, keys.get(1), bands, h, at));
        double[] bIh = null;
        double[] bHh = null;
        if (module.bias()) {
            keys.add(p + "bias_ih" + s);
            keys.add(p + "bias_hh" + s);
            bIh = permute(tensor(keys.get(2)).values(keys.get(2)), bands, h, at);
            bHh = permute(tensor(keys.get(3)).values(keys.get(3)), bands, h, at);
        }
        List<String> lines = mapping(keys, ih, hh, at, bands);
        DMatrixRMaj proj = null;
        if (module.projSize() > 0) {
            String hrKey = p + "weight_hr" + s;
            keys.add(hrKey);
            TorchTensor hr = tensor(hrKey);
            proj = DMatrixRMaj.wrap(h, hr.dim(0), transposeBlocks(hr, hrKey, 1, hr.dim(0), new int[] {0}));
            lines.add(lines.size() - 1, "P = " + leaf(hrKey) + "^T (" + hr.dim(0) + "x" + h + " -> " + h + "x"
                    + hr.dim(0) + "): h = (o * tanh(c)).P, PyTorch's h = W_hr (o * tanh(c)), of proj_size = "
                    + hr.dim(0) + " values, fed back through U");
        }
        Rnn rnn;
        switch (kind) {
            case "LSTM":
                rnn = new LstmLayer(name, new LstmCell(LstmWeights.adopt(w, u, bIh, bHh, proj), Activation.TANH,
                        Activation.SIGMOID), true, reverse);
                break;
            case "GRU":
                rnn = new Rnn(name, new GruCell(CellWeights.adopt("GRU", 3, w, u, bIh, bHh), Activation.TANH,
                        Activation.SIGMOID, true), true, reverse);
                break;
            default:
                rnn = new Rnn(name, new SimpleRnnCell(CellWeights.adopt("SimpleRNN", 1, w, u, bIh, bHh),
                        module.mode().equals("RNN_RELU") ? Activation.RELU : Activation.TANH), true, reverse);
        }
        if (reverse) {
            lines.add("reverse direction: reads the sequence from its last step to its first (go_backwards); its "
                    + "outputs are flipped back to input time beside the forward ones, as PyTorch's output holds them");
        }
        long params = 0;
        for (String key : keys) {
            params += dict.tensors().get(key).numel();
        }
        return new RecurrentLayer("nn." + kind, rnn, false, false, params,
                new Provenance(Framework.PYTORCH, keys, lines));
    }

    private List<String> mapping(List<String> keys, TorchTensor ih, TorchTensor hh, int[] at, int bands) {
        String kind = module.kind();
        String blocks = kind.equals("GRU") ? " with row blocks r, z, n taken as z, r, n (Keras z, r, h: stored blocks "
                + java.util.Arrays.toString(at) + ")" : kind.equals("LSTM") ? ", gate blocks i, f, g, o kept in order "
                + "(g is Keras's c)" : "";
        List<String> lines = new ArrayList<>();
        lines.add("W = " + leaf(keys.get(0)) + "^T (" + ih.dim(0) + "x" + ih.dim(1) + " -> " + ih.dim(1) + "x"
                + ih.dim(0) + ")" + blocks);
        lines.add("U = " + leaf(keys.get(1)) + "^T (" + hh.dim(0) + "x" + hh.dim(1) + " -> " + hh.dim(1) + "x"
                + hh.dim(0) + ")" + (kind.equals("GRU") ? ", the same blocks" : ""));
        if (!module.bias()) {
            lines.add("no bias (bias=False)");
        } else if (kind.equals("GRU")) {
            lines.add("b = " + leaf(keys.get(2)) + " (added to x.W), b' = " + leaf(keys.get(3)) + " (added to h.U, "
                    + "inside r * (h.U_n + b'_n) for n), the same blocks: reset_after=True");
        } else {
            lines.add("b = " + leaf(keys.get(2)) + ", b' = " + leaf(keys.get(3)) + (kind.equals("LSTM")
                    ? ", the same blocks" : "") + ": kept apart; both add to z (z = x.W + b + h.U + b')");
        }
        lines.add(kind.equals("LSTM") ? "i, f, o = sigmoid, g and c = tanh (PyTorch's only choice)"
                : kind.equals("GRU") ? "r, z = sigmoid, n = tanh (PyTorch's only choice)"
                : "h = " + (module.mode().equals("RNN_RELU") ? "relu" : "tanh") + "(...)" + (module.nonlinearityStated()
                ? "" : " (assumed: a state_dict does not say an nn.RNN's nonlinearity)"));
        return lines;
    }

    private static String leaf(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    private TorchTensor tensor(String key) {
        TorchTensor t = dict.tensors().get(key);
        if (t == null) {
            throw new ModelFileException(dict.file() + ": no tensor " + key + "; " + ModuleFinder.LAYOUT);
        }
        return t;
    }

    /**
     * A 2-D tensor {@code t} (bands*h x cols, PyTorch's layout) transposed to cols x bands*h with Keras's band k taken
     * from stored block {@code at[k]}: {@code out[c][k*h + j] = t[at[k]*h + j][c]}. Widened a run of rows at a time
     * and written in 32 x 32 tiles, so that a 4096 x 1024 weight is not written a column (a cache line and a page per
     * value) at a time.
     *
     * @param name the tensor's key, for messages
     */
    static double[] transposeBlocks(TorchTensor t, String name, int bands, int h, int[] at) {
        final int tile = 32;
        int cols = t.dim(1);
        int width = bands * h;
        int[] keras = new int[bands]; // stored block -> Keras band
        for (int k = 0; k < bands; k++) {
            keras[at[k]] = k;
        }
        double[] out = new double[cols * width];
        t.forEachRows(name, tile, (first, count, v, off) -> {
            for (int c0 = 0; c0 < cols; c0 += tile) {
                int c1 = Math.min(cols, c0 + tile);
                for (int i = 0; i < count; i++) {
                    int r = first + i;
                    int to = keras[r / h] * h + r % h;
                    int from = off + i * cols;
                    for (int c = c0; c < c1; c++) {
                        out[c * width + to] = v[from + c];
                    }
                }
            }
        });
        return out;
    }

    /** A bias's blocks in Keras's order. */
    static double[] permute(double[] v, int bands, int h, int[] at) {
        double[] out = new double[v.length];
        for (int k = 0; k < bands; k++) {
            System.arraycopy(v, at[k] * h, out, k * h, h);
        }
        return out;
    }
}
