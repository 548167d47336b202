package org.lstmlens.kernel.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Compile error markers line up under the span, counted in characters the user sees (code points). */
class ErrorFormatterTest {
    private static final String ANSI = "\u001b\\[[0-9;]*m";

    /** A problem at [start, end) of the snippet, pointed at its start, as javac reports a bad expression. */
    private static ErrorFormatter.Problem diag(long start, long end, String message) {
        return new ErrorFormatter.Problem(start, end, start, message);
    }

    private static List<String> plain(CellException e) {
        return e.traceback().stream().map(line -> line.replaceAll(ANSI, "")).toList();
    }

    @Test
    void should_mark_the_span_on_its_own_line() {
        String cell = "int a = 1;\nint b = a + \"x\";";
        int snippetStart = cell.indexOf("int b");
        int spanStart = "int b = ".length();
        CellException e = ErrorFormatter.compileError(cell, snippetStart,
                List.of(diag(spanStart, spanStart + "a + \"x\"".length(), "incompatible types")));
        List<String> lines = plain(e);
        assertThat(lines.get(0)).isEqualTo("error on line 2: incompatible types");
        assertThat(lines.get(1)).isEqualTo("    int b = a + \"x\";");
        assertThat(lines.get(2)).isEqualTo("    " + " ".repeat(spanStart) + "^" + "~".repeat("a + \"x\"".length() - 1));
        assertThat(e.evalue()).isEqualTo("incompatible types");
    }

    @Test
    void should_count_columns_in_code_points_before_the_span() {
        // the emoji is two UTF-16 units but one character on screen
        String cell = "String s = \"\uD83D\uDE00\" + missing;";
        int at = cell.indexOf("missing");
        CellException e = ErrorFormatter.compileError(cell, 0, List.of(diag(at, at + "missing".length(), "cannot find symbol")));
        String marker = plain(e).get(2);
        assertThat(marker.indexOf('^') - "    ".length()).isEqualTo(cell.codePointCount(0, at));
    }

    @Test
    void should_keep_further_message_lines_below_the_marker() {
        CellException e = ErrorFormatter.compileError("x * y", 0, List.of(diag(0, 5, "bad operand\n  first type: String")));
        assertThat(plain(e)).endsWith("  first type: String");
    }

    @Test
    void should_name_an_interrupt() {
        CellException e = ErrorFormatter.interrupted();
        assertThat(e.ename()).isEqualTo("Interrupted");
        assertThat(plain(e)).containsExactly("Interrupted: the cell was interrupted");
    }

    @Test
    void should_recognise_lstm_errors_by_class() {
        assertThat(ErrorFormatter.isLstmError("org.lstmlens.error.ShapeException")).isTrue();
        assertThat(ErrorFormatter.isLstmError("java.lang.IllegalStateException")).isFalse();
        assertThat(ErrorFormatter.isLstmError("REPL.NotAClass")).isFalse();
    }
}
