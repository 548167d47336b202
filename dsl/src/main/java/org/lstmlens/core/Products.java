package org.lstmlens.core;

import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The one place where the LSTM's matrix products are computed. Every forward and backward pass goes through
 * {@link #current()}, so a faster kernel (native BLAS, the Vector API) can be swapped in without touching the math.
 * All matrices are dense, row-major {@code double[]} of exactly {@code rows * cols} values.
 */
public interface Products {

    /** {@code c = a . b} (or {@code c += a . b} when {@code accumulate}); a is m x k, b is k x n, c is m x n. */
    void mult(double[] a, double[] b, double[] c, int m, int k, int n, boolean accumulate);

    /** {@code c = a . b^T} (or {@code +=}); a is m x k, b is n x k, c is m x n. For gradients. */
    void multTransB(double[] a, double[] b, double[] c, int m, int k, int n, boolean accumulate);

    /** {@code c = a^T . b} (or {@code +=}); a is k x m, b is k x n, c is m x n. For gradients. */
    void multTransA(double[] a, double[] b, double[] c, int m, int k, int n, boolean accumulate);

    /** A short name for reports, e.g. {@code ejml}. */
    String name();

    /** The kernel in use. */
    static Products current() {
        return Holder.current;
    }

    /** Uses {@code products} for every pass from now on. */
    static void use(Products products) {
        Holder.current = Objects.requireNonNull(products, "products");
    }

    /** EJML's row-major products: the reference, and the default. */
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
        private static volatile Products current = EJML;

        private Holder() {
        }
    }
}
