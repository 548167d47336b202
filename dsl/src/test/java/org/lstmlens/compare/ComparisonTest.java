package org.lstmlens.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.lstmlens.compare.Cells.compare;
import static org.lstmlens.compare.Cells.gru;
import static org.lstmlens.compare.Cells.lstm;
import static org.lstmlens.compare.Cells.model;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lstmlens.compare.Cells.Arrays;
import org.lstmlens.error.LstmException;
import org.lstmlens.error.ShapeException;
import org.lstmlens.model.RecurrentLayer;
import org.lstmlens.model.RepeatVectorLayer;
import org.lstmlens.render.MimeBundle;
import org.lstmlens.render.XmlCheck;
import org.w3c.dom.Document;

/** Matching, the input, the agreement rule and the view of a comparison, on layers built from seeded weights. */
class ComparisonTest {
    private static final Arrays LSTM = Arrays.random(7, 3, 4, 4);
    private static final Arrays WIDE = Arrays.random(11, 4, 4, 4);
    private static final Arrays GRU = Arrays.random(8, 3, 4, 3);

    @Test
    void layers_that_cannot_be_matched_are_refused_naming_both() {
        assertThatThrownBy(() -> compare(lstm("lstm", LSTM), gru("gru", GRU, true))).isInstanceOf(LstmException.class)
                .hasMessage("cannot compare recurrent layer 0: a's lstm (LSTM, 4 units on 3 features) and b's gru (GRU,"
                        + " 4 units on 3 features) hold different cells (LSTM, GRU); layers are matched in order and"
                        + " must hold the same cell");
        assertThatThrownBy(() -> compare(lstm("lstm", LSTM), lstm("lstm", Arrays.random(7, 3, 5, 4))))
                .hasMessageEndingWith(" differ in units (4, 5)");
        assertThatThrownBy(() -> compare(lstm("lstm", LSTM), lstm("lstm", WIDE)))
                .hasMessageEndingWith(" read different input widths (3, 4 features per step)");
        assertThatThrownBy(() -> compare(lstm("lstm", LSTM), Cells.bidirectional("bi", lstm("f", LSTM),
                lstm("b", LSTM)))).hasMessageEndingWith(" differ in directions (one direction, Bidirectional: forward"
                        + " and backward)");
        assertThatThrownBy(() -> Comparison.of("a.keras", model("a", lstm("lstm", LSTM), lstm("lstm_1", WIDE)),
                "b.h5", model("b", lstm("lstm", LSTM)))).hasMessage("cannot compare: a (a.keras) has 2 recurrent layers"
                        + " (lstm (LSTM, 4 units on 3 features), lstm_1 (LSTM, 4 units on 4 features)), b (b.h5) has 1"
                        + " recurrent layer (lstm (LSTM, 4 units on 3 features)); layers are matched in order, so both"
                        + " need the same number");
        assertThatThrownBy(() -> Comparison.of("a", model("a", new RepeatVectorLayer("repeat", 3)), "b",
                model("b", lstm("lstm", LSTM)))).hasMessage("cannot compare: a has no recurrent layer (LSTM, GRU,"
                        + " SimpleRNN or Bidirectional); its layers: repeat");
    }

    @Test
    void layers_in_another_order_are_matched_by_name_as_a_weights_only_file_lists_them() {
        Comparison c = Comparison.of("a", model("a", lstm("lstm", LSTM), gru("gru", Arrays.random(8, 4, 4, 3), true)),
                "b", model("b", gru("gru", Arrays.random(8, 4, 4, 3), true), lstm("lstm", LSTM)));
        assertThat(c.layers()).extracting(LayerComparison::name, LayerComparison::nameB)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("lstm", "lstm"),
                        org.assertj.core.groups.Tuple.tuple("gru", "gru"));
        assertThat(c.same()).as(c.verdict()).isTrue();
    }

    @Test
    void float32_noise_is_measured_and_counts_as_the_same_network() {
        double noise = 3e-8; // one float32 ulp of a weight near 0.5, in U_f (column 6 = band 1, unit 2)
        Comparison c = compare(lstm("lstm", LSTM), lstm("lstm", LSTM.withU(1, 6, noise)));
        assertThat(c.same()).as(c.verdict()).isTrue();
        assertThat(c.largestWeightDifference()).isCloseTo(noise, within(1e-15));
        assertThat(c.largestDifference()).isGreaterThan(0).isLessThan(1e-6);
        assertThat(c.verdict()).isEqualTo("same network (largest difference 3e-08 at U of gate f of layer lstm)");
    }

    @Test
    void a_looser_bound_accepts_what_the_default_refuses() {
        Comparison c = compare(lstm("lstm", LSTM), lstm("lstm", LSTM.withU(1, 6, 1e-3)));
        assertThat(c.same()).isFalse();
        Comparison loose = c.tolerance(1e-2);
        assertThat(loose.same()).as(loose.verdict()).isTrue();
        assertThat(loose.tolerance().rule()).isEqualTo("|a - b| <= 0.01 * max(1, |a|, |b|)");
        assertThatThrownBy(() -> c.tolerance(-1)).isInstanceOf(LstmException.class)
                .hasMessage("tolerance: expected a positive number such as 1e-5, got -1.0");
    }

    @Test
    void weights_that_differ_where_the_input_is_zero_differ_though_not_on_that_input() {
        Comparison c = compare(lstm("lstm", LSTM), lstm("lstm", LSTM.withW(0, 3, 0.5))).on(new double[5][3]);
        assertThat(c.runsAgree()).isTrue();
        assertThat(c.same()).isFalse();
        assertThat(c.verdict()).startsWith("differ in weights, though not on this input (every gate and state agrees"
                + " within |a - b| <= 1e-05 * max(1, |a|, |b|)): likely cause: the weights differ");
    }

    @Test
    void the_input_is_the_seeded_random_one_the_view_states_or_the_given_one() {
        Comparison c = compare(lstm("lstm", LSTM), lstm("lstm", LSTM));
        assertThat(c.inputText()).isEqualTo("random, 1 x 10 x 3 (samples x steps x features), uniform in [-1, 1) from"
                + " java.util.Random(42)");
        java.util.Random r = new java.util.Random(42);
        assertThat(c.input()[0][0][0]).isEqualTo(2 * r.nextDouble() - 1);
        assertThat(c.seed(5).steps(3).inputText()).isEqualTo("random, 1 x 3 x 3 (samples x steps x features), uniform"
                + " in [-1, 1) from java.util.Random(5)");
        double[][] x = {{1, 2, 3}, {4, 5, 6}};
        assertThat(c.on(x).input()[0]).isDeepEqualTo(x);
        assertThat(c.on(x).inputText()).isEqualTo("the given input, 1 x 2 x 3 (samples x steps x features)");
        assertThatThrownBy(() -> c.on(new double[][] {{1, 2}})).isInstanceOf(ShapeException.class)
                .hasMessage("compare input: sample 0, step 0 has 2 features, but the first recurrent layers (a's lstm,"
                        + " b's lstm) read 3");
        assertThatThrownBy(() -> c.steps(0)).hasMessage("compare steps: expected at least 1, got 0");
    }

    @Test
    void a_later_layer_runs_on_the_first_file_s_output_or_says_it_has_its_own_input() {
        RecurrentLayer last = RecurrentLayer.of(lstm("lstm", LSTM).rnn().withReturnSequences(false));
        Comparison c = Comparison.of("a", model("a", lstm("lstm", LSTM), lstm("lstm_1", WIDE.withW(0, 0, 0))),
                "b", model("b", lstm("lstm", LSTM), lstm("lstm_1", WIDE)));
        assertThat(c.layer(1).input()).isEqualTo("what a's lstm returned (the same for both)");
        Comparison own = Comparison.of("a", model("a", last, new RepeatVectorLayer("repeat", 10),
                lstm("lstm_1", WIDE)), "b", model("b", last, new RepeatVectorLayer("repeat", 10), lstm("lstm_1", WIDE)));
        assertThat(own.layer("lstm_1").input()).isEqualTo("its own random input (a's lstm returns no sequence, this"
                + " layer reads 4), uniform in [-1, 1) from java.util.Random(43)");
        assertThat(own.same()).isTrue();
    }

    @Test
    void the_view_starts_with_the_verdict_and_marks_where_the_runs_part() {
        Comparison c = compare(lstm("lstm", LSTM), lstm("lstm", LSTM.blocks(4, 0, 2, 1, 3))).on(new double[][] {
            {0.5, -1, 0.25}, {1, 0, -0.5}});
        MimeBundle m = c.toMimeBundle();
        List<String> lines = m.plain().lines().toList();
        assertThat(lines.get(0)).isEqualTo(c.verdict()).isEqualTo("differ: first at step 0, gate f of layer lstm;"
                + " likely cause: gates f and c swapped (b's f holds a's c, b's c holds a's f)");
        assertThat(lines).filteredOn(l -> l.contains("<- first")).singleElement().asString()
                .startsWith("    gate f ");
        assertThat(m.plain()).contains("agreement: |a - b| <= 1e-05 * max(1, |a|, |b|)")
                .contains("input: the given input, 1 x 2 x 3 (samples x steps x features)")
                .contains("  layer lstm: gates f and c swapped");
        Document html = XmlCheck.parse(m.get(MimeBundle.TEXT_HTML));
        assertThat(html.getDocumentElement().getTextContent()).startsWith(c.verdict());
        assertThat(c.toString()).isEqualTo("Comparison[a vs b: differ, 1 layer]");
    }
}
