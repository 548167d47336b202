package org.lstmlens.core.products;


/**
 * Blocked pure-Java products: the fallback where no native BLAS loads. Every inner loop runs along a contiguous row
 * ({@code c[i, j..] += a[i, p] * b[p, j..]}), the shape the JIT turns into SIMD code; the columns are cut into
 * blocks so the rows of c being summed stay in the L1 cache.
 * Meant for machines without a BLAS library; native BLAS is several times faster (see dsl/src/bench).
 */
public final class JavaProducts implements Products {
    /** The kernel (stateless). */
    public static final JavaProducts INSTANCE = new JavaProducts();

    private static final int COLUMN_BLOCK = 512;
    private static final int DEPTH_BLOCK = 128;

    private JavaProducts() {
    }

    @Override
    public void mult(double[] a, double[] b, double[] c, int m, int k, int n, boolean accumulate) {
        mult(a, 0, b, 0, c, 0, m, k, n, accumulate);
    }

    @Override
    public void mult(double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int m, int k, int n,
                     boolean accumulate) {
        if (!accumulate) {
            java.util.Arrays.fill(c, cOff, cOff + m * n, 0);
        }
        for (int j0 = 0; j0 < n; j0 += COLUMN_BLOCK) {
            int j1 = Math.min(n, j0 + COLUMN_BLOCK);
            for (int p0 = 0; p0 < k; p0 += DEPTH_BLOCK) {
                int p1 = Math.min(k, p0 + DEPTH_BLOCK);
                for (int i = 0; i < m; i++) {
                    rowTimesBlock(a, aOff + i * k, b, bOff, n, c, cOff + i * n, p0, p1, j0, j1);
                }
            }
        }
    }

    /**
     * {@code c[ci + j] += sum_p a[ai + p] * b[bOff + p * n + j]} over p in [p0, p1), j in [j0, j1): four rows of b
     * per pass over the row of c, so c is loaded and stored once per four multiply-adds.
     */
    private static void rowTimesBlock(double[] a, int ai, double[] b, int bOff, int n, double[] c, int ci,
                                      int p0, int p1, int j0, int j1) {
        int p = p0;
        for (; p + 3 < p1; p += 4) {
            double s0 = a[ai + p];
            double s1 = a[ai + p + 1];
            double s2 = a[ai + p + 2];
            double s3 = a[ai + p + 3];
            int b0 = bOff + p * n;
            int b1 = b0 + n;
            int b2 = b1 + n;
            int b3 = b2 + n;
            for (int j = j0; j < j1; j++) {
                c[ci + j] += s0 * b[b0 + j] + s1 * b[b1 + j] + s2 * b[b2 + j] + s3 * b[b3 + j];
            }
        }
        for (; p < p1; p++) {
            axpy(a[ai + p], b, bOff + p * n, c, ci, j0, j1);
        }
    }

    /** {@code c[ci + j] += s * b[bi + j]} for j in [j0, j1): one contiguous SIMD-friendly loop. */
    private static void axpy(double s, double[] b, int bi, double[] c, int ci, int j0, int j1) {
        for (int j = j0; j < j1; j++) {
            c[ci + j] += s * b[bi + j];
        }
    }

    @Override
    public void multTransB(double[] a, double[] b, double[] c, int m, int k, int n, boolean accumulate) {
        // c[i, j] = a[i, :] . b[j, :]: dot products of contiguous rows, four partial sums to hide the add latency
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                int ai = i * k;
                int bj = j * k;
                int p = 0;
                for (; p + 3 < k; p += 4) {
                    s0 += a[ai + p] * b[bj + p];
                    s1 += a[ai + p + 1] * b[bj + p + 1];
                    s2 += a[ai + p + 2] * b[bj + p + 2];
                    s3 += a[ai + p + 3] * b[bj + p + 3];
                }
                for (; p < k; p++) {
                    s0 += a[ai + p] * b[bj + p];
                }
                double dot = (s0 + s1) + (s2 + s3);
                c[i * n + j] = accumulate ? c[i * n + j] + dot : dot;
            }
        }
    }

    @Override
    public void multTransA(double[] a, double[] b, double[] c, int m, int k, int n, boolean accumulate) {
        // c[i, :] += a[p, i] * b[p, :]: the same row-wise update as mult, reading a down a column
        if (!accumulate) {
            java.util.Arrays.fill(c, 0, m * n, 0);
        }
        for (int j0 = 0; j0 < n; j0 += COLUMN_BLOCK) {
            int j1 = Math.min(n, j0 + COLUMN_BLOCK);
            for (int p0 = 0; p0 < k; p0 += DEPTH_BLOCK) {
                int p1 = Math.min(k, p0 + DEPTH_BLOCK);
                for (int i = 0; i < m; i++) {
                    for (int p = p0; p < p1; p++) {
                        axpy(a[p * m + i], b, p * n, c, i * n, j0, j1);
                    }
                }
            }
        }
    }

    @Override
    public void multFloat(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n,
                          boolean accumulate) {
        if (!accumulate) {
            java.util.Arrays.fill(c, cOff, cOff + m * n, 0f);
        }
        for (int j0 = 0; j0 < n; j0 += COLUMN_BLOCK) {
            int j1 = Math.min(n, j0 + COLUMN_BLOCK);
            for (int p0 = 0; p0 < k; p0 += DEPTH_BLOCK) {
                int p1 = Math.min(k, p0 + DEPTH_BLOCK);
                for (int i = 0; i < m; i++) {
                    rowTimesBlock(a, aOff + i * k, b, bOff, n, c, cOff + i * n, p0, p1, j0, j1);
                }
            }
        }
    }

    /** The float twin of {@link #rowTimesBlock(double[], int, double[], int, int, double[], int, int, int, int, int)}. */
    private static void rowTimesBlock(float[] a, int ai, float[] b, int bOff, int n, float[] c, int ci,
                                      int p0, int p1, int j0, int j1) {
        int p = p0;
        for (; p + 3 < p1; p += 4) {
            float s0 = a[ai + p];
            float s1 = a[ai + p + 1];
            float s2 = a[ai + p + 2];
            float s3 = a[ai + p + 3];
            int b0 = bOff + p * n;
            int b1 = b0 + n;
            int b2 = b1 + n;
            int b3 = b2 + n;
            for (int j = j0; j < j1; j++) {
                c[ci + j] += s0 * b[b0 + j] + s1 * b[b1 + j] + s2 * b[b2 + j] + s3 * b[b3 + j];
            }
        }
        for (; p < p1; p++) {
            float s0 = a[ai + p];
            int b0 = bOff + p * n;
            for (int j = j0; j < j1; j++) {
                c[ci + j] += s0 * b[b0 + j];
            }
        }
    }

    @Override
    public String name() {
        return "java-blocked";
    }

    @Override
    public String toString() {
        return "Products[" + name() + "]";
    }
}
