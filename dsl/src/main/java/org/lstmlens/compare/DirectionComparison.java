package org.lstmlens.compare;

import java.util.ArrayList;
import java.util.List;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.NameException;

/**
 * One direction of a matched layer in two files: its weights gate by gate, how each file's arrays were mapped, and
 * the two runs on the same input step by step (the largest |a - b| over samples and units of each gate, of h, and of
 * an LSTM's c). Immutable; arrays handed out are copies.
 */
public final class DirectionComparison {
    private final String label;
    private final List<GateWeights> weights;
    private final List<RunCheck.Series> gates;
    private final RunCheck.Series h;
    private final RunCheck.Series c;
    private final List<String> mapping;

    DirectionComparison(String label, List<GateWeights> weights, List<RunCheck.Series> runs, List<String> mapping) {
        this.label = label;
        this.weights = List.copyOf(weights);
        this.gates = List.copyOf(runs.subList(0, weights.size()));
        this.h = runs.get(weights.size());
        this.c = runs.size() > weights.size() + 1 ? runs.get(weights.size() + 1) : null;
        this.mapping = List.copyOf(mapping);
    }

    /** {@code forward} or {@code backward} of a Bidirectional, empty for a layer of one direction. */
    public String label() {
        return label;
    }

    /** Every gate's weights side by side, in the cell's order. */
    public List<GateWeights> weights() {
        return weights;
    }

    /**
     * One gate's weights: {@code weights("f").largest("U")}.
     *
     * @throws NameException for a gate the cell does not have
     */
    public GateWeights weights(String gate) {
        return weights.get(indexOf(gate));
    }

    /** The gates in Keras's letters, in the cell's order: {@code [i, f, c, o]}, {@code [z, r, h]}, {@code [h]}. */
    public List<String> gateNames() {
        List<String> out = new ArrayList<>();
        gates.forEach(g -> out.add(g.name()));
        return out;
    }

    /** Whether every weight that counts agrees. */
    public boolean weightsAgree() {
        return weights.stream().allMatch(GateWeights::agree);
    }

    /**
     * Per processing step, the largest |a - b| of one gate's activated values over samples and units.
     *
     * @throws NameException for a gate the cell does not have
     */
    public double[] gateSteps(String gate) {
        return gates.get(indexOf(gate)).largest().clone();
    }

    /** Per processing step, the largest |a - b| of the output h. */
    public double[] outputSteps() {
        return h.largest().clone();
    }

    /**
     * Per processing step, the largest |a - b| of an LSTM's cell state c.
     *
     * @throws LstmException for a cell without a cell state
     */
    public double[] cellSteps() {
        if (c == null) {
            throw new LstmException("no cell state c in this comparison: only an LSTM keeps one; its gates "
                    + gateNames() + " and its output h (outputSteps()) are compared");
        }
        return c.largest().clone();
    }

    /** The gates, then h, then c where both keep one: what the view's step table lists. */
    List<RunCheck.Series> series() {
        List<RunCheck.Series> out = new ArrayList<>(gates);
        out.add(h);
        if (c != null) {
            out.add(c);
        }
        return out;
    }

    /** The largest |a - b| of the run, over every gate, h and c and every step. */
    public double largestRunDifference() {
        double m = 0;
        for (RunCheck.Series s : series()) {
            for (double d : s.largest()) {
                m = Double.isNaN(d) || Double.isNaN(m) ? Double.NaN : Math.max(m, d);
            }
        }
        return m;
    }

    /** How each file's arrays were mapped onto the canonical layout, and each file's settings, one line each. */
    public List<String> mapping() {
        return mapping;
    }

    private int indexOf(String gate) {
        for (int k = 0; k < gates.size(); k++) {
            if (gates.get(k).name().equals(gate)) {
                return k;
            }
        }
        throw NameException.unknown("gate", gate, "this comparison", gateNames());
    }

    @Override
    public String toString() {
        return "direction" + (label.isEmpty() ? "" : " " + label) + ": weights " + (weightsAgree() ? "agree" : "differ")
                + ", largest run difference " + org.lstmlens.render.Num.format(largestRunDifference());
    }
}
