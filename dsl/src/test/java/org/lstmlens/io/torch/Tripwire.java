package org.lstmlens.io.torch;

/**
 * A class a hostile pickle names ({@code org.lstmlens.io.torch.Tripwire boom}) and no code refers to: if the reader
 * ever looked a global up as a Java class ({@code Class.forName} initialises it), this initializer would run and set
 * the system property {@code lstmlens.tripwire}.
 */
final class Tripwire {
    static {
        System.setProperty("lstmlens.tripwire", "initialised by a pickle");
    }

    private Tripwire() {
    }

    static void boom() {
        // never called
    }
}
