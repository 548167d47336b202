package org.lstmlens.model;

/** Keras {@code Flatten}: everything after the batch axis in one row; the mask stops here. */
public final class FlattenLayer extends SingleLayer implements DifferentiableLayer {
    public FlattenLayer(String name) {
        super(name);
    }

    @Override
    public String type() {
        return "Flatten";
    }

    @Override
    Shape outputShape(Shape input) {
        return Shape.of(input.size());
    }

    @Override
    Tensor forward(Tensor x) {
        return Tensor.wrap(new int[] {x.batch(), x.data().length / x.batch()}, x.data(), null);
    }

    @Override
    public LayerPass trace(Tensor x) {
        return LayerPass.of(forward(x), dy -> Tensor.wrap(x.shape(), dy.data().clone(), x.maskData()));
    }
}
