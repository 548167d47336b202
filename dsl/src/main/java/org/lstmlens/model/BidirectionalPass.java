package org.lstmlens.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.lstmlens.model.BidirectionalLayer.Merge;

/**
 * One traced call of a {@link BidirectionalLayer}: both directions' {@link RecurrentPass}es and the outputs Keras
 * gives (the merged sequence, or both for merge_mode=None; then with return_state the forward layer's states and the
 * backward layer's). Backward: the gradient of the merged output is split by the merge mode (concat: the two halves;
 * sum: both; ave: halves; mul: each times the other direction's output), the backward direction's flipped back to
 * its processing order, and the two directions' input gradients added. Immutable.
 */
public final class BidirectionalPass implements CallPass {
    private final BidirectionalLayer layer;
    private final RecurrentPass forward;
    private final RecurrentPass backward;
    private final Tensor x;
    private final boolean sequences;
    private final Tensor yf;
    private final Tensor yb; // input time order
    private final List<Tensor> outputs;

    BidirectionalPass(BidirectionalLayer layer, RecurrentPass forward, RecurrentPass backward, Tensor x) {
        this.layer = layer;
        this.forward = forward;
        this.backward = backward;
        this.x = x;
        this.sequences = layer.forwardLayer().rnn().returnSequences();
        this.yf = forward.outputs().get(0);
        this.yb = sequences ? Tensors.flipTime(backward.outputs().get(0)) : backward.outputs().get(0);
        List<Tensor> out = new ArrayList<>();
        if (layer.merge() == Merge.NONE) {
            out.add(yf);
            out.add(yb);
        } else {
            out.add(layer.merged(yf, yb));
        }
        out.addAll(forward.outputs().subList(1, forward.outputs().size()));
        out.addAll(backward.outputs().subList(1, backward.outputs().size()));
        this.outputs = List.copyOf(out);
    }

    /** The forward direction's pass. */
    public RecurrentPass forward() {
        return forward;
    }

    /** The backward (go_backwards) direction's pass. */
    public RecurrentPass backward() {
        return backward;
    }

    @Override
    public List<Tensor> outputs() {
        return outputs;
    }

    @Override
    public List<Tensor> backward(List<Tensor> dOutputs) {
        if (dOutputs.size() != outputs.size()) {
            throw new org.lstmlens.error.ShapeException("Bidirectional \"" + layer.name() + "\" has "
                    + outputs.size() + " outputs, got " + dOutputs.size() + " gradients");
        }
        int sequencesOut = layer.merge() == Merge.NONE ? 2 : 1;
        Tensor[] split = layer.merge() == Merge.NONE ? new Tensor[] {dOutputs.get(0), dOutputs.get(1)}
                : split(dOutputs.get(0));
        int fStates = forward.outputs().size() - 1;
        List<Tensor> df = new ArrayList<>();
        df.add(split[0]);
        df.addAll(dOutputs.subList(sequencesOut, sequencesOut + fStates));
        List<Tensor> db = new ArrayList<>();
        Tensor dyb = split[1];
        if (dyb != null) {
            Tensors.requireSameShape(dyb, yb, "gradient of the backward output of \"" + layer.name() + "\"");
            // back to the backward layer's processing order
            dyb = (sequences ? Tensors.flipTime(dyb) : dyb).withMask(backward.outputs().get(0).maskData());
        }
        db.add(dyb);
        db.addAll(dOutputs.subList(sequencesOut + fStates, dOutputs.size()));
        double[] sum = forward.backward(df).get(0).data().clone();
        double[] other = backward.backward(db).get(0).data();
        for (int i = 0; i < sum.length; i++) {
            sum[i] += other[i];
        }
        return List.of(Tensor.wrap(x.shape(), sum, x.maskData()));
    }

    /** The merged output's gradient as the two directions' (input time order), or nulls. */
    private Tensor[] split(Tensor dy) {
        if (dy == null) {
            return new Tensor[2];
        }
        Tensors.requireSameShape(dy, outputs.get(0), "gradient of the output of \"" + layer.name() + "\"");
        double[] d = dy.data();
        double[] df = new double[yf.data().length];
        double[] db = new double[yb.data().length];
        int uf = yf.lastDim();
        int ub = yb.lastDim();
        for (int r = 0; r < df.length / uf; r++) {
            for (int k = 0; k < uf; k++) {
                int i = r * uf + k;
                switch (layer.merge()) {
                    case CONCAT: df[i] = d[r * (uf + ub) + k]; break;
                    case SUM: df[i] = d[i]; db[i] = d[i]; break;
                    case AVE: df[i] = d[i] / 2; db[i] = d[i] / 2; break;
                    default: df[i] = d[i] * yb.data()[i]; db[i] = d[i] * yf.data()[i]; break;
                }
            }
            if (layer.merge() == Merge.CONCAT) {
                System.arraycopy(d, r * (uf + ub) + uf, db, r * ub, ub);
            }
        }
        return new Tensor[] {Tensor.wrap(yf.shape(), df, yf.maskData()), Tensor.wrap(yb.shape(), db, null)};
    }

    @Override
    public String toString() {
        return "BidirectionalPass[" + layer.name() + ", " + outputs.size() + " outputs, " + Arrays.toString(
                x.shape()) + "]";
    }
}
