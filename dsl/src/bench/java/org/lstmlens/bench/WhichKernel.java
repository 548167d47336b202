package org.lstmlens.bench;

import org.lstmlens.core.Products;
import org.lstmlens.core.vector.VectorPass;

/** Prints the forward pass and product kernel this JVM picks, for the benchmark report. */
public final class WhichKernel {
    private WhichKernel() {
    }

    public static void main(String[] args) {
        System.out.println(VectorPass.describe() + "; products: " + Products.current().name());
    }
}
