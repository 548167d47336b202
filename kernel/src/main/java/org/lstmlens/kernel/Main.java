package org.lstmlens.kernel;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.lstmlens.kernel.protocol.ConnectionFile;
import org.lstmlens.kernel.protocol.KernelLog;
import org.lstmlens.kernel.protocol.KernelServer;
import org.lstmlens.kernel.runtime.Display;
import org.lstmlens.kernel.runtime.ProgressBars;
import org.lstmlens.progress.Progress;

/**
 * Starts the kernel for a Jupyter client: {@code java -jar lstm-lens-kernel.jar <connection-file>}
 * (or {@value #WARM_UP}, see {@link WarmUp}; {@code --version}).
 * The process lives until the client asks it to shut down (or restart, which is a shutdown and a new process).
 */
public final class Main {
    /** Runs a first cell and exits: install.sh records the classes it loads in a class-data-sharing archive. */
    static final String WARM_UP = "--warm-up";

    private Main() {
    }

    public static void main(String[] args) throws IOException {
        // the original stderr, before cells' output is captured: Jupyter puts it in its log, never in a cell
        PrintStream stderr = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        if (args.length == 1 && args[0].equals(WARM_UP)) {
            WarmUp.run();
            return;
        }
        if (args.length == 1 && args[0].equals("--version")) {
            System.out.println("lstm-lens kernel " + LensKernel.version());
            return;
        }
        if (args.length != 1) {
            stderr.println("usage: java -jar lstm-lens-kernel.jar <connection-file> | --version; got "
                    + args.length + " arguments");
            System.exit(2);
        }
        Path connectionFile = Path.of(args[0]);
        KernelLog log = KernelLog.forKernel(connectionFile, stderr);
        ConnectionFile connection = ConnectionFile.parse(Files.readString(connectionFile), connectionFile.toString());
        LensKernel kernel = new LensKernel(log);
        KernelServer server = new KernelServer(connection, kernel, log);
        Display.useSink(value -> server.display(MimeAdapter.ofObject(value)));
        Progress.listen(new ProgressBars(() -> {
            KernelServer.CellOutput cell = server.runningCell(ProgressBars.METADATA_KEY);
            return cell == null ? null : cell::show;
        }));
        Runtime.getRuntime().addShutdownHook(new Thread(server::exitNotice, "lstm-lens-exit-notice"));
        server.start();
        kernel.startJShell();
        log.info("serving " + connectionFile.getFileName() + " " + uptimeMs() + " ms after the JVM started, "
                + "Java " + Runtime.version() + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MB");
    }

    static long uptimeMs() {
        return ManagementFactory.getRuntimeMXBean().getUptime();
    }
}
