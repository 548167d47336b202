package org.lstmlens.influence;

import org.lstmlens.error.LstmException;
import org.lstmlens.model.ActivationFunction;

/**
 * What an influence question explains when it was not told, and what it refuses to explain. The sum of a softmax's
 * outputs is 1 whatever the input, so its attributions are noise that looks like an answer: a softmax or sigmoid
 * output is explained by each sample's predicted class (for one sigmoid unit, that unit, its probability); any other
 * output by the sum of its units.
 */
final class DefaultTarget {
    private DefaultTarget() {
    }

    /** The default target of {@code graph}'s explained output, {@code width} units wide. */
    static Target of(ModelGraph graph, int width) {
        ActivationFunction act = graph.outputActivation();
        if (act != null && act.isSigmoid() && width == 1) {
            return Target.unit(0);
        }
        return probabilities(act) ? Target.predicted() : Target.sum();
    }

    /** What the default target is, without running the model (for toString). */
    static String describe(ModelGraph graph) {
        return probabilities(graph.outputActivation()) ? "predicted class at the last step" : Target.sum().describe();
    }

    /**
     * A softmax over one unit is 1 whatever the input: nothing at it can be explained.
     *
     * @throws LstmException for such an output, saying where to look instead
     */
    static void refuseConstant(ModelGraph graph, Target t, int width) {
        ActivationFunction act = graph.outputActivation();
        if (act != null && act.isSoftmax() && width == 1) {
            throw new LstmException("target " + t.describe() + " of \"" + graph.name() + "\": its output is a softmax"
                    + " over one unit, which is 1 for every input; there is no influence to explain (explain a layer "
                    + "below it: model.layer(name).influence(x))");
        }
    }

    /** Each sample's predicted class at {@code step}: the unit its output ranks first. */
    static int[] predictedClasses(ModelGraph graph, double[][][] x, Inputs inputs, int step) {
        int[] all = java.util.stream.IntStream.range(0, x.length).toArray();
        double[][] y = Objective.at(graph.forward(inputs.explained(x, all), inputs.others(all)), step);
        int[] classes = new int[y.length];
        for (int b = 0; b < y.length; b++) {
            for (int k = 1; k < y[b].length; k++) {
                if (y[b][k] > y[b][classes[b]]) {
                    classes[b] = k;
                }
            }
        }
        return classes;
    }

    private static boolean probabilities(ActivationFunction act) {
        return act != null && (act.isSoftmax() || act.isSigmoid());
    }
}
