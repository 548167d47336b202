package org.lstmlens.kernel.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A fresh notebook imports the DSL and the names a user types (gates, activations), never the engine: completion
 * offers no engine class and a cell can name the gate enums without an import.
 */
class DefaultImportsTest {
    private static JShellEvaluator evaluator;

    @BeforeAll
    static void startJShell() {
        evaluator = JShellEvaluator.create();
    }

    @AfterAll
    static void closeJShell() {
        evaluator.close();
    }

    private List<String> complete(String code) {
        return evaluator.complete(code, code.length()).matches();
    }

    @Test
    void completion_offers_no_engine_class() {
        assertThat(complete("Gate")).contains("Gate").doesNotContain("GateMath");
        assertThat(complete("Produ")).doesNotContain("Products");
        assertThat(complete("RnnBa")).doesNotContain("RnnBackward");
        assertThat(complete("Vector")).doesNotContain("VectorPass");
        assertThat(complete("Lstm")).doesNotContain("LstmCell", "LstmWeights", "LstmLayer");
    }

    @Test
    void the_names_a_user_types_need_no_import() throws CellException {
        assertThat(evaluator.eval("GruGate.parse(\"update\", null)").orElseThrow().text()).contains("z");
        assertThat(evaluator.eval("Activation.TANH").orElseThrow().text()).isEqualTo("TANH");
        assertThat(evaluator.eval("Gate.F").orElseThrow().text()).contains("f");
    }
}
