package org.lstmlens.core.products;

import dev.ludovic.netlib.blas.BLAS;

/**
 * Products through a netlib BLAS: the machine's native BLAS over JNI (OpenBLAS on Debian) or netlib's Vector API
 * kernel. BLAS is column-major; a row-major {@code c = a . b} is the column-major {@code c^T = b^T . a^T}, so every
 * call swaps the operands instead of copying. A single row ({@code m == 1}, batch 1) goes to gemv, which BLAS
 * libraries tune for that shape.
 */
public final class NetlibProducts implements Products {
    private final BLAS blas;
    private final String name;

    NetlibProducts(BLAS blas, String name) {
        this.blas = blas;
        this.name = name;
    }

    @Override
    public void mult(double[] a, double[] b, double[] c, int m, int k, int n, boolean accumulate) {
        mult(a, 0, b, 0, c, 0, m, k, n, accumulate);
    }

    @Override
    public void mult(double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int m, int k, int n,
                     boolean accumulate) {
        double beta = accumulate ? 1 : 0;
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            zeroUnlessAccumulating(c, cOff, m * n, accumulate);
        } else if (m == 1) {
            blas.dgemv("N", n, k, 1, b, bOff, n, a, aOff, 1, beta, c, cOff, 1);
        } else {
            blas.dgemm("N", "N", n, m, k, 1, b, bOff, n, a, aOff, k, beta, c, cOff, n);
        }
    }

    @Override
    public void multTransB(double[] a, double[] b, double[] c, int m, int k, int n, boolean accumulate) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            zeroUnlessAccumulating(c, 0, m * n, accumulate);
            return;
        }
        blas.dgemm("T", "N", n, m, k, 1, b, 0, k, a, 0, k, accumulate ? 1 : 0, c, 0, n);
    }

    @Override
    public void multTransA(double[] a, double[] b, double[] c, int m, int k, int n, boolean accumulate) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            zeroUnlessAccumulating(c, 0, m * n, accumulate);
            return;
        }
        blas.dgemm("N", "T", n, m, k, 1, b, 0, n, a, 0, m, accumulate ? 1 : 0, c, 0, n);
    }

    @Override
    public void multFloat(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n,
                          boolean accumulate) {
        float beta = accumulate ? 1 : 0;
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                java.util.Arrays.fill(c, cOff, cOff + m * n, 0f);
            }
        } else if (m == 1) {
            blas.sgemv("N", n, k, 1, b, bOff, n, a, aOff, 1, beta, c, cOff, 1);
        } else {
            blas.sgemm("N", "N", n, m, k, 1, b, bOff, n, a, aOff, k, beta, c, cOff, n);
        }
    }

    @Override
    public String name() {
        return name;
    }

    private static void zeroUnlessAccumulating(double[] c, int off, int len, boolean accumulate) {
        if (!accumulate) {
            java.util.Arrays.fill(c, off, off + len, 0);
        }
    }

    @Override
    public String toString() {
        return "Products[" + name + "]";
    }
}
