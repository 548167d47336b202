package org.lstmlens.io.torch;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lstmlens.core.SequenceBatch;
import org.lstmlens.io.ModelLoader;
import org.lstmlens.model.BidirectionalLayer;
import org.lstmlens.model.Layer;
import org.lstmlens.model.Model;
import org.lstmlens.model.RecurrentLayer;
import org.lstmlens.testing.TorchFixtures;

/**
 * The float32 path ({@code Rnn.runFloat}: weights, input and state in float, as torch computes) of every bare
 * nn.LSTM / nn.GRU / nn.RNN fixture against torch's own float32 forward, layer by layer and direction by direction as
 * PyTorch's output is made (the reverse direction flipped back to input time, then concatenated).
 */
class TorchFloat32Test {
    private static final double F32_TOL = 1e-6;

    static Stream<String> bare() throws IOException {
        List<String> out = new ArrayList<>();
        for (String name : TorchFixtures.names()) {
            JsonObject want = TorchFixtures.expected(name);
            if (want.has("output_f32") && !want.getAsJsonObject("options").has("head")) {
                out.add(name);
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bare")
    void should_compute_in_float32_what_torch_computed(String name) throws IOException {
        JsonObject want = TorchFixtures.expected(name);
        Model model = ModelLoader.load(TorchFixtures.file(name + ".pt"), TorchFixturesTest.options(want, name + ".pt"));
        double[][][] x = TorchFixtures.array3(want.get("input"));

        for (Layer l : model.layers()) {
            if (l instanceof BidirectionalLayer) {
                BidirectionalLayer b = (BidirectionalLayer) l;
                x = concat(run(b.forwardLayer(), x), flip(run(b.backwardLayer(), x)));
            } else {
                x = run((RecurrentLayer) l, x);
            }
        }

        TorchFixturesTest.assertClose(name + " float32 against torch's float32 forward", TorchFixtures.flat(x),
                TorchFixtures.flat(want.get("output_f32")), F32_TOL);
    }

    private static double[][][] run(RecurrentLayer l, double[][][] x) {
        return l.rnn().runFloat(SequenceBatch.of(x)).toArray();
    }

    private static double[][][] flip(double[][][] y) {
        double[][][] out = new double[y.length][][];
        for (int b = 0; b < y.length; b++) {
            out[b] = new double[y[b].length][];
            for (int t = 0; t < y[b].length; t++) {
                out[b][t] = y[b][y[b].length - 1 - t];
            }
        }
        return out;
    }

    private static double[][][] concat(double[][][] a, double[][][] c) {
        double[][][] out = new double[a.length][a[0].length][];
        for (int b = 0; b < a.length; b++) {
            for (int t = 0; t < a[b].length; t++) {
                out[b][t] = new double[a[b][t].length + c[b][t].length];
                System.arraycopy(a[b][t], 0, out[b][t], 0, a[b][t].length);
                System.arraycopy(c[b][t], 0, out[b][t], a[b][t].length, c[b][t].length);
            }
        }
        return out;
    }
}
