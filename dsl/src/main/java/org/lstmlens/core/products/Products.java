package org.lstmlens.core.products;

import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The one place where the recurrent layers' matrix products are computed. Every forward and backward pass goes
 * through {@link #current()}, so a faster kernel can be swapped in without touching the math.
 * All matrices are dense and row-major; the offset variants read and write a matrix that starts at an offset of a
 * larger array (one timestep of a time-major batch), so the layer loop needs no copies.
 *
 * <p>The default kernel is the fastest one this machine has (see {@link KernelChoice}): native BLAS through JNI, else
 * blocked Java. {@code -Dlstmlens.products=ejml|native|java} forces one. (The fused LSTM pass has its own Vector API
 * kernels; a Vector API product kernel beside them was dropped: two Vector API users in one JVM spoil each other's
 * JIT profiles.) A leaf package: it imports nothing of the core, which imports it.
 */
public interface Products {

    /** {@code c = a . b} (or {@code c += a . b} when {@code accumulate}); a is m x k, b is k x n, c is m x n. */
    void mult(double[] a, double[] b, double[] c, int m, int k, int n, boolean accumulate);

    /** {@code c = a . b^T} (or {@code +=}); a is m x k, b is n x k, c is m x n. For gradients. */
    void multTransB(double[] a, double[] b, double[] c, int m, int k, int n, boolean accumulate);

    /** {@code c = a^T . b} (or {@code +=}); a is k x m, b is k x n, c is m x n. For gradients. */
    void multTransA(double[] a, double[] b, double[] c, int m, int k, int n, boolean accumulate);

    /** A short name for reports, e.g. {@code ejml} or {@code native-blas}. */
    String name();

    /**
     * As {@link #mult(double[], double[], double[], int, int, int, boolean)} on matrices starting at offsets.
     * This default copies; fast kernels override it.
     */
    default void mult(double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int m, int k, int n,
                      boolean accumulate) {
        if (aOff == 0 && bOff == 0 && cOff == 0 && a.length == m * k && b.length == k * n && c.length == m * n) {
            mult(a, b, c, m, k, n, accumulate);
            return;
        }
        double[] as = java.util.Arrays.copyOfRange(a, aOff, aOff + m * k);
        double[] bs = java.util.Arrays.copyOfRange(b, bOff, bOff + k * n);
        double[] cs = java.util.Arrays.copyOfRange(c, cOff, cOff + m * n);
        mult(as, bs, cs, m, k, n, accumulate);
        System.arraycopy(cs, 0, c, cOff, m * n);
    }

    /**
     * {@code c = a . b} (or {@code +=}) in float32, for the single-precision path; same layout as the double
     * {@link #mult(double[], int, double[], int, double[], int, int, int, int, boolean)}. This default is the
     * blocked Java kernel; native kernels override it.
     */
    default void multFloat(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int m, int k, int n,
                           boolean accumulate) {
        JavaProducts.INSTANCE.multFloat(a, aOff, b, bOff, c, cOff, m, k, n, accumulate);
    }

    /** The kernel in use. */
    static Products current() {
        return Holder.current;
    }

    /** Uses {@code products} for every pass from now on. */
    static void use(Products products) {
        Holder.current = Objects.requireNonNull(products, "products");
    }

    /** EJML's row-major products: the reference every other kernel is tested against. */
    Products EJML = new Products() {
        @Override
        public void mult(double[] a, double[] b, double[] c, int m, int k, int n, boolean accumulate) {
            DMatrixRMaj am = DMatrixRMaj.wrap(m, k, a);
            DMatrixRMaj bm = DMatrixRMaj.wrap(k, n, b);
            DMatrixRMaj cm = DMatrixRMaj.wrap(m, n, c);
            if (accumulate) {
                CommonOps_DDRM.multAdd(am, bm, cm);
            } else {
                CommonOps_DDRM.mult(am, bm, cm);
            }
        }

        @Override
        public void multTransB(double[] a, double[] b, double[] c, int m, int k, int n, boolean accumulate) {
            DMatrixRMaj am = DMatrixRMaj.wrap(m, k, a);
            DMatrixRMaj bm = DMatrixRMaj.wrap(n, k, b);
            DMatrixRMaj cm = DMatrixRMaj.wrap(m, n, c);
            if (accumulate) {
                CommonOps_DDRM.multAddTransB(am, bm, cm);
            } else {
                CommonOps_DDRM.multTransB(am, bm, cm);
            }
        }

        @Override
        public void multTransA(double[] a, double[] b, double[] c, int m, int k, int n, boolean accumulate) {
            DMatrixRMaj am = DMatrixRMaj.wrap(k, m, a);
            DMatrixRMaj bm = DMatrixRMaj.wrap(k, n, b);
            DMatrixRMaj cm = DMatrixRMaj.wrap(m, n, c);
            if (accumulate) {
                CommonOps_DDRM.multAddTransA(am, bm, cm);
            } else {
                CommonOps_DDRM.multTransA(am, bm, cm);
            }
        }

        @Override
        public String name() {
            return "ejml";
        }
    };

    /** Holds the swappable kernel (interfaces cannot have mutable static fields of their own). */
    final class Holder {
        private static volatile Products current = KernelChoice.best();

        private Holder() {
        }
    }
}
