package org.lstmlens.io.onnx;

import java.util.List;
import org.lstmlens.error.ModelFileException;

/**
 * The attributes of one LSTM, GRU or RNN node, checked against the operator's definition: direction, hidden_size,
 * layout, activations with their alpha and beta, clip, input_forget (LSTM), linear_before_reset (GRU).
 *
 * @param op {@code LSTM}, {@code GRU} or {@code RNN}
 * @param clip the cell clip threshold, or NaN for none
 * @param activations per direction, in the operator's order (LSTM f, g, h; GRU f, g; RNN f)
 */
record RecurrentSpec(String op, String direction, int hidden, boolean batchFirst, double clip, boolean inputForget,
                     boolean linearBeforeReset, List<List<OnnxActivation>> activations) {

    static RecurrentSpec read(String op, Attrs a, int hiddenFromR, String where) {
        String direction = a.string("direction", "forward");
        if (!List.of("forward", "reverse", "bidirectional").contains(direction)) {
            throw new ModelFileException(where + ": direction \"" + direction + "\"; valid: forward, reverse, "
                    + "bidirectional");
        }
        int dirs = direction.equals("bidirectional") ? 2 : 1;
        long hidden = a.integer("hidden_size", hiddenFromR);
        if (hidden != hiddenFromR) {
            throw new ModelFileException(where + ": hidden_size is " + hidden + " but R holds " + hiddenFromR
                    + " columns (R is [num_directions, gates*hidden_size, hidden_size])");
        }
        long layout = a.integer("layout", 0);
        if (layout != 0 && layout != 1) {
            throw new ModelFileException(where + ": layout " + layout + "; valid: 0 ([seq, batch, features]) or 1 "
                    + "([batch, seq, features])");
        }
        double clip = a.has("clip") ? a.real("clip", 0) : Double.NaN;
        if (!Double.isNaN(clip) && !(clip > 0)) {
            throw new ModelFileException(where + ": clip " + clip + "; a clip threshold must be above 0");
        }
        List<String> defaults = op.equals("LSTM") ? List.of("Sigmoid", "Tanh", "Tanh")
                : op.equals("GRU") ? List.of("Sigmoid", "Tanh") : List.of("Tanh");
        return new RecurrentSpec(op, direction, (int) hidden, layout == 1, clip, a.integer("input_forget", 0) != 0,
                a.integer("linear_before_reset", 0) != 0, OnnxActivation.of(a, defaults, dirs, where));
    }

    int directions() {
        return direction.equals("bidirectional") ? 2 : 1;
    }

    /** Gate blocks per direction: LSTM 4, GRU 3, RNN 1. */
    int bands() {
        return op.equals("LSTM") ? 4 : op.equals("GRU") ? 3 : 1;
    }

    /** The core's name of the cell: LSTM, GRU, SimpleRNN. */
    String cellKind() {
        return op.equals("RNN") ? "SimpleRNN" : op;
    }

    boolean reversed(int d) {
        return d == 1 || direction.equals("reverse");
    }
}
