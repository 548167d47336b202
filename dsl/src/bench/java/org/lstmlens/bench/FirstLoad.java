package org.lstmlens.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.lstmlens.io.ModelLoader;
import org.lstmlens.model.Model;

/**
 * Opening a model as the first thing a fresh JVM does, until it is ready to run (file read, every array converted to
 * the core's layout): prints the load's own time and the time since the JVM started. For one file per run, as a
 * notebook's first {@code lstm.load}: {@code java ... org.lstmlens.bench.FirstLoad /tmp/lstm_100mb.onnx}.
 */
public final class FirstLoad {
    private FirstLoad() {
    }

    public static void main(String[] args) {
        long t0 = System.nanoTime();
        Model m = ModelLoader.load(Path.of(args[0]));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        long sinceStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.println(args[0] + ": " + m.params() + " params ready in " + ms + " ms; " + sinceStart
                + " ms after the JVM started");
    }
}
