package org.lstmlens.io.onnx;

import java.util.List;
import org.lstmlens.error.LstmException;
import org.lstmlens.model.Layer;
import org.lstmlens.model.Shape;
import org.lstmlens.model.Tensor;

/** One non-recurrent node of an ONNX graph as a layer of our model: its operator over its stored and computed inputs. */
final class OpNode implements Layer {
    private final String name;
    private final String type;
    private final Op op;
    private final Slots slots;
    private final long params;

    OpNode(String name, String type, Op op, Slots slots, long params) {
        this.name = name;
        this.type = type;
        this.op = op;
        this.slots = slots;
        this.params = params;
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

    /** Shapes are known when the graph runs (ONNX shapes need not have a batch axis first). */
    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        throw new LstmException("ONNX node \"" + name + "\" (" + type + "): shapes are known when the graph runs");
    }

    @Override
    public List<Tensor> forward(List<Tensor> inputs) {
        try {
            return op.apply(slots.fill(inputs));
        } catch (IndexOutOfBoundsException e) {
            throw new LstmException("ONNX node \"" + name + "\" (" + type + "): an input it needs is missing (" + e
                    .getMessage() + ")", e);
        }
    }

    @Override
    public String toString() {
        return type + "[" + name + "]";
    }
}
