package org.lstmlens.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.lstmlens.error.NameException;
import org.lstmlens.error.ShapeException;

/** Keras's element-wise merges of equally shaped inputs: {@code Add, Subtract, Multiply, Average, Maximum, Minimum}. */
public final class MergeLayer implements DifferentiableMerge {
    /** The element-wise operation. */
    public enum Op { ADD, SUBTRACT, MULTIPLY, AVERAGE, MAXIMUM, MINIMUM }

    private final String name;
    private final Op op;

    public MergeLayer(String name, Op op) {
        this.name = name;
        this.op = op;
    }

    /** The operation of a Keras class name such as {@code Add}; null if it is not a merge. */
    public static Op opOf(String kerasClass) {
        try {
            return Op.valueOf(kerasClass.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        String s = op.name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    @Override
    public long params() {
        return 0;
    }

    @Override
    public List<Shape> outputShapes(List<Shape> inputs) {
        return List.of(inputs.get(0));
    }

    @Override
    public List<Tensor> forward(List<Tensor> inputs) {
        if (op == Op.SUBTRACT && inputs.size() != 2) {
            throw new NameException("Subtract \"" + name + "\" takes exactly 2 inputs, got " + inputs.size());
        }
        Tensor first = inputs.get(0);
        double[] out = first.data().clone();
        for (int k = 1; k < inputs.size(); k++) {
            Tensor t = inputs.get(k);
            if (!Arrays.equals(t.shape(), first.shape())) {
                throw new ShapeException(type() + " \"" + name + "\": input " + k + " has shape "
                        + Arrays.toString(t.shape()) + " but input 0 has " + Arrays.toString(first.shape()));
            }
            double[] d = t.data();
            for (int i = 0; i < out.length; i++) {
                switch (op) {
                    case ADD: case AVERAGE: out[i] += d[i]; break;
                    case SUBTRACT: out[i] -= d[i]; break;
                    case MULTIPLY: out[i] *= d[i]; break;
                    case MAXIMUM: out[i] = Math.max(out[i], d[i]); break;
                    default: out[i] = Math.min(out[i], d[i]); break;
                }
            }
        }
        if (op == Op.AVERAGE) {
            for (int i = 0; i < out.length; i++) {
                out[i] /= inputs.size();
            }
        }
        return List.of(Tensor.wrap(first.shape(), out, Masks.and(inputs)));
    }

    /**
     * Add and Average send the gradient (divided by the count) to every input, Subtract its negative to the second,
     * Multiply times the product of the other inputs, Maximum and Minimum to the input that was chosen (the first on
     * a tie).
     */
    @Override
    public MergePass trace(List<Tensor> inputs) {
        Tensor y = forward(inputs).get(0);
        return new MergePass() {
            @Override
            public Tensor output() {
                return y;
            }

            @Override
            public List<Tensor> backward(Tensor dOutput) {
                Tensors.requireSameShape(dOutput, y, "gradient of the output of " + type() + " \"" + name + "\"");
                double[] d = dOutput.data();
                int n = inputs.size();
                double[][] g = new double[n][d.length];
                for (int i = 0; i < d.length; i++) {
                    int chosen = -1;
                    for (int k = 0; k < n && (op == Op.MAXIMUM || op == Op.MINIMUM) && chosen < 0; k++) {
                        chosen = inputs.get(k).data()[i] == y.data()[i] ? k : -1;
                    }
                    for (int k = 0; k < n; k++) {
                        switch (op) {
                            case ADD: g[k][i] = d[i]; break;
                            case AVERAGE: g[k][i] = d[i] / n; break;
                            case SUBTRACT: g[k][i] = k == 0 ? d[i] : -d[i]; break;
                            case MULTIPLY:
                                double others = 1;
                                for (int j = 0; j < n; j++) {
                                    others *= j == k ? 1 : inputs.get(j).data()[i];
                                }
                                g[k][i] = d[i] * others;
                                break;
                            default: g[k][i] = k == chosen ? d[i] : 0; break;
                        }
                    }
                }
                List<Tensor> out = new java.util.ArrayList<>();
                for (int k = 0; k < n; k++) {
                    out.add(Tensor.wrap(inputs.get(k).shape(), g[k], inputs.get(k).maskData()));
                }
                return out;
            }
        };
    }

    @Override
    public String toString() {
        return type() + "[" + name + "]";
    }
}
