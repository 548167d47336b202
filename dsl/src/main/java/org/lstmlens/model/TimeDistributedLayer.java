package org.lstmlens.model;

import java.util.List;
import org.lstmlens.error.ShapeException;

/**
 * Keras {@code TimeDistributed(layer)}: the inner layer applied to every timestep on its own. The mask passes
 * through.
 */
public final class TimeDistributedLayer extends SingleLayer implements DifferentiableLayer {
    private final Layer inner;

    public TimeDistributedLayer(String name, Layer inner) {
        super(name);
        this.inner = inner;
    }

    @Override
    public String type() {
        return "TimeDistributed";
    }

    public Layer inner() {
        return inner;
    }

    @Override
    public long params() {
        return inner.params();
    }

    @Override
    Shape outputShape(Shape input) {
        int[] d = input.dims();
        Shape step = Shape.of(java.util.Arrays.copyOfRange(d, 1, d.length));
        int[] o = inner.outputShapes(List.of(step)).get(0).dims();
        int[] r = new int[o.length + 1];
        r[0] = d[0];
        System.arraycopy(o, 0, r, 1, o.length);
        return Shape.of(r);
    }

    @Override
    Tensor forward(Tensor x) {
        Tensor y = inner.forward(List.of(flatten(x))).get(0);
        return unflatten(y, x);
    }

    /**
     * The inner layer's pass on every timestep at once.
     *
     * @throws org.lstmlens.error.LstmException if the inner layer has no backward pass
     */
    @Override
    public LayerPass trace(Tensor x) {
        if (!(inner instanceof DifferentiableLayer)) {
            throw new org.lstmlens.error.LstmException("TimeDistributed \"" + name() + "\": its inner layer \""
                    + inner.name() + "\" (" + inner.type() + ") has no backward pass; gradients go through Dense, "
                    + "Activation, Dropout and the like");
        }
        LayerPass in = ((DifferentiableLayer) inner).trace(flatten(x));
        return LayerPass.of(unflatten(in.output(), x), dy -> {
            Tensor dFlat = in.backward(Tensor.wrap(in.output().shape(), dy.data(), null));
            return Tensor.wrap(x.shape(), dFlat.data(), x.maskData());
        });
    }

    private Tensor flatten(Tensor x) {
        if (x.rank() < 3) {
            throw new ShapeException("TimeDistributed \"" + name() + "\" expects samples x timesteps x ..., got rank "
                    + x.rank());
        }
        int[] s = x.shape();
        int[] flat = new int[s.length - 1];
        flat[0] = s[0] * s[1];
        System.arraycopy(s, 2, flat, 1, s.length - 2);
        return Tensor.wrap(flat, x.data(), null);
    }

    private static Tensor unflatten(Tensor y, Tensor x) {
        int[] ys = y.shape();
        int[] out = new int[ys.length + 1];
        out[0] = x.dim(0);
        out[1] = x.dim(1);
        System.arraycopy(ys, 1, out, 2, ys.length - 1);
        return Tensor.wrap(out, y.data(), x.maskData());
    }
}
