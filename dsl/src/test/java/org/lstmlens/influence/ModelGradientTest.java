package org.lstmlens.influence;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lstmlens.io.ModelLoader;
import org.lstmlens.model.Model;
import org.lstmlens.model.Tensor;
import org.lstmlens.testing.Fixtures;

/**
 * Gradients of whole loaded models (through Masking, Embedding vectors, stacked and Bidirectional LSTMs, Dense and
 * TimeDistributed(Dense) heads, softmax) against central finite differences of the model's own forward pass
 * ({@link Model#predict}, the pass the loader tests hold to Keras's predictions), on the models real Keras wrote in
 * ../shared/fixtures/keras3 and two real Keras 2 files of ../shared/fixtures/keras, at the inputs their
 * {@code expected.json} holds. Provenance: a mathematical identity (the derivative is the limit of the difference
 * quotient); the step h = 1e-5 leaves a truncation error near h^2 and a rounding error near 1e-16 / h, both far below
 * the tolerance.
 */
class ModelGradientTest {
    /** Relative error: max |gradient - difference quotient| over max |gradient|. */
    static final double RELATIVE = 1e-6;
    private static final double H = 1e-5;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"lstm_dense_forecast.keras", "lstm_one_feature.keras", "lstm_return_sequences.keras",
        "lstm_sigmoid_tanh_long.keras", "stacked_lstm.keras", "masking.keras", "bidirectional_concat.keras",
        "bidirectional_sum.keras", "go_backwards.keras", "no_bias_relu_hard_sigmoid.keras", "lstm_dense_forecast.h5",
        "bidirectional_concat.h5", "masking.h5",
        "functional_two_branches.keras", "functional_two_branches.h5"})
    void should_match_finite_differences_on_keras3_models(String file) throws IOException {
        Path path = Fixtures.keras3().resolve(file);
        Model model = ModelLoader.load(path);
        double[][][] x = cube(expected(path).get("input").getAsJsonArray());

        checkAgainstDifferences(model, x, Target.sum(), 1);
        checkAgainstDifferences(model, x, Target.unit(0), 1);
        if (model.predict(Tensor.of(x)).rank() == 3) {
            checkAgainstDifferences(model, x, Target.sum().atStep(x[0].length / 2), 1);
        }
    }

    /**
     * Real files of Keras 1.2 to 3 (fixtures/keras). Long inputs are compared at every {@code every}-th timestep back
     * from the last (always including it): 50 x 25 or 300 inputs one difference quotient at a time are slow.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"02_k1_dl4j_simple_lstm_theano.h5, 1", "03_k1_dl4j_bidirectional_lstm.h5, 1",
        "05_k2_ghack_lstm_dense.h5, 1", "06_k2_predmaint_stacked_lstm.h5, 7", "11_k2_dl4j_masking_lstm.h5, 1",
        "12_tfk_poreplex_bidir_rnn_lstmcell.h5, 37", "19_k3_agritech_lstm_relu.keras, 1"})
    void should_match_finite_differences_on_real_keras_files(String file, int every) throws IOException {
        Path path = Fixtures.keras().resolve(file);
        Model model = ModelLoader.load(path);
        double[][][] x = cube(expected(path).getAsJsonObject("model").get("input").getAsJsonArray());

        // not the sum: for a softmax head it is the constant 1
        int outputs = model.predict(Tensor.of(x)).lastDim();
        checkAgainstDifferences(model, x, Target.unit(0), every);
        checkAgainstDifferences(model, x, Target.unit(outputs - 1), every);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"keras3, embedding_mask_zero_softmax.keras, 4, 1", "keras3, embedding_mask_zero_softmax.h5, 4, 1",
        "keras, 20_k3_nextword_embedding_lstm.keras, 1, 6"})
    void should_differentiate_the_embedded_vectors_through_mask_zero_and_softmax(String folder, String file,
            int classes, int every) throws IOException {
        Path path = (folder.equals("keras") ? Fixtures.keras() : Fixtures.keras3()).resolve(file);
        Model model = ModelLoader.load(path);
        JsonObject want = expected(path);
        int[][] ids = ids((want.has("model") ? want.getAsJsonObject("model") : want).get("input").getAsJsonArray());
        ModelGraph loaded = ModelGraph.of(model);
        Tensor embedded = loaded.embed(ids);
        boolean[][] mask = embedded.mask();
        double[][][] e = embedded.toArray3();

        for (int cls = 0; cls < classes; cls++) {
            Attribution a = Influence.of(model).onTokens(ids).gradient().unit(cls).attributions();
            // the embedded forward pass reproduces the model's predictions from token ids
            double[][] direct = model.predict(Tensor.ofTokens(ids)).toArray2();
            double[][] viaVectors = viaVectors(loaded, e, mask);
            for (int b = 0; b < ids.length; b++) {
                assertThat(viaVectors[b]).containsExactly(direct[b], org.assertj.core.api.Assertions.within(1e-15));
            }
            int k = cls;
            double[][][] numeric = differences(e, v -> viaVectors(loaded, v, mask), k, every);
            assertRelative(a.toArray(), numeric, "embedding class " + cls);
            for (int b = 0; b < ids.length; b++) {
                for (int t = 0; t < ids[b].length; t++) {
                    if (mask != null && !mask[b][t]) {
                        assertThat(a.toArray()[b][t]).as("padding (id 0) at sample %d, step %d", b, t)
                                .containsOnly(0.0);
                    }
                }
            }
        }
    }

    /** The model's output from the embedded vectors, through the graph influence differentiates. */
    private static double[][] viaVectors(ModelGraph graph, double[][][] e, boolean[][] mask) {
        return graph.forward(Tensor.of(e).withMask(mask), java.util.Collections.singletonList(null)).toArray2();
    }

    /**
     * The gradient of the target through {@link Influence} against the difference quotient of Model.predict, at the
     * timesteps {@code every} apart counted back from the last.
     */
    static void checkAgainstDifferences(Model model, double[][][] x, Target target, int every) {
        int step = target.step(x[0].length);
        double[] w = target.weightsFor(model.predict(Tensor.of(x)).lastDim(), model.name());
        Attribution a = Influence.of(model).on(x).target(target).gradient().attributions();
        double[][][] numeric = differences(x, v -> at(model.predict(Tensor.of(v)), step), every, w);
        boolean[][] padding = padding(model, x);
        double[][][] ours = a.toArray();
        for (int b = 0; b < x.length; b++) {
            for (int t = 0; t < x[b].length; t++) {
                if (padding[b][t]) {
                    // a Masking layer's padding step: moving one value un-masks it (a jump); its gradient is zero
                    assertThat(ours[b][t]).containsOnly(0.0);
                    numeric[b][t] = ours[b][t].clone();
                }
            }
        }
        assertRelative(ours, numeric, model.name() + " " + target.describe());
    }

    private static boolean[][] padding(Model model, double[][][] x) {
        boolean[][] p = new boolean[x.length][x[0].length];
        for (org.lstmlens.model.Layer l : model.layers()) {
            if (l instanceof org.lstmlens.model.MaskingLayer) {
                double value = ((org.lstmlens.model.MaskingLayer) l).maskValue();
                for (int b = 0; b < x.length; b++) {
                    for (int t = 0; t < x[b].length; t++) {
                        boolean all = true;
                        for (double v : x[b][t]) {
                            all &= v == value;
                        }
                        p[b][t] = all;
                    }
                }
            }
        }
        return p;
    }

    private static double[][] at(Tensor out, int step) {
        if (out.rank() == 2) {
            return out.toArray2();
        }
        double[][][] all = out.toArray3();
        double[][] y = new double[all.length][];
        for (int b = 0; b < all.length; b++) {
            y[b] = all[b][step];
        }
        return y;
    }

    interface Forward {
        double[][] apply(double[][][] x);
    }

    /** As below, but the whole batch runs at once (each sample with its own row of a mask). */
    private static double[][][] differences(double[][][] x, Forward f, int unit, int every) {
        double[] w = new double[f.apply(x)[0].length];
        w[unit] = 1;
        int steps = x[0].length;
        double[][][] g = new double[x.length][steps][x[0][0].length];
        for (int b = 0; b < x.length; b++) {
            for (int t = 0; t < steps; t++) {
                for (int j = 0; j < x[b][t].length; j++) {
                    if ((steps - 1 - t) % every != 0) {
                        g[b][t][j] = Double.NaN;
                        continue;
                    }
                    double keep = x[b][t][j];
                    x[b][t][j] = keep + H;
                    double plus = weighted(f.apply(x)[b], w);
                    x[b][t][j] = keep - H;
                    double minus = weighted(f.apply(x)[b], w);
                    x[b][t][j] = keep;
                    g[b][t][j] = (plus - minus) / (2 * H);
                }
            }
        }
        return g;
    }

    /**
     * (L(x + h e) - L(x - h e)) / 2h for the input values at every {@code every}-th timestep back from the last (NaN
     * elsewhere: not compared), L = w . f(x) of one sample run alone.
     */
    private static double[][][] differences(double[][][] x, Forward f, int every, double[] w) {
        int steps = x[0].length;
        double[][][] g = new double[x.length][steps][x[0][0].length];
        for (int b = 0; b < x.length; b++) {
            double[][][] one = {x[b]};
            for (int t = 0; t < steps; t++) {
                for (int j = 0; j < x[b][t].length; j++) {
                    if ((steps - 1 - t) % every != 0) {
                        g[b][t][j] = Double.NaN;
                        continue;
                    }
                    double keep = x[b][t][j];
                    x[b][t][j] = keep + H;
                    double plus = weighted(f.apply(one)[0], w);
                    x[b][t][j] = keep - H;
                    double minus = weighted(f.apply(one)[0], w);
                    x[b][t][j] = keep;
                    g[b][t][j] = (plus - minus) / (2 * H);
                }
            }
        }
        return g;
    }

    private static double weighted(double[] y, double[] w) {
        double s = 0;
        for (int k = 0; k < w.length; k++) {
            s += w[k] * y[k];
        }
        return s;
    }

    static void assertRelative(double[][][] ours, double[][][] numeric, String what) {
        double scale = 0;
        double worst = 0;
        for (int b = 0; b < ours.length; b++) {
            for (int t = 0; t < ours[b].length; t++) {
                for (int j = 0; j < ours[b][t].length; j++) {
                    scale = Math.max(scale, Math.abs(ours[b][t][j]));
                    if (!Double.isNaN(numeric[b][t][j])) {
                        worst = Math.max(worst, Math.abs(ours[b][t][j] - numeric[b][t][j]));
                    }
                }
            }
        }
        assertThat(scale).as("%s: the gradient is not all zero", what).isGreaterThan(0);
        assertThat(worst / scale).as("%s: max |gradient - difference quotient| / max |gradient|", what)
                .isLessThanOrEqualTo(RELATIVE);
    }

    static JsonObject expected(Path modelFile) throws IOException {
        String name = modelFile.getFileName().toString().replaceAll("\\.(keras|h5)$", "");
        return JsonParser.parseString(Files.readString(modelFile.resolveSibling(name + ".expected.json")))
                .getAsJsonObject();
    }

    static double[][][] cube(JsonArray a) {
        double[][][] r = new double[a.size()][][];
        for (int i = 0; i < a.size(); i++) {
            JsonArray m = a.get(i).getAsJsonArray();
            r[i] = new double[m.size()][];
            for (int t = 0; t < m.size(); t++) {
                JsonArray row = m.get(t).getAsJsonArray();
                r[i][t] = new double[row.size()];
                for (int j = 0; j < row.size(); j++) {
                    r[i][t][j] = row.get(j).getAsDouble();
                }
            }
        }
        return r;
    }

    static int[][] ids(JsonArray a) {
        int[][] r = new int[a.size()][];
        for (int i = 0; i < a.size(); i++) {
            JsonArray row = a.get(i).getAsJsonArray();
            r[i] = new int[row.size()];
            for (int j = 0; j < row.size(); j++) {
                JsonElement v = row.get(j);
                r[i][j] = v.getAsInt();
            }
        }
        return r;
    }
}
