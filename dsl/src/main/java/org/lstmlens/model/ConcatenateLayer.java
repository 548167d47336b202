package org.lstmlens.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.lstmlens.error.ShapeException;

/** Keras {@code Concatenate(axis)}: joins its inputs along one axis (default the last). */
public final class ConcatenateLayer implements DifferentiableMerge {
    private final String name;
    private final int axis; // as configured: negative counts from the end, positive includes the batch axis

    public ConcatenateLayer(String name, int axis) {
        this.name = name;
        this.axis = axis;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return "Concatenate";
    }

    @Override
    public long params() {
        return 0;
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        int rank = inputs.get(0).rank() + 1;
        int a = resolve(rank) - 1;
        int[] d = inputs.get(0).dims();
        for (int i = 1; i < inputs.size(); i++) {
            int s = inputs.get(i).dim(a);
            d[a] = d[a] < 0 || s < 0 ? Shape.UNKNOWN : d[a] + s;
        }
        return List.of(Shape.of(d));
    }

    @Override
    public List<Tensor> forward(List<Tensor> inputs) {
        Tensor first = inputs.get(0);
        int rank = first.rank();
        int a = resolve(rank);
        int[] shape = first.shape();
        int outer = 1;
        for (int i = 0; i < a; i++) {
            outer *= shape[i];
        }
        List<Integer> blocks = new ArrayList<>();
        int total = 0;
        for (Tensor t : inputs) {
            int[] s = t.shape();
            for (int i = 0; i < rank; i++) {
                if (s.length != rank || (i != a && s[i] != shape[i])) {
                    throw new ShapeException("Concatenate \"" + name + "\": input shapes " + Arrays.toString(shape)
                            + " and " + Arrays.toString(s) + " differ off the joined axis " + a);
                }
            }
            int block = t.data().length / outer;
            blocks.add(block);
            total += block;
        }
        double[] out = new double[outer * total];
        int col = 0;
        for (int k = 0; k < inputs.size(); k++) {
            int block = blocks.get(k);
            double[] d = inputs.get(k).data();
            for (int o = 0; o < outer; o++) {
                System.arraycopy(d, o * block, out, o * total + col, block);
            }
            col += block;
        }
        int inner = total;
        for (int i = a + 1; i < rank; i++) {
            inner /= shape[i];
        }
        shape[a] = inner;
        return List.of(Tensor.wrap(shape, out, Masks.and(inputs)));
    }

    /** The gradient of the output cut back into each input's block of the joined axis. */
    @Override
    public MergePass trace(List<Tensor> inputs) {
        Tensor y = forward(inputs).get(0);
        int a = resolve(y.rank());
        int outer = 1;
        for (int i = 0; i < a; i++) {
            outer *= y.dim(i);
        }
        int rows = outer;
        int total = y.data().length / outer;
        return new MergePass() {
            @Override
            public Tensor output() {
                return y;
            }

            @Override
            public List<Tensor> backward(Tensor dOutput) {
                Tensors.requireSameShape(dOutput, y, "gradient of the output of Concatenate \"" + name + "\"");
                double[] d = dOutput.data();
                List<Tensor> out = new ArrayList<>();
                int col = 0;
                for (Tensor t : inputs) {
                    int block = t.data().length / rows;
                    double[] g = new double[t.data().length];
                    for (int o = 0; o < rows; o++) {
                        System.arraycopy(d, o * total + col, g, o * block, block);
                    }
                    col += block;
                    out.add(Tensor.wrap(t.shape(), g, t.maskData()));
                }
                return out;
            }
        };
    }

    private int resolve(int rank) {
        int a = axis < 0 ? rank + axis : axis;
        if (a < 1 || a >= rank) {
            throw new ShapeException("Concatenate \"" + name + "\": axis " + axis + " does not fit inputs of rank "
                    + rank + " (the batch axis 0 cannot be joined)");
        }
        return a;
    }

    @Override
    public String toString() {
        return "Concatenate[" + name + "]";
    }
}
