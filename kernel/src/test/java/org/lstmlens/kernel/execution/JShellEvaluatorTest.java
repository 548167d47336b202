package org.lstmlens.kernel.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lstmlens.dsl.Lstm;
import org.lstmlens.error.LstmException;

/**
 * The evaluator on its own: live values, several snippets per cell, redefinition, errors, interrupt.
 * Expected values come from Java's semantics and from JShell's documented printing ({@code "a"} quoted,
 * {@code int[3] { 1, 2, 3 }}), never from the evaluator's previous output.
 */
class JShellEvaluatorTest {
    private static final long STOP_WAIT_MS = 500;
    private static JShellEvaluator evaluator;

    @BeforeAll
    static void startJShell() {
        evaluator = JShellEvaluator.create();
    }

    @AfterAll
    static void closeJShell() {
        evaluator.close();
    }

    private static CellValue value(String cell) throws CellException {
        Optional<CellValue> value = evaluator.eval(cell);
        assertThat(value).as("a value for %s", cell).isPresent();
        return value.get();
    }

    @Test
    void should_bind_lstm_to_the_kernels_own_Lstm_class() throws CellException {
        Object live = value("lstm").live();
        // the same Class object: snippets and the kernel share one class loader view
        assertThat(live).isInstanceOf(Lstm.class);
    }

    @Test
    void should_hand_back_the_live_object_of_a_dsl_call() throws CellException {
        Object direct = new Lstm().params(2, 1);
        CellValue value = value("lstm.params(2, 1)");
        assertThat(value.live()).isInstanceOf(direct.getClass());
        assertThat(value.text()).isEqualTo(direct.toString());
    }

    @Test
    void should_print_plain_values_as_jshell_does() throws CellException {
        assertThat(value("\"a\" + 1").text()).isEqualTo("\"a1\"");
        assertThat(value("new int[] {1, 2, 3}").text()).isEqualTo("int[3] { 1, 2, 3 }");
        assertThat(value("(Object) null").text()).isEqualTo("null");
        assertThat(value("(Object) null").live()).isNull();
    }

    @Test
    void should_run_several_snippets_and_return_the_last_value() throws CellException {
        CellValue value = value("int p = 6;\nint q = 7;\n// a comment\np * q");
        assertThat(value.live()).isEqualTo(42);
    }

    @Test
    void should_show_nothing_for_a_declaration_and_the_value_for_a_bare_variable() throws CellException {
        assertThat(evaluator.eval("String word = \"lens\";")).isEmpty();
        assertThat(value("word").live()).isEqualTo("lens");
    }

    @Test
    void should_let_a_declaration_redefine_an_earlier_one() throws CellException {
        evaluator.eval("int twice(int x) { return 2 * x; }");
        evaluator.eval("int twice(int x) { return x + x + 1; }");
        assertThat(value("twice(5)").live()).isEqualTo(11);
    }

    @Test
    void should_accept_a_forward_reference_and_fail_only_when_it_is_called_too_early() throws CellException {
        PrintStream stderr = System.err;
        ByteArrayOutputStream note = new ByteArrayOutputStream();
        System.setErr(new PrintStream(note, true, StandardCharsets.UTF_8));
        try {
            assertThat(evaluator.eval("int callsLater() { return later() + 1; }")).isEmpty();
        } finally {
            System.setErr(stderr);
        }
        assertThat(note.toString(StandardCharsets.UTF_8)).contains("callsLater").contains("later()");
        CellException early = catchThrowableOfType(CellException.class, () -> evaluator.eval("callsLater()"));
        assertThat(early.ename()).isEqualTo("UnresolvedReference");
        evaluator.eval("int later() { return 41; }");
        assertThat(value("callsLater()").live()).isEqualTo(42);
    }

    @Test
    void should_accept_imports() throws CellException {
        evaluator.eval("import java.util.concurrent.atomic.AtomicInteger;");
        assertThat(value("new AtomicInteger(3).incrementAndGet()").live()).isEqualTo(4);
    }

    @Test
    void should_report_a_compile_error_with_its_line() {
        CellException error = catchThrowableOfType(CellException.class,
                () -> evaluator.eval("int fine = 1;\nint broken = \"text\";"));
        assertThat(error.ename()).isEqualTo("CompilationError");
        assertThat(error.evalue()).contains("incompatible types");
        assertThat(String.join("\n", error.traceback())).contains("line 2").contains("int broken = \"text\";");
    }

    @Test
    void should_report_the_real_exception_class_and_message() {
        CellException error = catchThrowableOfType(CellException.class,
                () -> evaluator.eval("Integer.parseInt(\"x1\")"));
        assertThat(error.ename()).isEqualTo("java.lang.NumberFormatException");
        assertThat(error.evalue()).isEqualTo("For input string: \"x1\"");
    }

    @Test
    void should_show_an_lstm_error_by_its_message_alone() {
        LstmException direct = catchThrowableOfType(LstmException.class, () -> new Lstm().params(0, 1));
        CellException error = catchThrowableOfType(CellException.class, () -> evaluator.eval("lstm.params(0, 1)"));
        assertThat(error.ename()).isEqualTo(direct.getClass().getSimpleName());
        assertThat(error.evalue()).isEqualTo(direct.getMessage());
        assertThat(error.traceback()).hasSize(1);
        assertThat(error.traceback().get(0).replaceAll("\u001b\\[[0-9;]*m", "")).isEqualTo(error.evalue());
    }

    @Test
    void should_stop_a_busy_loop_and_run_the_next_cell() throws Exception {
        CompletableFuture<Throwable> running = CompletableFuture.supplyAsync(() -> {
            try {
                evaluator.eval("long spins = 0;\nwhile (true) { spins++; }");
                return null;
            } catch (CellException e) {
                return e;
            }
        });
        while (!evaluator.isRunning()) {
            Thread.onSpinWait();
        }
        Thread.sleep(STOP_WAIT_MS);
        evaluator.stop();
        Throwable outcome = running.get(10, TimeUnit.SECONDS);
        assertThat(outcome).isInstanceOf(CellException.class);
        assertThat(((CellException) outcome).ename()).isEqualTo("Interrupted");
        assertThat(value("1 + 1").live()).isEqualTo(2);
    }

    @Test
    void should_ignore_stop_when_idle() throws CellException {
        evaluator.stop();
        assertThat(value("3 * 3").live()).isEqualTo(9);
    }

    @Test
    void should_map_completeness_to_jupyter_words() {
        assertThat(evaluator.isComplete("int x = 1;").status()).isEqualTo("complete");
        assertThat(evaluator.isComplete("int x = 1").status()).isEqualTo("complete");
        assertThat(evaluator.isComplete("for (int i = 0; i < 3; i++) {"))
                .isEqualTo(new Completeness.Verdict("incomplete", "    "));
        assertThat(evaluator.isComplete("int x = ;").status()).isEqualTo("invalid");
        assertThat(evaluator.isComplete("int a = 1;\nif (a > 0) {").status()).isEqualTo("incomplete");
    }

    @Test
    void should_complete_from_the_start_of_the_typed_word() {
        String code = "int k = 1;\nlstm.pa";
        Completer.Completions completions = evaluator.complete(code, code.length());
        assertThat(completions.matches()).contains("params(");
        assertThat(completions.start()).isEqualTo(code.length() - "pa".length());
        assertThat(completions.end()).isEqualTo(code.length());
    }

    @Test
    void should_inspect_a_dsl_method_with_its_javadoc() {
        String code = "lstm.params(2, 1)";
        Optional<String> text = evaluator.inspect(code, code.indexOf("params") + 1);
        assertThat(text).isPresent();
        assertThat(text.get()).contains("Lstm.params(int features, int units)");
        assertThat(text.get().lines().filter(line -> !line.isBlank()).count()).isGreaterThan(1);
    }

    @Test
    void should_find_nothing_to_inspect_in_blank_code() {
        assertThatThrownBy(() -> evaluator.inspect("", 0).orElseThrow()).isInstanceOf(java.util.NoSuchElementException.class);
    }

    @Test
    void should_refuse_system_exit_and_halt_in_a_cell_and_keep_the_variables() throws CellException {
        evaluator.eval("int survivor = 7;");
        for (String exit : new String[] {"System.exit(0)", "Runtime.getRuntime().exit(1)", "Runtime.getRuntime().halt(3)",
                "java.util.function.IntConsumer quit = System::exit;\nquit.accept(2)",
                "Runtime r = Runtime.getRuntime();\njava.util.function.IntConsumer stop = r::halt;\nstop.accept(4)"}) {
            CellException refused = catchThrowableOfType(CellException.class, () -> evaluator.eval(exit));
            assertThat(refused).as("the cell %s", exit).isNotNull();
            assertThat(refused.ename()).isEqualTo("ExitRefused");
            assertThat(refused.evalue()).contains("would end the kernel").contains("restart the kernel");
        }
        assertThat(value("survivor").live()).isEqualTo(7);
    }

    @Test
    void should_not_let_a_catch_exception_swallow_a_refused_exit() {
        CellException refused = catchThrowableOfType(CellException.class,
                () -> evaluator.eval("try { System.exit(5); } catch (Exception e) { }\n\"after\""));
        assertThat(refused.ename()).isEqualTo("ExitRefused");
        assertThat(refused.evalue()).startsWith("System.exit(5)");
    }

    @Test
    void should_complete_after_a_dot_without_the_methods_every_object_has() {
        String code = "lstm.";
        List<String> matches = evaluator.complete(code, code.length()).matches();
        assertThat(matches).contains("params(").doesNotContain("wait(", "notify()", "notifyAll()", "hashCode()",
                "getClass()", "equals(", "toString()");
        String typed = "lstm.hash";
        assertThat(evaluator.complete(typed, typed.length()).matches()).containsExactly("hashCode()");
        String string = "\"abc\".eq";
        assertThat(evaluator.complete(string, string.length()).matches()).contains("equals(", "equalsIgnoreCase(");
    }

    @Test
    void should_leave_out_the_empty_location_line_of_a_compile_error() {
        CellException error = catchThrowableOfType(CellException.class, () -> evaluator.eval("int n = missingThing + 1;"));
        assertThat(error.ename()).isEqualTo("CompilationError");
        assertThat(error.traceback()).anyMatch(line -> line.contains("symbol:") && line.contains("missingThing"))
                .noneMatch(line -> line.strip().startsWith("location:"));
    }

    @Test
    void should_know_what_the_notebook_defines() throws CellException {
        assertThat(evaluator.defines("quit")).isFalse();
        evaluator.eval("void quit() { }");
        assertThat(evaluator.defines("quit")).isTrue();
    }
}
