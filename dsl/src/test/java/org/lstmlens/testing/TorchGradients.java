package org.lstmlens.testing;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.zip.GZIPInputStream;
import org.lstmlens.io.ModelLoader;
import org.lstmlens.model.Model;

/**
 * One case of {@code dsl/src/test/data/torch/float32_gradients.json.gz}, written by {@code make_float32_gradients.py}
 * there with torch 2.13: a bare nn.LSTM or nn.GRU ({@code NAME.pt}, its state_dict), float32 sequences, the weights
 * {@code w} of the scalar {@code f = w . h_last}, and torch's autograd input gradients and integrated gradients (16
 * points, zero baseline, midpoint rule) of f in float64 ({@code module.double()}) and, for the LSTMs, in float32.
 * The file belongs to the repository: a missing one FAILS the test.
 */
public final class TorchGradients {
    private static JsonObject cases;

    private final String name;
    private final JsonObject c;

    private TorchGradients(String name, JsonObject c) {
        this.name = name;
        this.c = c;
    }

    /** Case {@code name} ({@code f32grad_lstm_small}, {@code f32grad_lstm_large}, {@code f32grad_gru_small}). */
    public static synchronized TorchGradients of(String name) {
        if (cases == null) {
            try (Reader r = new InputStreamReader(new GZIPInputStream(Files.newInputStream(
                    TorchFixtures.file("float32_gradients.json.gz"))), StandardCharsets.UTF_8)) {
                cases = JsonParser.parseReader(r).getAsJsonObject().getAsJsonObject("cases");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        JsonObject c = cases.getAsJsonObject(name);
        if (c == null) {
            throw new AssertionError("no case " + name + " in float32_gradients.json.gz; it has " + cases.keySet());
        }
        return new TorchGradients(name, c);
    }

    public String name() {
        return name;
    }

    /** The module's state_dict, loaded as a notebook loads it. */
    public Model model() {
        return ModelLoader.load(TorchFixtures.file(c.get("file").getAsString()));
    }

    /** The sequences, {@code [sample][timestep][feature]}: float32 values, exact (written in float32's shortest form). */
    public double[][][] x() {
        double[][][] x = TorchFixtures.array3(c.get("x"));
        for (double[][] s : x) {
            for (double[] row : s) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = (float) row[j];
                }
            }
        }
        return x;
    }

    /** The weights of {@code f = w . h_last}, exact float32 values. */
    public double[] w() {
        double[] w = flat("w");
        for (int k = 0; k < w.length; k++) {
            w[k] = (float) w[k];
        }
        return w;
    }

    public int igSteps() {
        return c.get("ig_steps").getAsInt();
    }

    /** Whether torch's float32 results are in the file. */
    public boolean hasFloat32() {
        return c.has("gradient_f32");
    }

    /** An array of the case ({@code gradient_f64}, {@code ig_f32}, ...), flattened in [sample][timestep][feature] order. */
    public double[] flat(String key) {
        JsonElement e = c.get(key);
        if (e == null) {
            throw new AssertionError(name + " has no " + key);
        }
        return TorchFixtures.flat(e);
    }

    /** max |got - want| over max |want|, with the length checked. */
    public static double relativeError(double[] got, double[] want) {
        if (got.length != want.length) {
            throw new AssertionError("expected " + want.length + " values, got " + got.length);
        }
        double worst = 0;
        double scale = 0;
        for (int i = 0; i < got.length; i++) {
            worst = Math.max(worst, Math.abs(got[i] - want[i]));
            scale = Math.max(scale, Math.abs(want[i]));
        }
        return worst / scale;
    }

    @Override
    public String toString() {
        return name;
    }
}
