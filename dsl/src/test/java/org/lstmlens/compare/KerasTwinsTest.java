package org.lstmlens.compare;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lstmlens.io.ModelLoader;
import org.lstmlens.model.Model;
import org.lstmlens.testing.Fixtures;
import org.lstmlens.testing.RnnFixtures;

/**
 * Every Keras 3 model of the repository's GRU / SimpleRNN fixtures and of the shared Keras 3 fixtures was saved by
 * Keras itself as NAME.keras, NAME.h5 and NAME.weights.h5: one network in three files (truth by construction). The
 * .h5, and the .weights.h5 with the .keras's architecture, must be the same network with every difference 0. The
 * .weights.h5 alone carries no settings, so its weights must agree and only the settings Keras's defaults get wrong
 * (go_backwards, activations) may differ, named as such.
 */
class KerasTwinsTest {
    static Stream<Path> kerasFiles() throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path dir : List.of(RnnFixtures.folder(), Fixtures.keras3())) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.toString().endsWith(".keras")).sorted().forEach(out::add);
            }
        }
        return out.stream();
    }

    private static Path twin(Path keras, String suffix) {
        String name = keras.getFileName().toString();
        return keras.resolveSibling(name.substring(0, name.length() - ".keras".length()) + suffix);
    }

    private static Comparison compare(Path a, Model b, String labelB) {
        return Comparison.of(a.getFileName().toString(), ModelLoader.load(a), labelB, b);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kerasFiles")
    void the_h5_and_the_weights_with_the_architecture_are_the_same_network(Path keras) {
        Path h5 = twin(keras, ".h5");
        Comparison c = compare(keras, ModelLoader.load(h5), h5.getFileName().toString());
        assertThat(c.same()).as(c.verdict()).isTrue();
        assertThat(c.largestDifference()).as(c.verdict()).isZero();
        Path weights = twin(keras, ".weights.h5");
        Comparison w = compare(keras, ModelLoader.load(weights, keras), "weights + architecture");
        assertThat(w.same()).as(w.verdict()).isTrue();
        assertThat(w.largestDifference()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kerasFiles")
    void the_weights_alone_agree_and_only_settings_may_differ(Path keras) {
        Path weights = twin(keras, ".weights.h5");
        Comparison c = compare(keras, ModelLoader.load(weights), weights.getFileName().toString());
        assertThat(c.weightsAgree()).as(c.verdict()).isTrue();
        assertThat(c.largestWeightDifference()).isZero();
        assertThat(c.causes()).as(c.verdict()).allMatch(k -> k.kind() == Cause.Kind.ACTIVATION
                || k.kind() == Cause.Kind.DIRECTION_REVERSED);
        assertThat(c.same()).as(c.verdict()).isEqualTo(c.causes().isEmpty());
        assertThat(c.toMimeBundle().plain()).as("the view says what the weights file left to assumption")
                .contains("\nb assumed: the file holds weights only");
    }
}
