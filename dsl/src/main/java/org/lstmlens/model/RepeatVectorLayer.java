package org.lstmlens.model;

import org.lstmlens.error.ShapeException;

/** Keras {@code RepeatVector(n)}: a vector per sample becomes a sequence of n copies. */
public final class RepeatVectorLayer extends SingleLayer implements DifferentiableLayer {
    private final int n;

    public RepeatVectorLayer(String name, int n) {
        super(name);
        this.n = n;
    }

    @Override
    public String type() {
        return "RepeatVector";
    }

    @Override
    Shape outputShape(Shape input) {
        return Shape.of(n, input.last());
    }

    @Override
    Tensor forward(Tensor x) {
        if (x.rank() != 2) {
            throw new ShapeException("RepeatVector \"" + name() + "\" expects samples x features, got rank " + x.rank());
        }
        int f = x.lastDim();
        double[] out = new double[x.batch() * n * f];
        for (int b = 0; b < x.batch(); b++) {
            for (int t = 0; t < n; t++) {
                System.arraycopy(x.data(), b * f, out, (b * n + t) * f, f);
            }
        }
        return Tensor.wrap(new int[] {x.batch(), n, f}, out, null);
    }

    /** Each copy's gradient flows back to the one vector: the sum over the n steps. */
    @Override
    public LayerPass trace(Tensor x) {
        return LayerPass.of(forward(x), dy -> {
            int f = x.lastDim();
            double[] d = dy.data();
            double[] g = new double[x.data().length];
            for (int b = 0; b < x.batch(); b++) {
                for (int t = 0; t < n; t++) {
                    for (int j = 0; j < f; j++) {
                        g[b * f + j] += d[(b * n + t) * f + j];
                    }
                }
            }
            return Tensor.wrap(x.shape(), g, x.maskData());
        });
    }
}
