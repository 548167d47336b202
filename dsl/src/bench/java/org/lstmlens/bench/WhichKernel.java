package org.lstmlens.bench;

import org.lstmlens.core.Products;

/** Prints the product kernel this JVM picks, for the benchmark report. */
public final class WhichKernel {
    private WhichKernel() {
    }

    public static void main(String[] args) {
        System.out.println(Products.current().name());
    }
}
