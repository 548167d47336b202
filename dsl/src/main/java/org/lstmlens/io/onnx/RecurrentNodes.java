package org.lstmlens.io.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.lstmlens.core.LstmCell;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.core.RecurrentCell;
import org.lstmlens.core.Rnn;
import org.lstmlens.error.ModelFileException;
import org.lstmlens.io.onnx.proto.Onnx.NodeProto;
import org.lstmlens.model.RecurrentLayer;

/** Builds the layer of one LSTM, GRU or RNN node: its attributes, its stored weights, one core layer per direction. */
final class RecurrentNodes {
    static final Set<String> OPS = Set.of("LSTM", "GRU", "RNN");
    private static final int W = 1;
    private static final int R = 2;
    private static final int B = 3;
    private static final int P = 7;

    private RecurrentNodes() {
    }

    static RecurrentNode of(NodeProto n, String name, Attrs a, Slots slots, String where) {
        String op = n.getOpType();
        Stored w = stored(n, slots, W, "W", where);
        Stored r = stored(n, slots, R, "R", where);
        Stored b = optionalStored(n, slots, B, "B", where);
        Stored p = op.equals("LSTM") ? optionalStored(n, slots, P, "P", where) : null;
        if (r.rank() != 3) {
            throw new ModelFileException(where + ": R must be 3-D [num_directions, gates*hidden_size, hidden_size], "
                    + "got " + java.util.Arrays.toString(r.shape()));
        }
        RecurrentSpec spec = RecurrentSpec.read(op, a, r.dim(2), where);
        List<String> arrays = new ArrayList<>();
        for (int s : new int[] {W, R, B, P}) {
            arrays.add(s < n.getInputCount() ? n.getInput(s) : "");
        }
        NodeWeights weights = NodeWeights.of(w, r, b, p, arrays, spec.directions(), spec.bands(), where);
        GateMapping mapping = new GateMapping(spec);
        List<RecurrentLayer> dirs = new ArrayList<>();
        for (int d = 0; d < spec.directions(); d++) {
            RecurrentCell cell = mapping.cell(weights, d);
            String dirName = spec.directions() == 2 ? name + (d == 0 ? ".forward" : ".reverse") : name;
            Rnn rnn = cell instanceof LstmCell ? new LstmLayer(dirName, (LstmCell) cell, true, spec.reversed(d))
                    : new Rnn(dirName, cell, true, spec.reversed(d));
            dirs.add(new RecurrentLayer(op, rnn, false, true, weights.paramsPerDirection(spec.directions()),
                    mapping.provenance(weights, d)));
        }
        return new RecurrentNode(name, spec, dirs, slots, n.getOutputCount());
    }

    private static Stored stored(NodeProto n, Slots slots, int slot, String what, String where) {
        Stored t = optionalStored(n, slots, slot, what, where);
        if (t == null) {
            throw new ModelFileException(where + ": has no " + what + "; the operator needs X, W and R");
        }
        return t;
    }

    private static Stored optionalStored(NodeProto n, Slots slots, int slot, String what, String where) {
        if (slots.isDynamic(slot)) {
            throw new ModelFileException(where + ": its " + what + " (\"" + n.getInput(slot) + "\") is computed when "
                    + "the graph runs; LSTM Lens reads recurrent weights stored in the file (initializers or Constant "
                    + "nodes)");
        }
        return slots.constant(slot);
    }
}
