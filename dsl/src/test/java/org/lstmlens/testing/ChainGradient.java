package org.lstmlens.testing;

import java.util.ArrayList;
import java.util.List;
import org.lstmlens.model.BidirectionalLayer;
import org.lstmlens.model.Call;
import org.lstmlens.model.DifferentiableLayer;
import org.lstmlens.model.Layer;
import org.lstmlens.model.LayerPass;
import org.lstmlens.model.Model;
import org.lstmlens.model.RecurrentLayer;
import org.lstmlens.model.Tensor;
import org.lstmlens.model.TensorRef;

/**
 * The gradient of one output value, summed over the batch, with respect to a chain model's input (a Sequential, or a
 * functional model whose calls each read the one before), through each layer's own backward pass
 * ({@link DifferentiableLayer#trace}): what the fixtures' {@code input_gradient} records (jax.grad or
 * tf.GradientTape of {@code sum_b output[b, t, k]}). A last layer with several outputs is differentiated through the
 * output asked for: a recurrent layer's output without its states (return_state leaves the output as it is), a
 * Bidirectional's forward direction for merge_mode=None's first output.
 */
public final class ChainGradient {
    private ChainGradient() {
    }

    /**
     * @param output which model output (null or 0 for a model with one)
     * @param timestep the step of a sequence output, or null for a vector output
     * @param index the unit
     */
    public static double[][][] of(Model model, double[][][] x, Integer output, Integer timestep, int index) {
        List<Call> calls = new ArrayList<>();
        for (Call c : model.calls()) {
            if (!c.inputs().isEmpty()) {
                calls.add(c);
            }
        }
        TensorRef read = model.inputs().get(0);
        TensorRef wanted = model.outputs().get(output == null ? 0 : output);
        Tensor t = Tensor.of(x);
        List<LayerPass> passes = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            Call c = calls.get(i);
            if (c.inputs().size() != 1 || !c.inputs().get(0).equals(read)) {
                throw new AssertionError("not a chain: layer \"" + c.layer().name() + "\" reads " + c.inputs()
                        + ", expected " + read);
            }
            boolean last = i == calls.size() - 1;
            int tensor = last ? wanted.tensor() : 0;
            LayerPass p = single(c.layer(), tensor).trace(t);
            passes.add(p);
            t = p.output();
            read = c.output(0);
        }
        double[] d = new double[t.values().length];
        int units = t.lastDim();
        int steps = t.rank() == 3 ? t.dim(1) : 1;
        for (int b = 0; b < t.batch(); b++) {
            int step = timestep == null ? 0 : timestep;
            d[(b * steps + step) * units + index] = 1;
        }
        Tensor g = wrap(t, d);
        for (int i = passes.size() - 1; i >= 0; i--) {
            g = passes.get(i).backward(g);
        }
        return g.toArray3();
    }

    private static Tensor wrap(Tensor like, double[] d) {
        if (like.rank() == 3) {
            double[][][] a = new double[like.dim(0)][like.dim(1)][like.dim(2)];
            for (int b = 0; b < a.length; b++) {
                for (int s = 0; s < a[b].length; s++) {
                    System.arraycopy(d, (b * a[b].length + s) * a[b][s].length, a[b][s], 0, a[b][s].length);
                }
            }
            return Tensor.of(a).withMask(like.hasMask() ? like.mask() : null);
        }
        double[][] a = new double[like.dim(0)][like.dim(1)];
        for (int b = 0; b < a.length; b++) {
            System.arraycopy(d, b * a[b].length, a[b], 0, a[b].length);
        }
        return Tensor.of(a);
    }

    /** The one-output layer that computes output {@code tensor} of {@code l}. */
    private static DifferentiableLayer single(Layer l, int tensor) {
        if (l instanceof RecurrentLayer r && r.returnState()) {
            if (tensor != 0) {
                throw new AssertionError("gradient of a state output of \"" + l.name() + "\" is not supported here");
            }
            return new RecurrentLayer(r.type(), r.rnn(), false, r.zeroOutputForMask(), r.params());
        }
        if (l instanceof BidirectionalLayer b && b.merge() == BidirectionalLayer.Merge.NONE) {
            if (tensor != 0 || b.forwardLayer().returnState()) {
                throw new AssertionError("only the forward output of \"" + l.name() + "\" is supported here");
            }
            return b.forwardLayer();
        }
        if (!(l instanceof DifferentiableLayer)) {
            throw new AssertionError("layer \"" + l.name() + "\" (" + l.type() + ") has no backward pass");
        }
        return (DifferentiableLayer) l;
    }
}
