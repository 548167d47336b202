package org.lstmlens.model;

import java.util.List;
import org.lstmlens.error.ShapeException;

/** A layer with one input and one output; most Keras layers. */
abstract class SingleLayer implements Layer {
    private final String name;

    SingleLayer(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long params() {
        return 0;
    }

    @Override
    public final List<Shape> outputShapes(List<Shape> inputs) {
        return List.of(outputShape(only(inputs)));
    }

    @Override
    public final List<Tensor> forward(List<Tensor> inputs) {
        return List.of(forward(only(inputs)));
    }

    abstract Shape outputShape(Shape input);

    abstract Tensor forward(Tensor input);

    private <T> T only(List<T> inputs) {
        if (inputs.size() != 1) {
            throw new ShapeException("layer \"" + name + "\" (" + type() + ") takes one input, got " + inputs.size());
        }
        return inputs.get(0);
    }

    @Override
    public String toString() {
        return type() + "[" + name + "]";
    }
}
