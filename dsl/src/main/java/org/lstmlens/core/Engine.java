package org.lstmlens.core;

import org.lstmlens.core.products.Products;

/**
 * Which pass computes this JVM's recurrent layers, and why: the one public window onto the engine, whose classes
 * (the fused vector pass, the gate math) are package-private.
 */
public final class Engine {
    private Engine() {
    }

    /**
     * For reports, e.g. {@code fused vector pass (512-bit, up to 2 threads); products: native-blas}, or why the
     * fused pass is off. The fused pass runs LSTMs; every other cell runs the time loop over the product kernel.
     */
    public static String describe() {
        return VectorPass.describe() + "; products: " + Products.current().name();
    }

    /** Whether untraced LSTM runs take the fused vector pass in this JVM. */
    public static boolean fusedPassAvailable() {
        return VectorPass.available();
    }
}
