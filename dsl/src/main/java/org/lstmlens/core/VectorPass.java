package org.lstmlens.core;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/**
 * The fused step kernels ({@link DoubleRecurrence}, {@link FloatRecurrence}) of LSTM, GRU (reset_after=True) and
 * SimpleRNN under the time loop of {@link Rnn}: x.W + b hoisted in chunks on the Java Vector API, then per step h.U
 * over packed panels with the cell's gates over whole unit ranges, on up to two threads. It needs the JVM to run with
 * {@code --add-modules jdk.incubator.vector} and the C2 compiler (without C2 vector code is slower than scalar);
 * where either is missing the layer loop runs instead, and {@link #describe()} says why.
 * {@code -Dlstmlens.vector=off} turns it off.
 */
final class VectorPass {
    /** The system property that turns the fused pass off ({@code off}). */
    static final String PROPERTY = "lstmlens.vector";

    private static final String WHY_NOT = probe();

    private VectorPass() {
    }

    /** Whether this JVM can run the fused pass. */
    static boolean available() {
        return WHY_NOT == null;
    }

    /** The cells the fused steps compute ({@link RecurrentCell#fusedStep}). */
    static final int LSTM = 0;
    static final int GRU = 1;
    static final int SIMPLE = 2;

    /** Whether this JVM runs this cell's steps fused. */
    static boolean runs(RecurrentCell cell) {
        return available() && cell.fusedStep() >= 0;
    }

    /** The fused step kernel of this cell, in double or float32; {@code workers} 0 to choose, else 1 or 2. */
    static StepKernel kernel(RecurrentCell cell, SequenceBatch x, boolean[][] mask, Trace trace, int workers,
                             boolean float32) {
        return float32 ? new FloatRecurrence(cell, x, mask, trace, workers)
                : new DoubleRecurrence(cell, x, mask, trace, workers);
    }

    /** For reports: e.g. {@code fused vector pass (512-bit, up to 2 threads)}, or why it is off. */
    static String describe() {
        if (WHY_NOT != null) {
            return "fused vector pass off: " + WHY_NOT;
        }
        int threads = Math.min(2, Runtime.getRuntime().availableProcessors());
        return "fused vector pass (" + Lanes.bits() + "-bit, up to " + threads + " thread" + (threads == 1 ? "" : "s")
                + "; LSTM, GRU with reset_after, SimpleRNN"
                + ")";
    }

    private static String probe() {
        String setting = System.getProperty(PROPERTY, "").trim().toLowerCase(Locale.ROOT);
        if (setting.equals("off") || setting.equals("false")) {
            return "-D" + PROPERTY + "=" + setting;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return "the JVM runs without --add-modules jdk.incubator.vector";
        }
        String noC2 = withoutC2(ManagementFactory.getRuntimeMXBean().getInputArguments());
        if (noC2 != null) {
            return noC2 + " (vector code needs the C2 compiler)";
        }
        if (Lanes.bits() < 256) {
            return "this CPU's vectors are " + Lanes.bits() + "-bit (256 or more needed)";
        }
        return null;
    }

    /** The JVM option that keeps C2 from compiling, or null. */
    static String withoutC2(List<String> jvmArguments) {
        for (String a : jvmArguments) {
            if (a.equals("-Xint") || a.equals("-XX:-UseCompiler")) {
                return a;
            }
            if (a.startsWith("-XX:TieredStopAtLevel=")) {
                String level = a.substring("-XX:TieredStopAtLevel=".length()).trim();
                if (!level.equals("4")) {
                    return a;
                }
            }
        }
        return null;
    }

    /** The vector width, in a class of its own so the probe touches the Vector API only once the module is there. */
    private static final class Lanes {
        static int bits() {
            return jdk.incubator.vector.DoubleVector.SPECIES_PREFERRED.vectorBitSize();
        }
    }
}
