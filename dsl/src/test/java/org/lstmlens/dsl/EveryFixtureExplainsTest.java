package org.lstmlens.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lstmlens.influence.Attribution;
import org.lstmlens.model.EmbeddingLayer;
import org.lstmlens.model.Layer;
import org.lstmlens.render.MimeBundle;
import org.lstmlens.testing.RandomLstm;

/**
 * Every runnable, single-input model file of ../shared/fixtures is explained through the whole model: integrated
 * gradients of output unit 0 at 64 steps keep the completeness identity (attributions sum to f(x) - f(baseline))
 * within 1 % on random inputs, and the view renders. Weights-only files are left out (they cannot run alone), and so
 * is the two-input model: its saturated softmax over 113 classes needs far more than 64 path points on random
 * inputs (SeveralInputsDslTest explains it through each input, against central differences).
 */
class EveryFixtureExplainsTest {
    static java.util.stream.Stream<Path> files() throws java.io.IOException {
        return EveryFixtureRendersTest.files().filter(p -> !p.toString().endsWith(".weights.h5")
                && !p.getFileName().toString().contains("_weights") && !p.getFileName().toString().startsWith("16_"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void should_keep_integrated_gradients_complete_through_the_whole_model(Path file) {
        ModelView m = new Lstm().load(file);
        Random rnd = new Random(21);
        Attribution a;
        EmbeddingLayer embedding = embedding(m);
        if (embedding != null) {
            int[][] ids = new int[2][8];
            for (int[] row : ids) {
                for (int t = 0; t < row.length; t++) {
                    row[t] = 1 + rnd.nextInt(embedding.vocabulary() - 1);
                }
            }
            a = m.influenceTokens(ids).unit(0).integratedGradients(64).attributions();
        } else {
            int features = org.lstmlens.influence.Influence.of(m.model()).features();
            // not the baseline 0: Masking(0) would mask every step of it, a jump the path integral cannot see
            a = m.influence(RandomLstm.tensor(rnd, 2, 8, features, 1)).unit(0).baseline(0.25).integratedGradients(64)
                    .attributions();
        }

        assertThat(a.relativeCompletenessGap()).isLessThanOrEqualTo(0.01);
        MimeBundle b = a.toMimeBundle();
        assertThat(b.plain()).contains("integrated gradients (64 steps, baseline 0", ") of unit 0 at the last step");
        assertThat(b.get(MimeBundle.IMAGE_SVG)).startsWith("<svg");
    }

    private static EmbeddingLayer embedding(ModelView m) {
        for (Layer l : m.model().layers()) {
            if (l instanceof EmbeddingLayer) {
                return (EmbeddingLayer) l;
            }
        }
        return null;
    }
}
