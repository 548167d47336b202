package org.lstmlens.kernel;

import java.nio.charset.StandardCharsets;

import com.google.gson.JsonObject;
import org.lstmlens.kernel.execution.CellException;
import org.lstmlens.kernel.execution.JShellEvaluator;
import org.lstmlens.kernel.protocol.Signer;
import org.lstmlens.kernel.protocol.Wire;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * What a kernel start and a first cell do, without a client: JShell built, a DSL cell evaluated, a completion and an
 * inspect, a socket bound, a message signed. install.sh runs this under {@code -XX:ArchiveClassesAtExit} so that
 * the classes (most of them the JDK compiler's) are mapped from an archive at every later start.
 */
final class WarmUp {
    private WarmUp() {
    }

    static void run() {
        try (JShellEvaluator evaluator = JShellEvaluator.create()) {
            evaluator.eval("var warm = lstm.params(2, 1);\nwarm").map(MimeAdapter::of);
            evaluator.complete("lstm.pa", 7);
            evaluator.inspect("lstm.params(", 12);
            evaluator.isComplete("for (int i = 0; i < 2; i++) {");
        } catch (CellException e) {
            throw new IllegalStateException("warm-up cell failed: " + e.getMessage(), e);
        }
        try (ZMQ.Context context = ZMQ.context(1); ZMQ.Socket socket = context.socket(SocketType.ROUTER)) {
            socket.setLinger(0);
            socket.bindToRandomPort("tcp://127.0.0.1");
        }
        JsonObject probe = new JsonObject();
        probe.addProperty("warm", true);
        Signer.of("hmac-sha256", "warm-up").sign(Wire.gson().toJson(probe).getBytes(StandardCharsets.UTF_8));
    }
}
