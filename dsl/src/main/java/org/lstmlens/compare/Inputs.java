package org.lstmlens.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.lstmlens.error.ShapeException;
import org.lstmlens.model.BidirectionalLayer;
import org.lstmlens.model.Layer;
import org.lstmlens.model.RecurrentDirections;
import org.lstmlens.model.RecurrentLayer;
import org.lstmlens.model.Tensor;

/**
 * The input each matched pair of layers runs on, the same for both files: the first pair on the given (or a seeded
 * random) input; every later pair on what the first file's previous recurrent layer returned, when that is a sequence
 * of the width it reads. Otherwise (a layer that returns only its last step, something between that changes the
 * width) the pair gets its own seeded random input, and says so. Either way both layers of a pair see one input, so a
 * difference found in a pair is that pair's own.
 */
final class Inputs {
    /** What one pair ran on. */
    record LayerInput(double[][][] x, String text) {
    }

    /** The spec of the first input: given values, or random ones of {@code steps} steps from {@code seed}. */
    record Spec(double[][][] given, int steps, long seed) {
        String text(double[][][] x) {
            String shape = x.length + " x " + x[0].length + " x " + x[0][0].length + " (samples x steps x features)";
            return given != null ? "the given input, " + shape : "random, " + shape + ", uniform in [-1, 1) from "
                    + "java.util.Random(" + seed + ")";
        }
    }

    private Inputs() {
    }

    static List<LayerInput> chain(List<LayerPair> pairs, Spec spec) {
        List<LayerInput> out = new ArrayList<>();
        int features = Side.directions(pairs.get(0).a()).get(0).inputDim();
        double[][][] x = spec.given() != null ? checked(spec.given(), features, pairs.get(0))
                : random(1, spec.steps(), features, spec.seed());
        out.add(new LayerInput(x, spec.text(x)));
        for (int k = 1; k < pairs.size(); k++) {
            Layer before = pairs.get(k - 1).a();
            int width = Side.directions(pairs.get(k).a()).get(0).inputDim();
            double[][][] next = sequence(before, x);
            if (next != null && next[0][0].length == width) {
                x = next;
                out.add(new LayerInput(x, "what a's " + before.name() + " returned (the same for both)"));
            } else {
                long seed = spec.seed() + k;
                x = random(x.length, x[0].length, width, seed);
                out.add(new LayerInput(x, "its own random input (a's " + before.name() + " returns "
                        + (next == null ? "no sequence" : "sequences of " + next[0][0].length + " features") + ", "
                        + "this layer reads " + width + "), uniform in [-1, 1) from java.util.Random(" + seed + ")"));
            }
        }
        return out;
    }

    /** The layer's output sequence on x (samples x steps x features), or null when it returns no sequence. */
    private static double[][][] sequence(Layer layer, double[][][] x) {
        if (layer instanceof BidirectionalLayer && ((BidirectionalLayer) layer).merge() == BidirectionalLayer.Merge.NONE) {
            return null;
        }
        if (layer instanceof RecurrentDirections) {
            return sideBySide(((RecurrentDirections) layer).directions(), x);
        }
        Tensor y = layer.forward(List.of(Tensor.of(x))).get(0);
        return y.rank() == 3 ? y.toArray3() : null;
    }

    /**
     * Another framework's node of one or two directions (it has its own input layout, so its directions are run
     * instead): each direction's sequence in input time order, side by side, as the next layer of such a graph reads
     * them (ONNX's Y squeezed, or its two directions concatenated).
     */
    private static double[][][] sideBySide(List<RecurrentLayer> directions, double[][][] x) {
        List<double[][][]> outs = new ArrayList<>();
        for (RecurrentLayer d : directions) {
            if (!d.rnn().returnSequences()) {
                return null;
            }
            double[][][] y = d.forward(List.of(Tensor.of(x))).get(0).toArray3();
            if (d.rnn().goBackwards()) {
                for (double[][] sample : y) {
                    java.util.Collections.reverse(java.util.Arrays.asList(sample));
                }
            }
            outs.add(y);
        }
        int width = outs.stream().mapToInt(y -> y[0][0].length).sum();
        double[][][] out = new double[x.length][x[0].length][width];
        int at = 0;
        for (double[][][] y : outs) {
            for (int b = 0; b < x.length; b++) {
                for (int t = 0; t < x[0].length; t++) {
                    System.arraycopy(y[b][t], 0, out[b][t], at, y[b][t].length);
                }
            }
            at += y[0][0].length;
        }
        return out;
    }

    private static double[][][] checked(double[][][] x, int features, LayerPair first) {
        if (x.length == 0 || x[0].length == 0) {
            throw new ShapeException("compare input: expected samples x steps x " + features + " features, got "
                    + (x.length == 0 ? "no samples" : "no steps"));
        }
        for (int b = 0; b < x.length; b++) {
            if (x[b].length != x[0].length) {
                throw new ShapeException("compare input: sample " + b + " has " + x[b].length + " steps, sample 0 has "
                        + x[0].length);
            }
            for (int t = 0; t < x[b].length; t++) {
                if (x[b][t].length != features) {
                    throw new ShapeException("compare input: sample " + b + ", step " + t + " has " + x[b][t].length
                            + " features, but the first recurrent layers (a's " + first.a().name() + ", b's "
                            + first.b().name() + ") read " + features);
                }
            }
        }
        return x;
    }

    static double[][][] random(int batch, int steps, int features, long seed) {
        Random r = new Random(seed);
        double[][][] x = new double[batch][steps][features];
        for (double[][] sample : x) {
            for (double[] step : sample) {
                for (int j = 0; j < features; j++) {
                    step[j] = 2 * r.nextDouble() - 1;
                }
            }
        }
        return x;
    }
}
