package org.lstmlens.io.torch;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lstmlens.io.ModelLoader;
import org.lstmlens.model.BidirectionalLayer;
import org.lstmlens.model.Framework;
import org.lstmlens.model.Layer;
import org.lstmlens.model.Model;
import org.lstmlens.model.RecurrentLayer;
import org.lstmlens.model.Tensor;
import org.lstmlens.testing.ChainGradient;
import org.lstmlens.testing.TorchFixtures;

/**
 * Every PyTorch fixture of {@code dsl/src/test/data/torch} (written by torch 2.13, {@code make_torch_fixtures.py}),
 * in every form it was saved in (state_dict .pt, safetensors, TorchScript; dtype variants, strided views, the legacy
 * format, a checkpoint dict), opened through {@link ModelLoader} as a notebook opens it, and run: the outputs must be
 * torch's own forward outputs, the parameter count torch's {@code sum(p.numel())}, every layer's provenance PyTorch's.
 */
class TorchFixturesTest {
    /** torch's float64 forward against ours: the same math in the same precision, summed in another order. */
    private static final double F64_TOL = 1e-12;
    /** torch's float32 forward against our double pass on the same float32 weights. */
    private static final double F32_TOL = 1e-6;

    static Stream<Arguments> files() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String name : TorchFixtures.names()) {
            for (JsonElement f : TorchFixtures.expected(name).getAsJsonArray("files")) {
                out.add(Arguments.of(name, f.getAsString()));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("files")
    void should_compute_what_torch_computed_and_count_its_params(String name, String file) throws IOException {
        JsonObject want = TorchFixtures.expected(name);
        Model model = ModelLoader.load(TorchFixtures.file(file), options(want, file));

        Tensor y = model.predict(Tensor.of(TorchFixtures.array3(want.get("input"))));

        double[] got = y.values();
        assertClose(file + " against torch's float64 forward", got, TorchFixtures.flat(want.get("output_f64")), F64_TOL);
        if (want.has("output_f32")) {
            assertClose(file + " against torch's float32 forward", got, TorchFixtures.flat(want.get("output_f32")), F32_TOL);
        }
        assertThat(model.params()).as(file + ": sum(p.numel() for p in model.parameters())")
                .isEqualTo(want.get("params").getAsLong());
        for (RecurrentLayer r : recurrent(model)) {
            assertThat(r.provenance().framework()).as(file + " " + r.name()).isEqualTo(Framework.PYTORCH);
            assertThat(r.provenance().arrays()).as(file + " " + r.name() + " keys").isNotEmpty();
            assertThat(r.provenance().mapping()).as(file + " " + r.name() + " mapping").anyMatch(l -> l.startsWith("W = "));
        }
    }

    static Stream<String> withGradients() throws IOException {
        List<String> out = new ArrayList<>();
        for (String name : TorchFixtures.names()) {
            if (TorchFixtures.expected(name).has("input_gradient")) {
                out.add(name);
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("withGradients")
    void should_differentiate_the_input_as_torch_autograd_did(String name) throws IOException {
        JsonObject want = TorchFixtures.expected(name);
        Model model = ModelLoader.load(TorchFixtures.file(name + ".pt"), options(want, name + ".pt"));
        JsonObject target = want.getAsJsonObject("gradient_target");
        Integer t = target.get("timestep").isJsonNull() ? null : target.get("timestep").getAsInt();

        double[][][] got = ChainGradient.of(model, TorchFixtures.array3(want.get("input")), null, t,
                target.get("index").getAsInt());

        assertClose(name + " input gradient against torch's float64 autograd",
                TorchFixtures.flat(got), TorchFixtures.flat(want.get("input_gradient")), F64_TOL);
    }

    static TorchOptions options(JsonObject want, String file) {
        JsonObject o = want.getAsJsonObject(file.endsWith(".ts.pt") ? "torchscript_options" : "options");
        TorchOptions t = TorchOptions.defaults();
        if (o.has("nonlinearity")) {
            t = t.nonlinearity(o.get("nonlinearity").getAsString());
        }
        if (o.has("head")) {
            t = t.head(o.get("head").getAsString(), o.get("head_input").getAsString());
        }
        return t;
    }

    static List<RecurrentLayer> recurrent(Model m) {
        List<RecurrentLayer> out = new ArrayList<>();
        for (Layer l : m.layers()) {
            if (l instanceof RecurrentLayer) {
                out.add((RecurrentLayer) l);
            } else if (l instanceof BidirectionalLayer) {
                out.add(((BidirectionalLayer) l).forwardLayer());
                out.add(((BidirectionalLayer) l).backwardLayer());
            }
        }
        return out;
    }

    static void assertClose(String what, double[] got, double[] want, double tol) {
        assertThat(got.length).as(what + ": values").isEqualTo(want.length);
        double worst = 0;
        int at = -1;
        for (int i = 0; i < got.length; i++) {
            double d = Math.abs(got[i] - want[i]);
            if (!(d <= worst)) {
                worst = d;
                at = i;
            }
        }
        assertThat(worst).as(what + ": largest difference, at flat index " + at + " (got " + (at < 0 ? "" : got[at])
                + ", torch " + (at < 0 ? "" : want[at]) + ")").isLessThanOrEqualTo(tol);
    }
}
