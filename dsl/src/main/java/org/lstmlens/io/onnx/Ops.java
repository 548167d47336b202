package org.lstmlens.io.onnx;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.lstmlens.error.ModelFileException;
import org.lstmlens.io.onnx.proto.Onnx.AttributeProto;
import org.lstmlens.model.Tensor;

/**
 * The non-recurrent operators we run, each bound to its node's attributes as the model's opset defines them
 * (Squeeze, Unsqueeze and Slice take their axes as attributes before opsets 13 and 10, as inputs from then on; Softmax
 * flattens before opset 13).
 */
final class Ops {
    /** What {@link #of} runs, for messages. */
    static final Set<String> RUN = new TreeSet<>(List.of("Add", "Cast", "Concat", "ConstantOfShape", "Div", "Dropout",
            "Expand", "Flatten", "Gather", "Gemm", "Identity", "LeakyRelu", "MatMul", "Mul", "Relu", "Reshape",
            "Shape", "Sigmoid", "Slice", "Softmax", "Squeeze", "Sub", "Tanh", "Transpose", "Unsqueeze"));

    private Ops() {
    }

    /** The operator of a node, or null when we do not run it. */
    static Op of(String type, Attrs a, int opset, TensorReader tensors, String where) {
        switch (type) {
            case "Identity": case "Dropout": return in -> List.of(in.get(0));
            case "Relu": return in -> one(MathOps.map(in.get(0), v -> v > 0 ? v : 0));
            case "Sigmoid": return in -> one(MathOps.map(in.get(0), MathOps::sigmoid));
            case "Tanh": return in -> one(MathOps.map(in.get(0), Math::tanh));
            case "LeakyRelu": {
                double alpha = a.real("alpha", 0.01f);
                return in -> one(MathOps.map(in.get(0), v -> v >= 0 ? v : alpha * v));
            }
            case "Softmax": {
                boolean old = opset < 13;
                long axis = a.integer("axis", old ? 1 : -1);
                return in -> one(MathOps.softmax(in.get(0), axis, old, where));
            }
            case "Add": return in -> one(MathOps.elementwise(in.get(0), in.get(1), Double::sum, where));
            case "Sub": return in -> one(MathOps.elementwise(in.get(0), in.get(1), (x, y) -> x - y, where));
            case "Mul": return in -> one(MathOps.elementwise(in.get(0), in.get(1), (x, y) -> x * y, where));
            case "Div": return in -> one(MathOps.elementwise(in.get(0), in.get(1), (x, y) -> x / y, where));
            case "MatMul": return in -> one(MathOps.matmul(in.get(0), in.get(1), where));
            case "Gemm": {
                double alpha = a.real("alpha", 1f);
                double beta = a.real("beta", 1f);
                boolean ta = a.integer("transA", 0) != 0;
                boolean tb = a.integer("transB", 0) != 0;
                return in -> one(MathOps.gemm(in.get(0), in.get(1), in.size() > 2 ? in.get(2) : null, alpha, beta, ta,
                        tb, where));
            }
            default: return shapeOp(type, a, opset, tensors, where);
        }
    }

    private static Op shapeOp(String type, Attrs a, int opset, TensorReader tensors, String where) {
        switch (type) {
            case "Transpose": {
                long[] perm = a.integers("perm");
                return in -> one(ShapeOps.transpose(in.get(0), perm, where));
            }
            case "Reshape": {
                long[] attr = opset < 5 ? a.integers("shape") : null;
                boolean allowZero = a.integer("allowzero", 0) != 0;
                return in -> one(ShapeOps.reshape(in.get(0), attr != null ? attr : Nd.longs(in.get(1)), allowZero,
                        where));
            }
            case "Flatten": {
                long axis = a.integer("axis", 1);
                return in -> one(ShapeOps.flatten(in.get(0), axis, where));
            }
            case "Squeeze": {
                long[] attr = opset < 13 ? a.integers("axes") : null;
                return in -> one(ShapeOps.squeeze(in.get(0), opset < 13 ? attr : optional(in, 1), where));
            }
            case "Unsqueeze": {
                long[] attr = opset < 13 ? a.integers("axes") : null;
                return in -> one(ShapeOps.unsqueeze(in.get(0), opset < 13 ? attr : Nd.longs(in.get(1)), where));
            }
            case "Concat": {
                long axis = a.integer("axis", 0);
                return in -> one(ShapeOps.concat(in, axis, where));
            }
            case "Slice": {
                if (opset < 10) {
                    long[] starts = a.integers("starts");
                    long[] ends = a.integers("ends");
                    long[] axes = a.integers("axes");
                    return in -> one(ShapeOps.slice(in.get(0), starts, ends, axes, null, where));
                }
                return in -> one(ShapeOps.slice(in.get(0), Nd.longs(in.get(1)), Nd.longs(in.get(2)), optional(in, 3),
                        optional(in, 4), where));
            }
            case "Gather": {
                long axis = a.integer("axis", 0);
                return in -> one(ShapeOps.gather(in.get(0), in.get(1), axis, where));
            }
            case "Shape": {
                long start = a.integer("start", 0);
                long end = a.integer("end", Long.MAX_VALUE);
                return in -> one(ShapeOps.shape(in.get(0), start, end));
            }
            case "Expand": return in -> one(ShapeOps.expand(in.get(0), Nd.longs(in.get(1)), where));
            case "ConstantOfShape": {
                AttributeProto v = a.find("value");
                double value = v == null ? 0 : tensors.read(v.getT()).values()[0];
                return in -> one(ShapeOps.constantOfShape(Nd.longs(in.get(0)), value));
            }
            case "Cast": {
                DataType to = DataType.of((int) a.integer("to", 1), () -> where + ": Cast");
                return in -> one(ShapeOps.cast(in.get(0), to));
            }
            default: return null;
        }
    }

    /** A Constant node's value, from whichever of its attributes it has. */
    static Stored constant(Attrs a, TensorReader tensors, String where) {
        AttributeProto v = a.find("value");
        if (v != null) {
            return tensors.read(v.getT());
        }
        return Stored.of(listed(a, where));
    }

    private static Tensor listed(Attrs a, String where) {
        if (a.has("value_float")) {
            return Tensor.of(new int[0], new double[] {a.real("value_float", 0)});
        }
        if (a.has("value_int")) {
            return Tensor.of(new int[0], new double[] {a.integer("value_int", 0)});
        }
        if (a.has("value_floats")) {
            return Tensor.of(new int[] {a.reals("value_floats").size()},
                    a.reals("value_floats").stream().mapToDouble(Float::doubleValue).toArray());
        }
        if (a.has("value_ints")) {
            return Nd.vector(a.integers("value_ints"));
        }
        throw new ModelFileException(where + ": a Constant without a numeric value (value, value_float(s) or "
                + "value_int(s)); sparse and string constants are not read");
    }

    private static long[] optional(List<Tensor> in, int slot) {
        return in.size() > slot && in.get(slot) != null ? Nd.longs(in.get(slot)) : null;
    }

    private static List<Tensor> one(Tensor t) {
        return List.of(t);
    }
}
