package org.lstmlens.core.products;

import dev.ludovic.netlib.blas.NativeBLAS;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.lstmlens.error.NameException;

/**
 * Picks the product kernel once, at start-up: the machine's native BLAS through JNI ({@code libblas.so.3}; Debian's
 * OpenBLAS is about 15x EJML here), else the blocked Java kernel, which needs nothing. The system property
 * {@code lstmlens.products} ({@code ejml}, {@code native}, {@code java}) forces a choice, e.g. to compare kernels.
 *
 * <p>netlib's own Vector API kernel is deliberately not offered: the untraced forward pass has its own Vector API
 * code ({@code org.lstmlens.core.vector}), and a second Vector API user in the same JVM pollutes the JIT's type
 * profiles of the shared {@code jdk.incubator.vector} methods, after which C2 stops compiling the fused kernels to
 * vector instructions (measured: the float32 pass then allocated 1.1 GB of boxed vectors per 2700 steps).
 */
public final class KernelChoice {
    /** The system property that forces a kernel. */
    public static final String PROPERTY = "lstmlens.products";

    // netlib probes every implementation once and logs a warning for each one it cannot load (the Vector API
    // without its module, always on Java 17): that is the expected fallback here, reported by Products.name()
    private static final Logger NETLIB_LOG = Logger.getLogger("dev.ludovic.netlib.blas.InstanceBuilder");

    private KernelChoice() {
    }

    /** The kernel the property names, else the fastest one available. */
    public static Products best() {
        String forced = System.getProperty(PROPERTY);
        if (forced != null && !forced.isBlank()) {
            return named(forced);
        }
        Products p = nativeBlas();
        return p != null ? p : JavaProducts.INSTANCE;
    }

    /**
     * The kernel called {@code name}.
     *
     * @throws NameException for an unknown name, or a kernel this machine cannot run
     */
    public static Products named(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        Products p;
        switch (key) {
            case "ejml": return Products.EJML;
            case "java": return JavaProducts.INSTANCE;
            case "native": p = nativeBlas(); break;
            default:
                throw NameException.unknown("product kernel", name, "-D" + PROPERTY,
                        java.util.List.of("ejml", "native", "java"));
        }
        if (p == null) {
            throw new NameException("product kernel \"" + name + "\" (-D" + PROPERTY + ") is not available here: "
                    + "no loadable libblas.so.3 (Debian: apt-get install libopenblas0-pthread); valid here: ejml, java");
        }
        return p;
    }

    /** Native BLAS through JNI, or null where no native library loads. */
    public static Products nativeBlas() {
        quietProbe();
        try {
            return new NetlibProducts(NativeBLAS.getInstance(), "native-blas");
        } catch (RuntimeException | LinkageError e) {
            return null; // no libblas.so.3, or no JNI shim for this platform: fall back
        }
    }

    private static void quietProbe() {
        if (NETLIB_LOG.getLevel() == null) {
            NETLIB_LOG.setLevel(Level.SEVERE);
        }
    }
}
