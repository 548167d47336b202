package org.lstmlens.model;

import java.util.ArrayList;
import java.util.List;
import org.lstmlens.core.Band;
import org.lstmlens.core.LayerOutput;
import org.lstmlens.core.RnnBackward;
import org.lstmlens.core.RnnGradients;
import org.lstmlens.core.RnnState;
import org.lstmlens.core.SequenceBatch;
import org.lstmlens.core.Trace;

/**
 * One traced call of a {@link RecurrentLayer}: its outputs as Keras gives them (the output, then with return_state
 * the final h, and c for an LSTM), and gradients back to its inputs (the sequence, and the initial states when the
 * call was given them) from its outputs, or from one gate's activation or the LSTM cell state at one step: what
 * influence needs to ask what moved a gate deep inside a model. The math is {@link RnnBackward}'s. Immutable.
 */
public final class RecurrentPass implements CallPass {
    private final RecurrentLayer layer;
    private final LayerOutput run;
    private final Tensor x;
    private final boolean initialStates; // the call read initial states, which then get gradients too
    private final List<Tensor> outputs;

    RecurrentPass(RecurrentLayer layer, LayerOutput run, Tensor x, boolean initialStates) {
        this.layer = layer;
        this.run = run;
        this.x = x;
        this.initialStates = initialStates;
        List<Tensor> out = new ArrayList<>();
        out.add(layer.output(run, x.maskData()));
        if (layer.returnState()) {
            out.addAll(RecurrentLayer.states(run));
        }
        this.outputs = List.copyOf(out);
    }

    /** The layer this call ran. */
    public RecurrentLayer layer() {
        return layer;
    }

    /** The forward run's gate values, states and mask, step by step in processing order. */
    public Trace trace() {
        return run.trace().orElseThrow();
    }

    @Override
    public List<Tensor> outputs() {
        return outputs;
    }

    /**
     * Steps the layer zeroed for the mask get no gradient; a state output's gradient enters as the final state's.
     */
    @Override
    public List<Tensor> backward(List<Tensor> dOutputs) {
        if (dOutputs.size() != outputs.size()) {
            throw new org.lstmlens.error.ShapeException(layer.type() + " \"" + layer.name() + "\" has "
                    + outputs.size() + " outputs, got " + dOutputs.size() + " gradients");
        }
        RnnBackward back = RnnBackward.from(run);
        if (dOutputs.get(0) != null) {
            Tensors.requireSameShape(dOutputs.get(0), outputs.get(0), "gradient of the output of \"" + layer.name()
                    + "\"");
            back = back.outputGradient(outputGradient(dOutputs.get(0)));
        }
        if (outputs.size() > 1) {
            back = back.finalStateGradient(state(dOutputs, 1), outputs.size() > 2 ? state(dOutputs, 2) : null);
        }
        return inputs(back.run());
    }

    /**
     * Gradients of the inputs for {@code L = sum(d * activation of gate band at processing step step)}.
     *
     * @param d {@code [sample][unit]}
     * @throws org.lstmlens.error.ShapeException if d is not samples x units or the step does not exist
     */
    public List<Tensor> gateBackward(Band gate, int step, double[][] d) {
        return inputs(RnnBackward.from(run).gateGradient(gate, step, d).run());
    }

    /**
     * Gradients of the inputs for {@code L = sum(d * cell state c after processing step step)}.
     *
     * @throws org.lstmlens.error.LstmException for a cell without a cell state (GRU, SimpleRNN)
     */
    public List<Tensor> cellBackward(int step, double[][] d) {
        return inputs(RnnBackward.from(run).cellGradient(step, d).run());
    }

    /** The output gradient as RnnBackward takes it: processing order, nothing at steps zeroed for the mask. */
    private double[][][] outputGradient(Tensor dy) {
        boolean[][] mask = x.maskData();
        boolean sequences = layer.rnn().returnSequences();
        int batch = run.batch();
        int steps = sequences ? run.steps() : 1;
        int u = layer.outputSize();
        double[] d = dy.data();
        double[][][] grad = new double[batch][steps][u];
        for (int b = 0; b < batch; b++) {
            for (int s = 0; s < steps; s++) {
                int t = layer.rnn().goBackwards() ? run.steps() - 1 - s : s;
                boolean zeroed = sequences && layer.zeroOutputForMask() && mask != null && !mask[b][t];
                if (!zeroed) {
                    System.arraycopy(d, (b * steps + s) * u, grad[b][s], 0, u);
                }
            }
        }
        return grad;
    }

    private double[][] state(List<Tensor> d, int i) {
        if (d.get(i) == null) {
            return null;
        }
        Tensors.requireSameShape(d.get(i), outputs.get(i), "gradient of state output " + i + " of \"" + layer.name()
                + "\"");
        return d.get(i).toArray2();
    }

    private List<Tensor> inputs(RnnGradients g) {
        List<Tensor> in = new ArrayList<>();
        SequenceBatch dx = g.dx();
        in.add(Tensor.wrap(new int[] {dx.batch(), dx.steps(), dx.features()}, dx.toBatchMajor(), x.maskData()));
        if (initialStates) {
            RnnState s = g.dInitial();
            double[][] dh = new double[s.batch()][];
            double[][] dc = s.hasCellState() ? new double[s.batch()][] : null;
            for (int b = 0; b < s.batch(); b++) {
                dh[b] = s.h(b);
                if (dc != null) {
                    dc[b] = s.c(b);
                }
            }
            in.add(Tensor.of(dh));
            if (dc != null) {
                in.add(Tensor.of(dc));
            }
        }
        return in;
    }

    @Override
    public String toString() {
        return "RecurrentPass[" + layer.name() + ", " + outputs.size() + " outputs]";
    }
}
