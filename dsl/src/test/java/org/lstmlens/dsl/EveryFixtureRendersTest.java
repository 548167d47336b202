package org.lstmlens.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lstmlens.render.MimeBundle;
import org.lstmlens.testing.Fixtures;

/** Every model file of ../shared/fixtures opens through the DSL and shows itself: summary text, HTML, one-line name. */
class EveryFixtureRendersTest {
    static Stream<Path> files() throws IOException {
        return Fixtures.modelFiles().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void should_open_and_render(Path file) {
        ModelView m = new Lstm().load(file.toString());
        MimeBundle b = m.toMimeBundle();
        assertThat(b.plain()).contains("Total params: " + m.params(), "Layer (type)");
        assertThat(b.get(MimeBundle.TEXT_HTML)).contains("<table>");
        assertThat(m.toString()).doesNotContain("\n").contains(m.params() + " params");
        assertThat(m.lstmCount()).as("every fixture holds at least one LSTM direction").isPositive();
        for (int i = 0; i < m.lstmCount(); i++) {
            assertThat(m.lstm(i).layer().units()).isPositive();
        }
    }
}
