package org.lstmlens.model;

/**
 * Keras {@code Masking}: a timestep whose features all equal {@code mask_value} is padding. Its output is zero
 * there, and the mask {@code any(x != mask_value)} flows on.
 */
public final class MaskingLayer extends SingleLayer implements DifferentiableLayer {
    private final double maskValue;

    public MaskingLayer(String name, double maskValue) {
        super(name);
        this.maskValue = maskValue;
    }

    @Override
    public String type() {
        return "Masking";
    }

    public double maskValue() {
        return maskValue;
    }

    @Override
    Shape outputShape(Shape input) {
        return input;
    }

    @Override
    Tensor forward(Tensor x) {
        int batch = x.dim(0);
        int steps = x.dim(1);
        int f = x.lastDim();
        double[] in = x.data();
        double[] out = in.clone();
        boolean[][] mask = new boolean[batch][steps];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                int off = (b * steps + t) * f;
                boolean keep = false;
                for (int j = 0; j < f && !keep; j++) {
                    keep = in[off + j] != maskValue;
                }
                mask[b][t] = keep;
                if (!keep) {
                    java.util.Arrays.fill(out, off, off + f, 0.0);
                }
            }
        }
        return Tensor.wrap(x.shape(), out, mask);
    }

    /** Padding steps output a constant zero, so no gradient reaches them; elsewhere the layer is the identity. */
    @Override
    public LayerPass trace(Tensor x) {
        Tensor y = forward(x);
        return LayerPass.of(y, dy -> Tensors.zeroMasked(dy, y.maskData(), x.maskData()));
    }
}
