package org.lstmlens.core.products;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every product kernel against EJML's, the reference (an independent, long-tested implementation): random
 * matrices of odd and LSTM-like sizes, with and without accumulation, the transposed variants, matrices at offsets
 * inside larger arrays, and the float32 product against EJML's double product of the same float values.
 */
class ProductsKernelTest {
    /** Sums of up to ~1000 products of values in [-1, 1): a few ulps of the sum each. */
    private static final double TOL_F64 = 1e-12;
    /** float32 rounding of sums of up to ~1000 products, relative to a double sum of the same float inputs. */
    private static final double TOL_F32 = 2e-4;
    private static final int[][] SIZES = {
        {1, 1, 1}, {1, 7, 13}, {1, 64, 256}, {3, 5, 9}, {5, 3, 1}, {17, 33, 65}, {64, 128, 1024}, {2, 512, 2048},
        {130, 129, 131}};

    static Stream<Arguments> kernelsAndSizes() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (String kernel : new String[] {"native", "java"}) {
            for (int[] s : SIZES) {
                b.add(Arguments.of(kernel, s[0], s[1], s[2]));
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} {1}x{2}x{3}")
    @MethodSource("kernelsAndSizes")
    void should_multiply_like_ejml_with_and_without_accumulating(String kernel, int m, int k, int n) {
        Products p = kernel(kernel);
        Random rnd = new Random(345L + m * 31L + k * 7L + n);
        double[] a = random(rnd, m * k);
        double[] b = random(rnd, k * n);
        double[] c0 = random(rnd, m * n);

        for (boolean accumulate : new boolean[] {false, true}) {
            double[] expected = c0.clone();
            double[] actual = c0.clone();
            Products.EJML.mult(a, b, expected, m, k, n, accumulate);
            p.mult(a, b, actual, m, k, n, accumulate);
            assertClose(actual, expected, TOL_F64, "mult accumulate=" + accumulate);

            expected = c0.clone();
            actual = c0.clone();
            double[] bt = random(rnd, n * k);
            Products.EJML.multTransB(a, bt, expected, m, k, n, accumulate);
            p.multTransB(a, bt, actual, m, k, n, accumulate);
            assertClose(actual, expected, TOL_F64, "multTransB accumulate=" + accumulate);

            expected = c0.clone();
            actual = c0.clone();
            double[] at = random(rnd, k * m);
            Products.EJML.multTransA(at, b, expected, m, k, n, accumulate);
            p.multTransA(at, b, actual, m, k, n, accumulate);
            assertClose(actual, expected, TOL_F64, "multTransA accumulate=" + accumulate);
        }
    }

    @ParameterizedTest(name = "{0} {1}x{2}x{3}")
    @MethodSource("kernelsAndSizes")
    void should_multiply_matrices_that_start_at_offsets_and_leave_the_rest_alone(String kernel, int m, int k, int n) {
        Products p = kernel(kernel);
        Random rnd = new Random(99L + m + k + n);
        double[] a = random(rnd, m * k);
        double[] b = random(rnd, k * n);
        double[] c = random(rnd, m * n);
        double[] expected = c.clone();
        Products.EJML.mult(a, b, expected, m, k, n, true);
        double[] aBig = embed(a, 3, 5);
        double[] bBig = embed(b, 7, 2);
        double[] cBig = embed(c, 11, 4);

        p.mult(aBig, 3, bBig, 7, cBig, 11, m, k, n, true);

        assertClose(java.util.Arrays.copyOfRange(cBig, 11, 11 + m * n), expected, TOL_F64, "mult at offsets");
        assertThat(java.util.Arrays.copyOfRange(cBig, 0, 11)).containsOnly(-7.0);
        assertThat(java.util.Arrays.copyOfRange(cBig, 11 + m * n, cBig.length)).containsOnly(-7.0);
    }

    @ParameterizedTest(name = "{0} {1}x{2}x{3}")
    @MethodSource("kernelsAndSizes")
    void should_multiply_in_float32_within_float_rounding_of_ejml(String kernel, int m, int k, int n) {
        Products p = kernel(kernel);
        Random rnd = new Random(7L * m + k + 13L * n);
        float[] a = randomFloat(rnd, m * k);
        float[] b = randomFloat(rnd, k * n);
        float[] c = randomFloat(rnd, m * n);

        for (boolean accumulate : new boolean[] {false, true}) {
            double[] expected = toDouble(c);
            Products.EJML.mult(toDouble(a), toDouble(b), expected, m, k, n, accumulate);
            float[] cBig = new float[m * n + 6];
            System.arraycopy(c, 0, cBig, 6, m * n);
            p.multFloat(a, 0, b, 0, cBig, 6, m, k, n, accumulate);

            double[] actual = toDouble(java.util.Arrays.copyOfRange(cBig, 6, 6 + m * n));
            assertClose(actual, expected, TOL_F32, "multFloat accumulate=" + accumulate);
        }
    }

    static Products kernel(String name) {
        Products p = switch (name) {
            case "native" -> KernelChoice.nativeBlas();
            default -> KernelChoice.named(name);
        };
        assumeTrue(p != null, () -> "skipped: the " + name + " kernel is not available on this machine/JVM");
        return p;
    }

    /** Element-wise closeness, reporting the worst element (AssertJ's array comparison is slow on 10^5 values). */
    static void assertClose(double[] actual, double[] expected, double tol, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        int worst = 0;
        double worstDiff = 0;
        for (int i = 0; i < actual.length; i++) {
            double d = Math.abs(actual[i] - expected[i]);
            if (!(d <= worstDiff)) {
                worst = i;
                worstDiff = d;
            }
        }
        if (actual.length > 0) {
            assertThat(actual[worst]).as("%s at [%d] (worst element)", what, worst)
                    .isCloseTo(expected[worst], within(tol));
        }
    }

    private static double[] random(Random rnd, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextDouble() * 2 - 1;
        }
        return v;
    }

    private static float[] randomFloat(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextFloat() * 2 - 1;
        }
        return v;
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    private static double[] embed(double[] v, int before, int after) {
        double[] big = new double[before + v.length + after];
        java.util.Arrays.fill(big, -7.0);
        System.arraycopy(v, 0, big, before, v.length);
        return big;
    }
}
