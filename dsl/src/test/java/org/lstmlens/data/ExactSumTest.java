package org.lstmlens.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The exact sum against BigDecimal's exact sum, rounded once; the same bits whatever the order or the split. */
class ExactSumTest {
    private static double exact(List<Double> values) {
        BigDecimal s = BigDecimal.ZERO;
        for (double v : values) {
            s = s.add(new BigDecimal(v));
        }
        return s.round(MathContext.DECIMAL128).doubleValue();   // 34 digits then to double: nearest but for ties
    }

    private static List<Double> wild(long seed, int n) {
        Random r = new Random(seed);
        List<Double> v = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double m = r.nextGaussian();
            int e = r.nextInt(120) - 60;
            v.add(Math.scalb(m, e));
        }
        v.add(1e300);
        v.add(-1e300);   // cancels exactly: a naive sum loses everything below
        v.add(Double.MIN_VALUE);
        v.add(-Math.scalb(1.0, -1030));
        return v;
    }

    @Test
    void should_equal_the_exact_sum_rounded_once() {
        for (long seed = 1; seed <= 20; seed++) {
            List<Double> v = wild(seed, 2000);
            ExactSum s = new ExactSum();
            v.forEach(s::add);
            assertThat(s.value()).as("seed %d", seed).isEqualTo(exact(v));
        }
    }

    @Test
    void should_give_the_same_bits_in_any_order_and_split() {
        List<Double> v = wild(99, 5000);
        ExactSum forward = new ExactSum();
        v.forEach(forward::add);
        Collections.shuffle(v, new Random(3));
        ExactSum a = new ExactSum();
        ExactSum b = new ExactSum();
        ExactSum c = new ExactSum();
        List<Double> ofA = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            (i % 3 == 0 ? a : i % 3 == 1 ? b : c).add(v.get(i));
            if (i % 3 == 0) {
                ofA.add(v.get(i));
            }
        }
        c.merge(a);
        b.merge(c);
        assertThat(b.value()).isEqualTo(forward.value());
        assertThat(a.value()).as("a merged into c keeps its own value").isEqualTo(exact(ofA));
    }

    @Test
    void should_round_ties_to_even() {
        ExactSum s = new ExactSum();
        s.add(1.0);
        s.add(Math.ulp(1.0) / 2);       // exactly half way between 1 and the next double: stays 1
        assertThat(s.value()).isEqualTo(1.0);
        s.add(Double.MIN_VALUE);        // now above half way
        assertThat(s.value()).isEqualTo(Math.nextUp(1.0));
    }

    @Test
    void should_sum_special_values_apart() {
        ExactSum s = new ExactSum();
        s.add(1);
        s.add(Double.POSITIVE_INFINITY);
        assertThat(s.value()).isEqualTo(Double.POSITIVE_INFINITY);
        s.add(Double.NaN);
        assertThat(s.value()).isNaN();
    }
}
