package org.lstmlens.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The backward pass's {@code dh += dz . U^T} over packed panels against the product summed exactly (BigDecimal, then
 * rounded once), on shapes that leave a padded last panel, an odd last row, and narrow outputs (four-row panels,
 * a last group of one to three rows): within a few ulps of the sum's magnitude, and added to what dh held; the same
 * in float32 ({@code FloatTransposedPanels}, generated from the double class), within float32's ulps.
 */
class DoubleTransposedPanelsTest {
    @ParameterizedTest(name = "batch {0}, outputs {1}, z width {2}")
    @CsvSource({"1, 5, 20", "5, 37, 12", "64, 64, 256", "3, 64, 96", "7, 16, 256", "6, 32, 64", "9, 8, 40"})
    void addsDzTimesUTransposed(int batch, int outputs, int zWidth) {
        check(batch, outputs, zWidth, false);
    }

    @ParameterizedTest(name = "float32: batch {0}, outputs {1}, z width {2}")
    @CsvSource({"1, 5, 20", "5, 37, 12", "64, 64, 256", "7, 32, 256", "6, 70, 64", "9, 8, 40"})
    void addsDzTimesUTransposedInFloat32(int batch, int outputs, int zWidth) {
        check(batch, outputs, zWidth, true);
    }

    private static void check(int batch, int outputs, int zWidth, boolean float32) {
        assumeThat(VectorPass.available()).as("the Vector API (--add-modules jdk.incubator.vector, C2)").isTrue();
        Random rnd = new Random(345);
        double[] u = new double[outputs * zWidth];   // U: outputs x zWidth
        double[] dz = new double[batch * zWidth];
        double[] dh = new double[batch * outputs];
        // float32 values where float32 runs, so the exact sums are of what the float32 kernel reads
        for (int i = 0; i < u.length; i++) {
            u[i] = float32 ? (float) rnd.nextGaussian() : rnd.nextGaussian();
        }
        for (int i = 0; i < dz.length; i++) {
            dz[i] = float32 ? (float) rnd.nextGaussian() : rnd.nextGaussian();
        }
        for (int i = 0; i < dh.length; i++) {
            dh[i] = float32 ? (float) rnd.nextGaussian() : rnd.nextGaussian();
        }
        double[] before = dh.clone();

        if (float32) {
            float[] out = FloatWeights.toFloat(dh);
            new FloatTransposedPanels(FloatWeights.toFloat(u), outputs, zWidth).addProduct(FloatWeights.toFloat(dz),
                    0, batch, out, FloatTransposedPanels.scratch());
            dh = StepKernel.widen(out);
        } else {
            new DoubleTransposedPanels(u, outputs, zWidth).addProduct(dz, 0, batch, dh,
                    DoubleTransposedPanels.scratch());
        }

        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < outputs; j++) {
                BigDecimal sum = new BigDecimal(before[b * outputs + j]);
                double magnitude = Math.abs(before[b * outputs + j]);
                for (int k = 0; k < zWidth; k++) {
                    double term = dz[b * zWidth + k] * u[j * zWidth + k];
                    sum = sum.add(new BigDecimal(dz[b * zWidth + k]).multiply(new BigDecimal(u[j * zWidth + k])));
                    magnitude += Math.abs(term);
                }
                double exact = sum.round(MathContext.DECIMAL64).doubleValue();
                // an fma chain of zWidth terms, then one addition: at most (zWidth + 1) ulps of the terms' magnitude
                double ulp = float32 ? Math.ulp((float) magnitude) : Math.ulp(magnitude);
                assertThat(dh[b * outputs + j]).as("dh[%d][%d]", b, j)
                        .isCloseTo(exact, org.assertj.core.data.Offset.offset((zWidth + 1) * ulp));
            }
        }
    }
}
