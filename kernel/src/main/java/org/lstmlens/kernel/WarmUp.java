package org.lstmlens.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import com.google.gson.JsonObject;
import org.lstmlens.kernel.execution.CellException;
import org.lstmlens.kernel.execution.JShellEvaluator;
import org.lstmlens.kernel.protocol.Signer;
import org.lstmlens.kernel.protocol.Wire;
import org.lstmlens.io.ModelLoader;
import org.lstmlens.model.Tensor;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * What a kernel start and a first cell do, without a client: JShell built, a DSL cell evaluated, a completion and an
 * inspect, a socket bound, a message signed, a tiny ONNX model and a tiny PyTorch state_dict opened and run.
 * install.sh runs this under {@code -XX:ArchiveClassesAtExit} so that the classes (most of them the JDK compiler's;
 * the protobuf runtime and the ONNX and PyTorch readers', 0.2 s of a first ONNX load) are mapped from an archive at
 * every later start.
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
        openOnnx();
        openTorch();
        JsonObject probe = new JsonObject();
        probe.addProperty("warm", true);
        Signer.of("hmac-sha256", "warm-up").sign(Wire.gson().toJson(probe).getBytes(StandardCharsets.UTF_8));
    }

    /** Opens and runs warm-up.onnx (make_warm_up_models.py wrote it): an LSTM node of hidden_size 2. */
    static List<Tensor> openOnnx() {
        return open("warm-up.onnx", Tensor.of(new int[] {3, 1, 1}, new double[] {1, -1, 0.5})); // [seq, batch, in]
    }

    /** Opens and runs warm-up.pt (make_warm_up_models.py wrote it): torch's state_dict of an nn.LSTM(1, 2). */
    static List<Tensor> openTorch() {
        return open("warm-up.pt", Tensor.of(new int[] {1, 3, 1}, new double[] {1, -1, 0.5})); // [batch, seq, in]
    }

    private static List<Tensor> open(String resource, Tensor x) {
        try (InputStream in = WarmUp.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the kernel's jar");
            }
            Path file = Files.createTempFile("lstm-lens-warm-up", resource.substring(resource.lastIndexOf('.')));
            try {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                return ModelLoader.load(file).predict(List.of(x));
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("warm-up model " + resource + ": " + e.getMessage(), e);
        }
    }
}
