package org.lstmlens.model;

import org.lstmlens.error.ShapeException;

/**
 * The one reading of a Java array as input, for predict, run, influence and memory alike. Something that takes
 * sequences, {@code (steps, features)} per sample (a recurrent layer, most models), reads {@code double[steps][features]}
 * as one sequence and {@code double[batch][steps][features]} as a batch; something that takes vectors,
 * {@code (features)} per sample (a model that starts with Dense), reads {@code double[batch][features]} as a batch of
 * vectors. Every other array is refused with one message, naming the array given and what is expected:
 * <pre>
 * predict: got double[12][2]; model "lag5" takes one sequence double[steps][features] or a batch
 * double[batch][steps][features], with (steps, features) = (None, 1)
 * </pre>
 * Other lengths than a declared number of steps are taken, as Keras takes them. Immutable.
 */
public final class InputConvention {
    private final String owner;   // e.g. model "lag5", layer "lstm"
    private final boolean sequences;
    private final int steps;      // Shape.UNKNOWN when any
    private final int features;   // Shape.UNKNOWN when any

    private InputConvention(String owner, boolean sequences, int steps, int features) {
        this.owner = owner;
        this.sequences = sequences;
        this.steps = steps;
        this.features = features;
    }

    /** Sequences of {@code features} values per timestep (a recurrent layer; influence's explained input). */
    public static InputConvention sequences(String owner, int features) {
        return new InputConvention(owner, true, Shape.UNKNOWN, features);
    }

    /** Input {@code index} of {@code model}: vectors when its samples are rank 1, else sequences. */
    public static InputConvention of(Model model, int index) {
        if (index >= model.inputs().size()) { // weights only, or more batches than inputs: the model says which
            return new InputConvention("model \"" + model.name() + "\"", true, Shape.UNKNOWN, Shape.UNKNOWN);
        }
        String owner = "model \"" + model.name() + "\"" + (model.inputs().size() > 1 ? " (input \""
                + model.inputNames().get(index) + "\")" : "");
        Shape s = model.inputShape(index);
        if (s != null && s.rank() == 1) {
            return new InputConvention(owner, false, Shape.UNKNOWN, s.dim(0));
        }
        if (s != null && s.rank() == 2) {
            return new InputConvention(owner, true, s.dim(0), s.dim(1));
        }
        return new InputConvention(owner, true, Shape.UNKNOWN, Shape.UNKNOWN);
    }

    /** Whether samples are sequences (else vectors). */
    public boolean takesSequences() {
        return sequences;
    }

    /**
     * {@code x} as the tensor it means: one sequence as a batch of one, or a batch of vectors.
     *
     * @throws ShapeException with the one message when it fits neither
     */
    public Tensor tensor(double[][] x, String call) {
        if (!sequences) {
            requireRows(x, x, call);
            return Tensor.of(x);
        }
        return Tensor.of(sequences(x, call));
    }

    /**
     * {@code x} as a batch of sequences.
     *
     * @throws ShapeException with the one message when it fits neither (always, for something that takes vectors)
     */
    public Tensor tensor(double[][][] x, String call) {
        return Tensor.of(sequences(x, call));
    }

    /**
     * One sequence {@code x[timestep][feature]} as a batch of one.
     *
     * @throws ShapeException with the one message when it is not a sequence of this length of vectors
     */
    public double[][][] sequences(double[][] x, String call) {
        if (!sequences) {
            throw doesNotFit(x, call);
        }
        requireRows(x, x, call);
        return new double[][][] {x};
    }

    /**
     * A batch {@code x[sample][timestep][feature]} of equally long sequences.
     *
     * @throws ShapeException with the one message when it is not
     */
    public double[][][] sequences(double[][][] x, String call) {
        if (!sequences || x == null || x.length == 0) {
            throw doesNotFit(x, call);
        }
        int length = -1;
        for (double[][] sample : x) {
            requireRows(sample, x, call);
            if (length >= 0 && sample.length != length) {
                throw doesNotFit(x, call);
            }
            length = sample.length;
        }
        return x;
    }

    /** Rows all of {@code features} values (or all equally long when any width is taken). */
    private void requireRows(double[][] rows, Object given, String call) {
        if (rows == null || rows.length == 0) {
            throw doesNotFit(given, call);
        }
        int width = features;
        for (double[] row : rows) {
            if (row == null || (width >= 0 && row.length != width)) {
                throw doesNotFit(given, call);
            }
            width = row.length;
        }
    }

    private ShapeException doesNotFit(Object given, String call) {
        return new ShapeException(call + ": got " + describe(given) + "; " + owner + " takes " + expected());
    }

    /** What is taken, e.g. {@code one sequence double[steps][features] or a batch ..., with (steps, features) = (None, 1)}. */
    public String expected() {
        if (!sequences) {
            return features < 0 ? "a batch of token ids double[batch][steps] (or int[batch][steps] through "
                    + "predictTokens)" : "a batch of vectors double[batch][features], with features = " + features;
        }
        return "one sequence double[steps][features] or a batch double[batch][steps][features], with (steps, "
                + "features) = (" + size(steps) + ", " + size(features) + ")";
    }

    private static String size(int n) {
        return n < 0 ? "None" : Integer.toString(n);
    }

    /** {@code double[3][12][1]}, with the first row that breaks the pattern, or {@code null}. */
    static String describe(Object x) {
        if (x == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder("double");
        Object level = x;
        String odd = "";
        String path = "x";
        while (level instanceof Object[] || level instanceof double[]) {
            int n = level instanceof double[] ? ((double[]) level).length : ((Object[]) level).length;
            sb.append('[').append(n).append(']');
            if (!(level instanceof Object[]) || n == 0) {
                break;
            }
            Object[] rows = (Object[]) level;
            for (int i = 1; i < rows.length && odd.isEmpty(); i++) {
                if (length(rows[i]) != length(rows[0])) {
                    odd = " (" + path + "[" + i + "] has " + (rows[i] == null ? "no values (null)" : length(rows[i])
                            + " values") + ", " + path + "[0] " + length(rows[0]) + ")";
                }
            }
            level = rows[0];
            if (level == null) {
                sb.append("[]");
                odd = " (" + path + "[0] is null)";
                break;
            }
            path += "[0]";
        }
        return sb + odd;
    }

    private static int length(Object row) {
        return row instanceof double[] ? ((double[]) row).length : row instanceof Object[] ? ((Object[]) row).length
                : -1;
    }

    @Override
    public String toString() {
        return "InputConvention[" + owner + " takes " + expected() + "]";
    }
}
