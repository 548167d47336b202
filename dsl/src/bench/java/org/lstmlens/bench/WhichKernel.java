package org.lstmlens.bench;


/** Prints the forward pass and product kernel this JVM picks, for the benchmark report. */
public final class WhichKernel {
    private WhichKernel() {
    }

    public static void main(String[] args) {
        System.out.println(org.lstmlens.core.Engine.describe());
    }
}
