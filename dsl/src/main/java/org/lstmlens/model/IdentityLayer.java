package org.lstmlens.model;

/**
 * A layer that changes nothing at inference: {@code Dropout}, {@code SpatialDropout1D}, {@code GaussianNoise},
 * {@code GaussianDropout}, {@code AlphaDropout}, {@code ActivityRegularization}. Keeps its Keras class name.
 */
public final class IdentityLayer extends SingleLayer implements DifferentiableLayer {
    private final String type;

    public IdentityLayer(String name, String type) {
        super(name);
        this.type = type;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    Shape outputShape(Shape input) {
        return input;
    }

    @Override
    Tensor forward(Tensor x) {
        return x;
    }

    @Override
    public LayerPass trace(Tensor x) {
        return LayerPass.of(x, dy -> dy);
    }
}
