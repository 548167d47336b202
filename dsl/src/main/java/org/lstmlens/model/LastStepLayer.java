package org.lstmlens.model;

import org.lstmlens.error.ShapeException;

/**
 * The last timestep of a sequence, {@code y[:, -1, :]}: how PyTorch code commonly feeds a recurrent module's
 * {@code output} to a head ({@code self.fc(out[:, -1])}). For a bidirectional module this is the forward direction's
 * last h beside the reverse direction's first step (it has read only the last input), unlike the final states
 * {@code h_n}. Masks are not consulted: PyTorch models run without them.
 */
public final class LastStepLayer extends SingleLayer implements DifferentiableLayer {
    public LastStepLayer(String name) {
        super(name);
    }

    @Override
    public String type() {
        return "LastStep";
    }

    @Override
    Shape outputShape(Shape input) {
        if (input.rank() != 2) {
            throw new ShapeException("LastStep \"" + name() + "\" takes timesteps x features, got " + input);
        }
        return Shape.of(input.last());
    }

    @Override
    Tensor forward(Tensor x) {
        check(x);
        int batch = x.dim(0);
        int steps = x.dim(1);
        int f = x.dim(2);
        double[] out = new double[batch * f];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(x.data(), (b * steps + steps - 1) * f, out, b * f, f);
        }
        return Tensor.wrap(new int[] {batch, f}, out, null);
    }

    @Override
    public LayerPass trace(Tensor x) {
        return LayerPass.of(forward(x), dy -> {
            int batch = x.dim(0);
            int steps = x.dim(1);
            int f = x.dim(2);
            double[] dx = new double[x.data().length];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(dy.data(), b * f, dx, (b * steps + steps - 1) * f, f);
            }
            return Tensor.wrap(x.shape(), dx, x.maskData());
        });
    }

    private void check(Tensor x) {
        if (x.rank() != 3 || x.dim(1) == 0) {
            throw new ShapeException("LastStep \"" + name() + "\" takes samples x timesteps x features with at least "
                    + "one timestep, got shape " + java.util.Arrays.toString(x.shape()));
        }
    }
}
