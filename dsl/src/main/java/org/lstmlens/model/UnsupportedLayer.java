package org.lstmlens.model;

import java.util.List;
import org.lstmlens.error.LstmException;

/**
 * A layer the model lists (with its stored parameters) but LSTM Lens does not compute, e.g. {@code ConvLSTM2D}. Running
 * through it fails with a message naming it; everything else about the model still works.
 */
public final class UnsupportedLayer implements Layer {
    private final String name;
    private final String type;
    private final long params;
    private final String reason;

    public UnsupportedLayer(String name, String type, long params, String reason) {
        this.name = name;
        this.type = type;
        this.params = params;
        this.reason = reason;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public long params() {
        return params;
    }

    /** Why it is not computed. */
    public String reason() {
        return reason;
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        return List.of(Shape.of(Shape.UNKNOWN));
    }

    @Override
    public List<Tensor> forward(List<Tensor> inputs) {
        throw new LstmException("layer \"" + name + "\" (" + type + ") cannot be run: " + reason);
    }

    @Override
    public String toString() {
        return type + "[" + name + ", not computed]";
    }
}
