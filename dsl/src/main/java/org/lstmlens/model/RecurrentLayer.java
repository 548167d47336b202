package org.lstmlens.model;

import java.util.ArrayList;
import java.util.List;
import org.lstmlens.core.LayerOutput;
import org.lstmlens.core.Precision;
import org.lstmlens.core.RnnBackward;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.core.RecurrentCell;
import org.lstmlens.core.Rnn;
import org.lstmlens.core.RnnState;
import org.lstmlens.core.SequenceBatch;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.ShapeException;

/**
 * A Keras recurrent layer in a model, any cell ({@code LSTM}, {@code GRU}, {@code SimpleRNN}, {@code CuDNNLSTM},
 * {@code CuDNNGRU}, {@code RNN(cell)}): the core {@link Rnn} plus what the model around it needs, i.e.
 * {@code return_state}, {@code zero_output_for_mask}, the mask flow and the parameter count as stored. The math is the
 * core's; this class only moves tensors in and out.
 */
public final class RecurrentLayer implements DifferentiableLayer {
    private final String type;
    private final Rnn rnn;
    private final boolean returnState;
    private final boolean zeroOutputForMask;
    private final long storedParams;
    private final Provenance provenance;

    /**
     * @param type the Keras class name ({@code LSTM}, {@code GRU}, {@code CuDNNLSTM}, {@code RNN}, ...)
     * @param rnn the time loop over the layer's cell (an {@link LstmLayer} for an LSTM)
     * @param storedParams what Keras counts: a CuDNNLSTM stores an 8u bias, so it counts 4u more than the canonical
     *     weights
     */
    public RecurrentLayer(String type, Rnn rnn, boolean returnState, boolean zeroOutputForMask, long storedParams) {
        this(type, rnn, returnState, zeroOutputForMask, storedParams, Provenance.keras());
    }

    /** As the Keras constructor, for a layer read from another framework's file. */
    public RecurrentLayer(String type, Rnn rnn, boolean returnState, boolean zeroOutputForMask, long storedParams,
                          Provenance provenance) {
        this.type = type;
        this.rnn = rnn;
        this.returnState = returnState;
        this.zeroOutputForMask = zeroOutputForMask;
        this.storedParams = storedParams;
        this.provenance = java.util.Objects.requireNonNull(provenance, "provenance");
    }

    /**
     * A layer of the core loop as Keras would hold it: no return_state, each step's output repeated at masked steps
     * (the core's behaviour), the cell's parameter count. For explaining one layer on its own.
     */
    public static RecurrentLayer of(Rnn rnn) {
        return new RecurrentLayer(rnn.cell().kind(), rnn, false, false, rnn.cell().params().total());
    }

    @Override
    public String name() {
        return rnn.name();
    }

    @Override
    public String type() {
        return type;
    }

    /** The core layer: cell (weights, activations), go_backwards, return_sequences. */
    public Rnn rnn() {
        return rnn;
    }

    /** The layer's cell: {@code LstmCell}, {@code GruCell} or {@code SimpleRnnCell}. */
    public RecurrentCell cell() {
        return rnn.cell();
    }

    /** Input features per timestep (the kernel's rows). */
    public int inputDim() {
        return rnn.inputDim();
    }

    public int units() {
        return rnn.units();
    }

    /** Values of each output step and of h: units, or an LSTM's projection size p (PyTorch's proj_size). */
    public int outputSize() {
        return rnn.outputSize();
    }

    /**
     * The core layer of an LSTM. Kept for the views written for LSTMs only; new code takes {@link #rnn()}.
     *
     * @throws LstmException for a GRU or SimpleRNN, naming the layer and {@link #rnn()}
     */
    public LstmLayer lstm() {
        if (rnn instanceof LstmLayer) {
            return (LstmLayer) rnn;
        }
        throw new LstmException(type + " \"" + name() + "\" is a " + rnn.cell().kind() + ", not an LSTM; this "
                + "view is for LSTM layers only (the layer's time loop and cell: rnn(), cell())");
    }

    /** The state tensors return_state adds: h, and c for an LSTM. */
    int stateCount() {
        return rnn.cell().hasCellState() ? 2 : 1;
    }

    public boolean returnState() {
        return returnState;
    }

    public boolean zeroOutputForMask() {
        return zeroOutputForMask;
    }

    /** The same layer with Bidirectional's forced {@code zero_output_for_mask}. */
    RecurrentLayer withZeroOutputForMask(boolean value) {
        return new RecurrentLayer(type, rnn, returnState, value, storedParams, provenance);
    }

    /** Which framework wrote the weights and how they were mapped onto the core's form. */
    public Provenance provenance() {
        return provenance;
    }

    /** The same layer with its weights' provenance. */
    public RecurrentLayer withProvenance(Provenance value) {
        return new RecurrentLayer(type, rnn, returnState, zeroOutputForMask, storedParams, value);
    }

    @Override
    public long params() {
        return storedParams;
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        Shape x = inputs.get(0);
        if (x.rank() == 2 && x.last() >= 0 && x.last() != rnn.inputDim()) {
            throw new ShapeException(type + " \"" + name() + "\": its input has " + x.last() + " features but its kernel"
                    + " expects " + rnn.inputDim() + " (kernel " + rnn.inputDim() + "x"
                    + rnn.weights().bands() * rnn.units() + ")");
        }
        int u = rnn.outputSize();
        List<Shape> out = new ArrayList<>();
        out.add(rnn.returnSequences() ? Shape.of(x.rank() == 2 ? x.dim(0) : Shape.UNKNOWN, u) : Shape.of(u));
        if (returnState) {
            for (int i = 0; i < stateCount(); i++) {
                out.add(Shape.of(i == 0 ? u : rnn.units())); // h, then c (units values also under a projection)
            }
        }
        return out;
    }

    @Override
    public List<Tensor> forward(List<Tensor> inputs) {
        return forward(inputs, Precision.DOUBLE);
    }

    /** The steps in float32 ({@link org.lstmlens.core.Rnn#runFloat}) or double. */
    @Override
    public List<Tensor> forward(List<Tensor> inputs, Precision precision) {
        Tensor x = inputs.get(0);
        LayerOutput run = run(x, initialOf(inputs), precision);
        List<Tensor> out = new ArrayList<>();
        out.add(output(run, x.maskData()));
        if (returnState) {
            out.addAll(states(run));
        }
        return out;
    }

    /** The initial state a call was given after its sequence (h, and c for an LSTM), or null for zeros. */
    private RnnState initialOf(List<Tensor> inputs) {
        boolean lstm = rnn.cell().hasCellState();
        if (inputs.size() == 1 + stateCount()) {
            return lstm ? RnnState.of(inputs.get(1).toArray2(), inputs.get(2).toArray2())
                    : RnnState.of(inputs.get(1).toArray2());
        }
        if (inputs.size() != 1) {
            throw new ShapeException(type + " \"" + name() + "\" takes the sequence and optionally the initial "
                    + (lstm ? "h and c" : "h") + ", got " + inputs.size() + " inputs");
        }
        return null;
    }

    /** Runs the core layer on a rank-3 tensor with its mask. */
    LayerOutput run(Tensor x, RnnState initial) {
        return run(x, initial, Precision.DOUBLE);
    }

    /** Runs the core layer on a rank-3 tensor with its mask, in the given precision. */
    LayerOutput run(Tensor x, RnnState initial, Precision precision) {
        return precision == Precision.FLOAT32 ? rnn.runFloat(sequences(x), x.maskData(), initial)
                : rnn.run(sequences(x), x.maskData(), initial, false);
    }

    private SequenceBatch sequences(Tensor x) {
        if (x.rank() != 3) {
            throw new ShapeException(type + " \"" + name() + "\" expects samples x timesteps x features, got shape "
                    + java.util.Arrays.toString(x.shape()));
        }
        return SequenceBatch.ofBatchMajor(x.dim(0), x.dim(1), x.dim(2), x.data());
    }

    /**
     * A traced run from zero states; the backward pass is {@link RnnBackward}'s (steps the layer zeroed for the mask
     * get no gradient).
     *
     * @throws LstmException for return_state (the layer then has several outputs: use {@link #traceCall})
     */
    @Override
    public LayerPass trace(Tensor x) {
        if (returnState) {
            throw new LstmException(type + " \"" + name() + "\" has return_state=True: " + (stateCount() == 2
                    ? "three outputs (sequence, h, c)" : "two outputs (sequence, h)") + "; gradients through a model go"
                    + " through layers with one output");
        }
        RecurrentPass p = traceCall(List.of(x));
        return LayerPass.of(p.outputs().get(0), dy -> p.backward(List.of(dy)).get(0));
    }

    /**
     * A traced call on the sequence and, optionally, the initial states: every output Keras gives (with
     * return_state the final states too), gradients to every input, and to gates or the cell state inside.
     */
    @Override
    public RecurrentPass traceCall(List<Tensor> inputs) {
        Tensor x = inputs.get(0);
        RnnState initial = initialOf(inputs);
        return new RecurrentPass(this, rnn.run(sequences(x), x.maskData(), initial, true), x, initial != null);
    }

    /**
     * As {@link #traceCall}, the trace without what the backward pass from the outputs never reads, in
     * {@code precision} (for the cells the core runs in float32).
     */
    @Override
    public RecurrentPass gradientCall(List<Tensor> inputs, Precision precision) {
        Tensor x = inputs.get(0);
        RnnState initial = initialOf(inputs);
        return new RecurrentPass(this, rnn.traceForGradients(sequences(x), x.maskData(), initial, precision), x,
                initial != null);
    }

    /** The layer's main output as Keras returns it (processing order for go_backwards). */
    Tensor output(LayerOutput run, boolean[][] mask) {
        int batch = run.batch();
        int u = rnn.outputSize();
        if (!rnn.returnSequences()) {
            double[][] last = run.lastOutput();
            double[] d = new double[batch * u];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(last[b], 0, d, b * u, u);
            }
            return Tensor.wrap(new int[] {batch, u}, d, null);
        }
        int steps = run.steps();
        double[] d = new double[batch * steps * u];
        double[][][] seq = run.toArray();
        for (int b = 0; b < batch; b++) {
            for (int s = 0; s < steps; s++) {
                int t = rnn.goBackwards() ? steps - 1 - s : s;
                boolean zero = zeroOutputForMask && mask != null && !mask[b][t];
                if (!zero) {
                    System.arraycopy(seq[b][s], 0, d, (b * steps + s) * u, u);
                }
            }
        }
        return Tensor.wrap(new int[] {batch, steps, u}, d, mask);
    }

    /** The final state as Keras's return_state gives it: h, and c for an LSTM. */
    static List<Tensor> states(LayerOutput run) {
        RnnState st = run.state();
        int batch = st.batch();
        int u = st.units();
        int cu = st.cellUnits(); // u but for an LSTM's projection, whose h has p values
        double[] h = new double[batch * u];
        double[] c = st.hasCellState() ? new double[batch * cu] : null;
        for (int b = 0; b < batch; b++) {
            System.arraycopy(st.h(b), 0, h, b * u, u);
            if (c != null) {
                System.arraycopy(st.c(b), 0, c, b * cu, cu);
            }
        }
        Tensor ht = Tensor.wrap(new int[] {batch, u}, h, null);
        return c == null ? List.of(ht) : List.of(ht, Tensor.wrap(new int[] {batch, cu}, c, null));
    }

    @Override
    public String toString() {
        return type + "[" + name() + ", units=" + rnn.units() + "]";
    }
}
