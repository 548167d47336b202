package org.lstmlens.model;

import org.lstmlens.error.ShapeException;

/** Keras {@code InputLayer}: names an input and checks its rank and last axis; passes it on unchanged. */
public final class InputLayer extends SingleLayer implements DifferentiableLayer {
    private final Shape shape;

    /** @param shape one sample's shape as the config declares it (batch axis left out) */
    public InputLayer(String name, Shape shape) {
        super(name);
        this.shape = shape;
    }

    @Override
    public String type() {
        return "InputLayer";
    }

    public Shape shape() {
        return shape;
    }

    @Override
    Shape outputShape(Shape input) {
        return shape;
    }

    @Override
    Tensor forward(Tensor x) {
        if (shape.size() == Shape.UNKNOWN && shape.dims().length == 2 && shape.dim(0) < 0 && shape.dim(1) < 0) {
            return x; // the config declared no shape
        }
        if (x.rank() != shape.rank() + 1) {
            throw new ShapeException("input \"" + name() + "\" expects samples x " + shape.toString().replace("(None, ", "(")
                    + " (rank " + (shape.rank() + 1) + " with the batch), got rank " + x.rank());
        }
        // like Keras, other sequence lengths than declared are run (Keras only warns); the features must fit
        int last = shape.rank() - 1;
        if (last >= 1 && shape.dim(last) >= 0 && x.dim(last + 1) != shape.dim(last)) {
            throw new ShapeException("input \"" + name() + "\" expects shape " + shape + ": " + shape.dim(last)
                    + " values on the last axis, got " + x.dim(last + 1));
        }
        return x;
    }

    @Override
    public LayerPass trace(Tensor x) {
        return LayerPass.of(forward(x), dy -> dy);
    }
}
