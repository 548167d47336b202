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
     * fused pass is off. The fused steps run LSTM, GRU with reset_after=True and SimpleRNN; a GRU with
     * reset_after=False runs its own step over the product kernel (r multiplies h before U_h: a second product per
     * step that needs all of r first). Cells with ONNX's options (an LSTM's peepholes, clip, input_forget or own output
     * activation, a GRU's or SimpleRNN's clip) or PyTorch's projection also run their own step over the product kernel.
     */
    public static String describe() {
        return VectorPass.describe() + "; products: " + Products.current().name();
    }

    /** Whether runs take the fused vector steps in this JVM (for the cells that have one). */
    public static boolean fusedPassAvailable() {
        return VectorPass.available();
    }
}
