package org.lstmlens.io.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.lstmlens.core.LayerOutput;
import org.lstmlens.core.RnnState;
import org.lstmlens.core.SequenceBatch;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.ShapeException;
import org.lstmlens.model.RecurrentDirections;
import org.lstmlens.model.RecurrentLayer;
import org.lstmlens.model.Shape;
import org.lstmlens.model.Tensor;

/**
 * An ONNX LSTM, GRU or RNN node as a layer of our model: each direction runs through the core's loop
 * ({@link RecurrentLayer} over an {@code Rnn}), and this class arranges what goes in and out as the operator defines
 * it. {@code sequence_lens} becomes the loop's mask (a step at or past a sample's length is not run and keeps the
 * state, so Y_h is the state at the last valid step; the reverse direction, reading from the last step, starts at
 * len-1); Y is zero at those steps; the reverse direction's outputs stay at their input time positions. Y is
 * {@code [seq, dirs, batch, h]} ({@code [batch, seq, dirs, h]} with layout=1), Y_h and Y_c {@code [dirs, batch, h]}
 * ({@code [batch, dirs, h]}).
 */
final class RecurrentNode implements RecurrentDirections {
    static final int X = 0;
    static final int SEQUENCE_LENS = 4;
    static final int INITIAL_H = 5;
    static final int INITIAL_C = 6;

    private final String name;
    private final RecurrentSpec spec;
    private final List<RecurrentLayer> directions;
    private final Slots slots;
    private final int outputs;

    RecurrentNode(String name, RecurrentSpec spec, List<RecurrentLayer> directions, Slots slots, int outputs) {
        this.name = name;
        this.spec = spec;
        this.directions = List.copyOf(directions);
        this.slots = slots;
        this.outputs = outputs;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return spec.op();
    }

    @Override
    public List<RecurrentLayer> directions() {
        return directions;
    }

    RecurrentSpec spec() {
        return spec;
    }

    @Override
    public long params() {
        return directions.stream().mapToLong(RecurrentLayer::params).sum();
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        throw new LstmException("ONNX node \"" + name + "\" (" + spec.op() + "): shapes are known when the graph runs");
    }

    @Override
    public List<Tensor> forward(List<Tensor> inputs) {
        return run(slots.fill(inputs), false);
    }

    /** As {@link #forward}, computed in float32 as onnxruntime computes (the core's float32 loop). */
    List<Tensor> forwardFloat(List<Tensor> inputs) {
        return run(slots.fill(inputs), true);
    }

    /** The node's outputs Y, Y_h (and Y_c) from every input slot, in double or as float32 computes them. */
    List<Tensor> run(List<Tensor> in, boolean float32) {
        Tensor x = in.get(X);
        if (x == null || x.rank() != 3) {
            throw new ShapeException(where() + ": X must be 3-D " + (spec.batchFirst() ? "[batch, seq, features]"
                    : "[seq, batch, features]") + ", got " + (x == null ? "none" : Arrays.toString(x.shape())));
        }
        int steps = x.dim(spec.batchFirst() ? 1 : 0);
        int batch = x.dim(spec.batchFirst() ? 0 : 1);
        SequenceBatch seq = SequenceBatch.of(batchMajor(x));
        boolean[][] mask = mask(slot(in, SEQUENCE_LENS), batch, steps);
        int dirs = directions.size();
        int u = spec.hidden();
        double[] y = new double[steps * dirs * batch * u];
        double[] yh = new double[dirs * batch * u];
        double[] yc = new double[dirs * batch * u];
        for (int d = 0; d < dirs; d++) {
            RecurrentLayer layer = directions.get(d);
            RnnState initial = initial(in, d, batch);
            LayerOutput out = float32 ? layer.rnn().runFloat(seq, mask, initial)
                    : layer.rnn().run(seq, mask, initial, false);
            boolean back = layer.rnn().goBackwards();
            for (int s = 0; s < steps; s++) {
                int t = back ? steps - 1 - s : s;
                for (int b = 0; b < batch; b++) {
                    if (mask != null && !mask[b][t]) {
                        continue;
                    }
                    for (int j = 0; j < u; j++) {
                        y[yIndex(t, d, b, j, steps, dirs, batch)] = out.output(b, s, j);
                    }
                }
            }
            RnnState last = out.state();
            for (int b = 0; b < batch; b++) {
                for (int j = 0; j < u; j++) {
                    int at = stateIndex(d, b, j, dirs, batch);
                    yh[at] = last.h(b, j);
                    yc[at] = last.hasCellState() ? last.c(b, j) : 0;
                }
            }
        }
        int[] stateShape = spec.batchFirst() ? new int[] {batch, dirs, u} : new int[] {dirs, batch, u};
        List<Tensor> result = new ArrayList<>();
        result.add(Tensor.of(spec.batchFirst() ? new int[] {batch, steps, dirs, u} : new int[] {steps, dirs, batch, u},
                y));
        result.add(Tensor.of(stateShape, yh));
        if (spec.op().equals("LSTM")) {
            result.add(Tensor.of(stateShape, yc));
        }
        return result.subList(0, Math.min(outputs, result.size()));
    }

    private int yIndex(int t, int d, int b, int j, int steps, int dirs, int batch) {
        int u = spec.hidden();
        return spec.batchFirst() ? ((b * steps + t) * dirs + d) * u + j : ((t * dirs + d) * batch + b) * u + j;
    }

    private int stateIndex(int d, int b, int j, int dirs, int batch) {
        int u = spec.hidden();
        return spec.batchFirst() ? (b * dirs + d) * u + j : (d * batch + b) * u + j;
    }

    /** X as [batch][seq][features], the core's order. */
    private double[][][] batchMajor(Tensor x) {
        double[][][] a = x.toArray3();
        if (spec.batchFirst()) {
            return a;
        }
        int steps = a.length;
        int batch = a[0].length;
        double[][][] r = new double[batch][steps][];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                r[b][t] = a[t][b];
            }
        }
        return r;
    }

    /** mask[b][t] = t < sequence_lens[b]; null when every sample runs every step. */
    private boolean[][] mask(Tensor lens, int batch, int steps) {
        if (lens == null) {
            return null;
        }
        long[] len = Nd.longs(lens);
        if (len.length != batch) {
            throw new ShapeException(where() + ": sequence_lens has " + len.length + " values for a batch of " + batch);
        }
        boolean full = true;
        boolean[][] mask = new boolean[batch][steps];
        for (int b = 0; b < batch; b++) {
            if (len[b] < 0 || len[b] > steps) {
                throw new ShapeException(where() + ": sequence_lens[" + b + "] = " + len[b] + "; valid: 0.." + steps
                        + " (the sequence has " + steps + " steps)");
            }
            full &= len[b] == steps;
            for (int t = 0; t < len[b]; t++) {
                mask[b][t] = true;
            }
        }
        return full ? null : mask;
    }

    /** The initial state of direction d from initial_h / initial_c, or null for zeros. */
    private RnnState initial(List<Tensor> in, int d, int batch) {
        Tensor h = slot(in, INITIAL_H);
        Tensor c = spec.op().equals("LSTM") ? slot(in, INITIAL_C) : null;
        if (h == null && c == null) {
            return null;
        }
        double[][] hs = rows(h, "initial_h", d, batch);
        if (!spec.op().equals("LSTM")) {
            return RnnState.of(hs);
        }
        return RnnState.of(hs, rows(c, "initial_c", d, batch));
    }

    private double[][] rows(Tensor s, String what, int d, int batch) {
        int dirs = directions.size();
        int u = spec.hidden();
        double[][] r = new double[batch][u];
        if (s == null) {
            return r;
        }
        int[] expected = spec.batchFirst() ? new int[] {batch, dirs, u} : new int[] {dirs, batch, u};
        if (!Arrays.equals(s.shape(), expected)) {
            throw new ShapeException(where() + ": " + what + " has shape " + Arrays.toString(s.shape()) + "; expected "
                    + Arrays.toString(expected) + (spec.batchFirst() ? " ([batch, num_directions, hidden_size])"
                    : " ([num_directions, batch, hidden_size])"));
        }
        double[] v = s.values();
        for (int b = 0; b < batch; b++) {
            System.arraycopy(v, stateIndex(d, b, 0, dirs, batch), r[b], 0, u);
        }
        return r;
    }

    private static Tensor slot(List<Tensor> in, int slot) {
        return slot < in.size() ? in.get(slot) : null;
    }

    private String where() {
        return spec.op() + " \"" + name + "\"";
    }

    @Override
    public String toString() {
        return spec.op() + "[" + name + ", " + spec.direction() + ", hidden_size=" + spec.hidden() + "]";
    }
}
