package org.lstmlens.influence;

import java.util.List;
import java.util.Locale;
import org.lstmlens.core.LayerOutput;
import org.lstmlens.core.RnnBackward;
import org.lstmlens.core.Rnn;
import org.lstmlens.core.SequenceBatch;
import org.lstmlens.error.NameException;
import org.lstmlens.error.ShapeException;

/**
 * Keras's {@code Bidirectional(LSTM)}, optionally followed by a Dense head, as a {@link Differentiable}: a forward
 * layer and a go_backwards layer read the same input (with the same mask); with return_sequences the backward
 * layer's outputs are flipped back to input time order before the two are merged ({@code concat}: forward then
 * backward units; {@code sum}; {@code ave}; {@code mul}). The input gradient is the sum of the two layers' input
 * gradients. Immutable.
 */
final class BidirectionalLstm implements Differentiable {
    private static final List<String> MERGES = List.of("concat", "sum", "ave", "mul");

    private final Rnn forward;
    private final Rnn backward;
    private final String merge;
    private final DenseHead head;

    BidirectionalLstm(Rnn forward, Rnn backward, String merge, DenseHead head) {
        String m = merge == null ? "" : merge.trim().toLowerCase(Locale.ROOT);
        if (!MERGES.contains(m)) {
            throw NameException.unknown("merge mode", merge, "Bidirectional", MERGES);
        }
        if (forward.goBackwards() || !backward.goBackwards()) {
            throw new ShapeException("Bidirectional: the forward layer \"" + forward.name() + "\" must read forwards and"
                    + " the backward layer \"" + backward.name() + "\" with go_backwards; got go_backwards="
                    + forward.goBackwards() + " and " + backward.goBackwards());
        }
        if (forward.units() != backward.units() || forward.inputDim() != backward.inputDim()
                || forward.returnSequences() != backward.returnSequences()) {
            throw new ShapeException("Bidirectional: the two layers must agree in units, input features and "
                    + "return_sequences; got " + forward + " and " + backward);
        }
        int merged = m.equals("concat") ? 2 * forward.units() : forward.units();
        if (head != null && head.inputs() != merged) {
            throw new ShapeException("Dense head after Bidirectional (" + m + "): its kernel has " + head.inputs()
                    + " rows but the merged output has " + merged + " values");
        }
        this.forward = forward;
        this.backward = backward;
        this.merge = m;
        this.head = head;
    }

    @Override
    public String name() {
        return "bidirectional(" + forward.name() + ", " + backward.name() + ")" + (head == null ? "" : " + Dense");
    }

    @Override
    public int features() {
        return forward.inputDim();
    }

    @Override
    public int outputs() {
        return head != null ? head.outputs() : merge.equals("concat") ? 2 * forward.units() : forward.units();
    }

    @Override
    public boolean sequenceOutput() {
        return forward.returnSequences();
    }

    @Override
    public double[][] predict(SequenceBatch x, boolean[][] mask, int step) {
        LayerOutput f = forward.run(x, mask, null, false);
        LayerOutput b = backward.run(x, mask, null, false);
        return top(merged(h(f, step), h(b, backwardStep(x.steps(), step))));
    }

    @Override
    public Pass trace(SequenceBatch x, boolean[][] mask) {
        LayerOutput f = forward.run(x, mask, null, true);
        LayerOutput b = backward.run(x, mask, null, true);
        int steps = x.steps();
        return new Pass() {
            @Override
            public double[][] output(int step) {
                return top(merged(h(f, step), h(b, backwardStep(steps, step))));
            }

            @Override
            public SequenceBatch inputGradient(int step, double[][] dOutput) {
                int bStep = backwardStep(steps, step);
                double[][] hf = h(f, step);
                double[][] hb = h(b, bStep);
                double[][] dMerged = head == null ? dOutput : head.backward(head.preActivation(merged(hf, hb)), dOutput);
                int u = forward.units();
                double[][] dhf = new double[hf.length][u];
                double[][] dhb = new double[hf.length][u];
                for (int s = 0; s < hf.length; s++) {
                    for (int k = 0; k < u; k++) {
                        switch (merge) {
                            case "concat": dhf[s][k] = dMerged[s][k]; dhb[s][k] = dMerged[s][u + k]; break;
                            case "sum": dhf[s][k] = dMerged[s][k]; dhb[s][k] = dMerged[s][k]; break;
                            case "ave": dhf[s][k] = dMerged[s][k] / 2; dhb[s][k] = dMerged[s][k] / 2; break;
                            default: dhf[s][k] = dMerged[s][k] * hb[s][k]; dhb[s][k] = dMerged[s][k] * hf[s][k];
                        }
                    }
                }
                double[][][] df = RnnBackward.from(f).stepOutputGradient(step, dhf).run().dx().toArray();
                double[][][] db = RnnBackward.from(b).stepOutputGradient(bStep, dhb).run().dx().toArray();
                for (int s = 0; s < df.length; s++) {
                    for (int t = 0; t < df[s].length; t++) {
                        for (int j = 0; j < df[s][t].length; j++) {
                            df[s][t][j] += db[s][t][j];
                        }
                    }
                }
                return SequenceBatch.of(df);
            }
        };
    }

    /** With sequences, Keras flips the backward outputs to input time: output step s is its processing step T-1-s. */
    private int backwardStep(int steps, int step) {
        return sequenceOutput() ? steps - 1 - step : steps - 1;
    }

    private double[][] top(double[][] merged) {
        return head == null ? merged : head.apply(head.preActivation(merged));
    }

    private double[][] merged(double[][] hf, double[][] hb) {
        int u = forward.units();
        double[][] y = new double[hf.length][];
        for (int s = 0; s < hf.length; s++) {
            y[s] = new double[merge.equals("concat") ? 2 * u : u];
            for (int k = 0; k < u; k++) {
                switch (merge) {
                    case "concat": y[s][k] = hf[s][k]; y[s][u + k] = hb[s][k]; break;
                    case "sum": y[s][k] = hf[s][k] + hb[s][k]; break;
                    case "ave": y[s][k] = (hf[s][k] + hb[s][k]) / 2; break;
                    default: y[s][k] = hf[s][k] * hb[s][k];
                }
            }
        }
        return y;
    }

    private static double[][] h(LayerOutput out, int step) {
        if (step < 0 || step >= out.steps() || (!out.isSequence() && step != out.steps() - 1)) {
            throw new ShapeException("output step " + step + " of Bidirectional layer \"" + out.layer().name()
                    + "\" does not exist; valid: " + (out.isSequence() ? "0.." + (out.steps() - 1)
                    : (out.steps() - 1) + " (only the last step has an output)"));
        }
        double[][] h = new double[out.batch()][out.units()];
        for (int b = 0; b < out.batch(); b++) {
            for (int k = 0; k < out.units(); k++) {
                h[b][k] = out.isSequence() ? out.output(b, step, k) : out.output(b, k);
            }
        }
        return h;
    }

    @Override
    public String toString() {
        return "BidirectionalLstm[" + forward + ", " + backward + ", " + merge + (head != null ? ", " + head : "") + "]";
    }
}
