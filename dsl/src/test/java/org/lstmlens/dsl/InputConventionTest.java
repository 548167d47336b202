package org.lstmlens.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.lstmlens.core.Activation;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.error.ShapeException;
import org.lstmlens.influence.Influence;
import org.lstmlens.model.Model;
import org.lstmlens.testing.Built;
import org.lstmlens.testing.RandomLstm;

/**
 * One reading of arrays for predict, run, influence and memory: {@code double[steps][features]} is one sequence and
 * {@code double[batch][steps][features]} a batch, for every entry point; a model of vectors reads
 * {@code double[batch][features]} as a batch of vectors; every other shape gets the one message. What is compared
 * comes from outside each entry point: one sequence against the batch that holds it, a Dense model against x.W + b
 * written out here.
 */
class InputConventionTest {
    private static final double EXACT = 0;
    private static final String SEQUENCES = "one sequence double[steps][features] or a batch double[batch][steps]"
            + "[features], with (steps, features) = (None, 2)";

    private final Random rnd = new Random(21);
    private final LstmLayer core = RandomLstm.layer(rnd, 2, 3, 0.9, Activation.TANH, Activation.SIGMOID, false, false);
    private final Model model = Built.withHead(core, RandomLstm.matrix(rnd, 3, 1, 1), RandomLstm.vector(rnd, 1, 0.5),
            Activation.LINEAR);
    private final ModelView view = new ModelView(model, null);
    private final LayerView layer = LayerView.of(core);
    private final double[][] sequence = RandomLstm.matrix(rnd, 7, 2, 1);

    @Test
    void oneSequenceIsTheBatchThatHoldsItAtEveryEntryPoint() {
        double[][][] batch = {sequence};
        assertThat(view.predict(sequence).values()[0]).containsExactly(view.predict(batch).values()[0], within(EXACT));
        assertThat(view.influence(sequence).gradient().attributions().toArray())
                .isDeepEqualTo(view.influence(batch).gradient().attributions().toArray());
        assertThat(layer.run(sequence).h()).isEqualTo(layer.run(batch).h());
        assertThat(layer.influence(sequence).gradient().attributions().toArray())
                .isDeepEqualTo(layer.influence(batch).gradient().attributions().toArray());
        assertThat(Influence.of(model).on(sequence).gradient().attributions().toArray())
                .isDeepEqualTo(Influence.of(model).on(batch).gradient().attributions().toArray());
    }

    @Test
    void aShapeThatFitsNeitherGetsTheSameMessageEverywhere() {
        double[][] threeFeatures = new double[7][3];
        double[][][] ragged = {sequence, new double[5][2]};
        String model = "model \"random + Dense\" takes " + SEQUENCES;
        String layerOwner = "layer \"random\" takes " + SEQUENCES;
        assertMessage(() -> view.predict(threeFeatures), "predict: got double[7][3]; " + model);
        assertMessage(() -> view.influence(threeFeatures), "influence: got double[7][3]; " + model);
        assertMessage(() -> Influence.of(model()).on(threeFeatures), "influence: got double[7][3]; " + model);
        assertMessage(() -> layer.run(threeFeatures), "run: got double[7][3]; " + layerOwner);
        assertMessage(() -> layer.influence(threeFeatures), "influence: got double[7][3]; " + layerOwner);
        assertMessage(() -> layer.memory(threeFeatures), "memory: got double[7][3]; " + layerOwner);
        String raggedText = "got double[2][7][2] (x[1] has 5 values, x[0] 7); ";
        assertMessage(() -> view.predict(ragged), "predict: " + raggedText + model);
        assertMessage(() -> view.influence(ragged), "influence: " + raggedText + model);
        assertMessage(() -> layer.run(ragged), "run: " + raggedText + layerOwner);
        assertMessage(() -> layer.memory(ragged), "memory: " + raggedText + layerOwner);
    }

    private Model model() {
        return model;
    }

    private static void assertMessage(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(ShapeException.class).hasMessage(message);
    }

    @Test
    void aModelOfVectorsReadsDoubleTwoDimensionalAsABatchOfVectors() {
        double[][] kernel = {{0.5, -1}, {2, 0.25}, {-0.75, 1.5}};
        double[] bias = {0.1, -0.2};
        ModelView dense = new ModelView(Model.sequential("dense only", Built.dense(kernel, bias, Activation.LINEAR)),
                null);
        double[][] x = {{1, 2, 3}, {-1, 0.5, 4}};
        double[][] y = dense.predict(x).values();
        for (int b = 0; b < 2; b++) {
            for (int j = 0; j < 2; j++) {
                double expected = bias[j];
                for (int i = 0; i < 3; i++) {
                    expected += x[b][i] * kernel[i][j];
                }
                assertThat(y[b][j]).isCloseTo(expected, within(1e-15));
            }
        }
        assertMessage(() -> dense.predict(new double[][][] {x}), "predict: got double[1][2][3]; model \"dense only\""
                + " takes a batch of vectors double[batch][features], with features = 3");
        assertMessage(() -> dense.predict(new double[][] {{1, 2}}), "predict: got double[1][2]; model \"dense only\""
                + " takes a batch of vectors double[batch][features], with features = 3");
    }
}
