package org.lstmlens.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lstmlens.compare.Cells.compare;
import static org.lstmlens.compare.Cells.gru;
import static org.lstmlens.compare.Cells.lstm;
import static org.lstmlens.compare.Cells.plus;
import static org.lstmlens.compare.Cells.scaled;

import org.junit.jupiter.api.Test;
import org.lstmlens.compare.Cells.Arrays;

/**
 * Each mistake a hand conversion makes, built on purpose from seeded weights, is named with its cause; the truth is
 * how the second layer was built. Files of real frameworks: {@link CompareFixturesTest}.
 */
class CausesTest {
    private static final Arrays LSTM = Arrays.random(7, 3, 4, 4);
    private static final Arrays GRU = Arrays.random(8, 3, 4, 3);

    private static Cause likely(Comparison c) {
        return c.likelyCause().orElseThrow(() -> new AssertionError("no cause: " + c.verdict()));
    }

    @Test
    void gates_read_in_onnx_s_order_are_named_with_the_framework() {
        Comparison c = compare(lstm("lstm", LSTM), lstm("lstm", LSTM.blocks(4, 0, 3, 1, 2)));
        assertThat(likely(c).kind()).isEqualTo(Cause.Kind.GATES_SWAPPED);
        assertThat(likely(c).text()).isEqualTo("gates in another order: b's blocks i, f, c, o hold a's i, o, f, c"
                + " (b's f holds a's o, b's c holds a's f, b's o holds a's c): b holds a's gates in ONNX's order"
                + " i, o, f, c, read as Keras's i, f, c, o");
        Comparison back = compare(lstm("lstm", LSTM.blocks(4, 0, 3, 1, 2)), lstm("lstm", LSTM));
        assertThat(likely(back).text()).endsWith(": a holds b's gates in ONNX's order i, o, f, c, read as Keras's"
                + " i, f, c, o");
    }

    @Test
    void a_bias_all_zeros_or_absent_is_missing() {
        Comparison zero = compare(lstm("lstm", LSTM), lstm("lstm", LSTM.withB(new double[16])));
        assertThat(likely(zero).kind()).isEqualTo(Cause.Kind.BIAS_MISSING);
        assertThat(likely(zero).text()).isEqualTo("b's input bias b is all zeros, a's is not: b was dropped");
        Comparison none = compare(lstm("lstm", LSTM), lstm("lstm", LSTM.withB(null)));
        assertThat(likely(none).kind()).isEqualTo(Cause.Kind.BIAS_MISSING);
        assertThat(likely(none).text()).startsWith("b has no bias (use_bias=False); a's b is not zero (largest"
                + " |value| ");
        Comparison backwards = compare(lstm("lstm", LSTM.withB(null)), lstm("lstm", LSTM));
        assertThat(likely(backwards).text()).startsWith("a has no bias (use_bias=False); b's b is not zero");
    }

    @Test
    void a_bias_counted_twice_is_doubled() {
        Comparison twice = compare(lstm("lstm", LSTM), lstm("lstm", LSTM.withB(scaled(LSTM.b(), 2))));
        assertThat(likely(twice).kind()).isEqualTo(Cause.Kind.BIAS_DOUBLED);
        assertThat(likely(twice).text()).isEqualTo("b's bias is twice a's: the bias was counted twice");
        Comparison recurrentTwice = compare(gru("gru", GRU, true), gru("gru", GRU.withB2(scaled(GRU.b2(), 2)), true));
        assertThat(likely(recurrentTwice).kind()).isEqualTo(Cause.Kind.BIAS_DOUBLED);
        assertThat(likely(recurrentTwice).text()).isEqualTo("b counts a's recurrent bias b' twice (b + 2 b')");
    }

    @Test
    void a_gru_s_recurrent_bias_zeroed_or_folded_into_b() {
        Comparison dropped = compare(gru("gru", GRU, true), gru("gru", GRU.withB2(new double[12]), true));
        assertThat(likely(dropped).kind()).isEqualTo(Cause.Kind.BIAS_MISSING);
        assertThat(likely(dropped).text()).isEqualTo("b's recurrent bias b' is all zeros, a's is not: b' was dropped");
        // folding b' into b is exact for z and r, not for h: r multiplies b'_h
        Comparison folded = compare(gru("gru", GRU, true), gru("gru", new Arrays(GRU.w(), GRU.u(),
                plus(GRU.b(), GRU.b2()), new double[12]), true));
        assertThat(folded.layer(0).direction().weights("z").agree()).isTrue();
        assertThat(folded.layer(0).direction().weights("h").agree()).isFalse();
        assertThat(likely(folded).kind()).isEqualTo(Cause.Kind.BIAS_CHANGED);
        assertThat(likely(folded).text()).startsWith("b + b' agree but b and b' apart do not");
        assertThat(folded.firstDivergence().orElseThrow().gate()).as("z and r agree; the candidate parts first")
                .isEqualTo("h");
    }

    @Test
    void reset_after_flipped_names_reset_after_first_and_the_lost_bias_after() {
        Comparison c = compare(gru("gru", GRU, true), gru("gru", GRU, false));
        assertThat(c.causes()).extracting(Cause::kind).containsExactly(Cause.Kind.RESET_AFTER,
                Cause.Kind.BIAS_MISSING);
        assertThat(c.causes().get(1).text()).startsWith("b's bias is a's input bias b alone: a's recurrent bias b'"
                + " (PyTorch's bias_hh, ONNX's Rb) was dropped");
        Comparison subtracted = compare(gru("gru", GRU, true), gru("gru", GRU.withB(plus(GRU.b(),
                scaled(GRU.b2(), -1))), false));
        assertThat(subtracted.causes().get(1).text()).isEqualTo("b's bias is a's b - b': b' was subtracted where it"
                + " should be added");
    }

    @Test
    void weights_that_differ_in_no_known_pattern_name_the_largest() {
        Comparison c = compare(lstm("lstm", LSTM), lstm("lstm", LSTM.withU(2, 5, 0.25)));
        assertThat(likely(c).kind()).isEqualTo(Cause.Kind.WEIGHTS);
        assertThat(likely(c).text()).endsWith("largest |a - b| 0.25 in U of gate f");
        assertThat(c.layer(0).direction().weights("f").largest("U")).isEqualTo(0.25, org.assertj.core.api.Assertions
                .within(1e-15));
    }

    @Test
    void a_difference_in_one_direction_of_a_bidirectional_is_named_there() {
        Arrays back = Arrays.random(9, 3, 4, 4);
        Comparison c = compare(Cells.bidirectional("bi", lstm("f", LSTM), lstm("b", back)),
                Cells.bidirectional("bi", lstm("f", LSTM), lstm("b", back.withB(scaled(back.b(), 2)))));
        Divergence d = c.firstDivergence().orElseThrow();
        assertThat(d.direction()).isEqualTo("backward");
        assertThat(likely(c).direction()).isEqualTo("backward");
        assertThat(likely(c).kind()).isEqualTo(Cause.Kind.BIAS_DOUBLED);
        assertThat(c.verdict()).startsWith("differ: first at step 0, gate i of layer bi (backward); likely cause: ");
    }

    @Test
    void the_same_weights_read_backwards_are_a_reversed_direction() {
        Comparison c = compare(lstm("lstm", LSTM), org.lstmlens.model.RecurrentLayer.of(lstm("lstm", LSTM).rnn()
                .withGoBackwards(true)));
        assertThat(likely(c).kind()).isEqualTo(Cause.Kind.DIRECTION_REVERSED);
        assertThat(likely(c).text()).isEqualTo("the direction is reversed: a reads the sequence forward, b backwards"
                + " (go_backwards False vs True)");
    }
}
