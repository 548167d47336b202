package org.lstmlens.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.lstmlens.io.ModelLoader;
import org.lstmlens.model.Model;

/**
 * The first thing a fresh JVM does: open a PyTorch file and make it ready to run. Prints the time from the JVM's
 * start (class loading and cold code included) and the load alone:
 * {@code java -cp ... org.lstmlens.bench.TorchLoadOnce /tmp/lstmlens-100mb.pt}.
 */
public final class TorchLoadOnce {
    private TorchLoadOnce() {
    }

    public static void main(String[] args) {
        long t0 = System.nanoTime();
        Model m = ModelLoader.load(Path.of(args.length > 0 ? args[0] : "/tmp/lstmlens-100mb.pt"));
        long load = (System.nanoTime() - t0) / 1_000_000;
        long sinceStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.println(m + ": load " + load + " ms, " + sinceStart + " ms since the JVM started");
    }
}
