package org.lstmlens.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.lstmlens.core.Activation;
import org.lstmlens.core.GruCell;
import org.lstmlens.core.LayerOutput;
import org.lstmlens.core.LstmCell;
import org.lstmlens.core.LstmLayer;
import org.lstmlens.core.LstmWeights;
import org.lstmlens.core.Rnn;
import org.lstmlens.core.SequenceBatch;
import org.lstmlens.core.SimpleRnnCell;

/**
 * Runs LSTM Lens on the peers' own numbers (the weights, input and outputs peers.py wrote to {@code check/}) and
 * prints, per cell and case, how far our double and float32 outputs are from the NumPy float64 loop and from each
 * peer's float32 output: so the table compares passes that compute the same thing. Exits 1 if our double output
 * is further than 1e-10 from the float64 loop or our float32 output further than 1e-5 from it.
 */
public final class CheckPeers {
    private static final double DOUBLE_TOL = 1e-10;
    private static final double FLOAT_TOL = 1e-5;

    private CheckPeers() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".bin")).sorted().toList();
        }
        boolean ok = true;
        System.out.println("LSTM Lens on the peers' weights and inputs: max |ours - x| (x = NumPy float64 loop, or a"
                + " peer's float32 output)");
        for (Path f : files) {
            ok &= check(f);
        }
        System.exit(ok ? 0 : 1);
    }

    private static boolean check(Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] head = new byte[buf.getInt()];
        buf.get(head);
        String json = new String(head, StandardCharsets.UTF_8);
        String cell = field(json, "cell");
        String name = field(json, "case");
        Matcher shape = Pattern.compile("\"shape\": \\[(\\d+), (\\d+), (\\d+)\\]").matcher(json);
        shape.find();
        int batch = Integer.parseInt(shape.group(1));
        int steps = Integer.parseInt(shape.group(2));
        int features = Integer.parseInt(shape.group(3));
        int units = Integer.parseInt(json.replaceAll(".*\"units\": (\\d+).*", "$1"));
        List<String> outputs = new ArrayList<>();
        Matcher o = Pattern.compile("\"([a-z]+(?:-[a-z]+)?-float(?:32|64))\"").matcher(json);
        while (o.find()) {
            outputs.add(o.group(1));
        }
        double[] x = array(buf);
        double[] kernel = array(buf);
        double[] recurrent = array(buf);
        double[] bias = array(buf);
        double[] reference = array(buf);
        int bands = kernel.length / (features * units);
        Rnn layer = layer(cell, rows(kernel, features), rows(recurrent, units), bias, bands * units);
        double[][][] in = new double[batch][steps][features];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                System.arraycopy(x, (b * steps + t) * features, in[b][t], 0, features);
            }
        }
        SequenceBatch input = SequenceBatch.of(in);
        double[] ours = last(layer.run(input), batch, units);
        double[] oursFloat = floatRun(layer, input, batch, units);
        double d = maxDiff(ours, reference);
        double df = oursFloat == null ? Double.NaN : maxDiff(oursFloat, reference);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "%-9s %s  double vs f64 loop %.1e;  float32 vs f64 loop %.1e", cell, name, d, df));
        for (String peer : outputs) {
            double[] theirs = array(buf);
            if (peer.endsWith("float32") && oursFloat != null) {
                line.append(String.format(Locale.ROOT, ", vs %s %.1e", peer, maxDiff(oursFloat, theirs)));
            }
        }
        boolean ok = d <= DOUBLE_TOL && (oursFloat == null || df <= FLOAT_TOL);
        System.out.println(line + (ok ? "" : "   <-- beyond 1e-10 (double) or 1e-5 (float32)"));
        return ok;
    }

    private static Rnn layer(String cell, double[][] kernel, double[][] recurrent, double[] bias, int n) {
        switch (cell) {
            case "LSTM":
                return new LstmLayer("lstm", new LstmCell(LstmWeights.of(kernel, recurrent, bias), Activation.TANH,
                        Activation.SIGMOID), false, false);
            case "GRU": {
                double[] b = java.util.Arrays.copyOfRange(bias, 0, n);
                double[] rb = java.util.Arrays.copyOfRange(bias, n, 2 * n);
                return new Rnn("gru", new GruCell(GruCell.weights(kernel, recurrent, b, rb), Activation.TANH,
                        Activation.SIGMOID, true), false, false);
            }
            default:
                return new Rnn("rnn", new SimpleRnnCell(SimpleRnnCell.weights(kernel, recurrent, bias),
                        Activation.TANH), false, false);
        }
    }

    private static double[] floatRun(Rnn layer, SequenceBatch input, int batch, int units) {
        return last(layer.runFloat(input), batch, units);
    }

    private static double[] last(LayerOutput out, int batch, int units) {
        double[] r = new double[batch * units];
        for (int b = 0; b < batch; b++) {
            for (int k = 0; k < units; k++) {
                r[b * units + k] = out.output(b, k);
            }
        }
        return r;
    }

    private static double maxDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    private static String field(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": \"([^\"]*)\"").matcher(json);
        m.find();
        return m.group(1);
    }

    private static double[] array(ByteBuffer buf) {
        double[] a = new double[(int) buf.getLong()];
        buf.asDoubleBuffer().get(a);
        buf.position(buf.position() + a.length * Double.BYTES);
        return a;
    }

    private static double[][] rows(double[] flat, int rows) {
        int cols = flat.length / rows;
        double[][] m = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * cols, m[r], 0, cols);
        }
        return m;
    }
}
