package org.lstmlens.kernel.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * The DSL's javadoc found for JShell's signatures. The expected text is cut out of the shipped source file with plain
 * string operations (the comment right before the declaration), independently of the javac-based reader under test.
 */
class DslDocsTest {
    private final DslDocs docs = DslDocs.fromClasspath();

    private static String source(String path) throws IOException {
        try (InputStream in = DslDocsTest.class.getClassLoader().getResourceAsStream(DslDocs.ROOT + path)) {
            assertThat(in).as("shipped source %s", path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The first line of the doc comment that ends right before {@code declaration}, without {@code @code} tags. */
    private static String firstDocLine(String source, String declaration) {
        int at = source.indexOf(declaration);
        int open = source.lastIndexOf("/**", at);
        String comment = source.substring(open + 3, source.lastIndexOf("*/", at));
        String first = comment.lines().map(l -> l.strip().replaceFirst("^\\* ?", "")).filter(l -> !l.isBlank())
                .findFirst().orElseThrow();
        return first.replaceAll("\\{@code ([^}]*)}", "$1");
    }

    @Test
    void should_find_a_methods_javadoc_from_a_jshell_signature() throws IOException {
        String expected = firstDocLine(source("org/lstmlens/dsl/Lstm.java"), "public ParamsView params(");
        assertThat(docs.forSignature("ParamsView Lstm.params(int features, int units)")).hasValueSatisfying(
                text -> assertThat(text).startsWith(expected));
    }

    @Test
    void should_find_a_class_javadoc_from_a_qualified_or_simple_name() throws IOException {
        String expected = firstDocLine(source("org/lstmlens/dsl/Lstm.java"), "public final class Lstm");
        assertThat(docs.forSignature("org.lstmlens.dsl.Lstm")).hasValueSatisfying(t -> assertThat(t).startsWith(expected));
        assertThat(docs.forType("Lstm")).hasValueSatisfying(t -> assertThat(t).startsWith(expected));
    }

    @Test
    void should_find_nothing_for_a_jdk_method() {
        assertThat(docs.forSignature("int Math.max(int a, int b)")).isEmpty();
    }
}
