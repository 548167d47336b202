package org.lstmlens.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lstmlens.core.Activation;
import org.lstmlens.core.Band;
import org.lstmlens.core.RecurrentCell;
import org.lstmlens.model.RecurrentLayer;
import org.lstmlens.render.Num;

/**
 * The likely causes of a difference between two matched layers, read from their settings and weights alone (no run):
 * directions swapped, reset_after, direction, activations, clip, an LSTM's input_forget, peepholes and projection,
 * then the weights (gates in another order, biases, or else the largest difference), in {@link Cause.Kind}'s order.
 */
final class Causes {
    private Causes() {
    }

    static List<Cause> of(LayerPair pair, Tolerance tol) {
        List<Cause> out = new ArrayList<>();
        String layer = pair.a().name();
        List<LayerPair.Directions> dirs = pair.directions();
        boolean swapped = pair.bidirectional() && directionsSwapped(dirs.get(0), dirs.get(1), tol);
        if (swapped) {
            out.add(new Cause(Cause.Kind.DIRECTIONS_SWAPPED, layer, "", "the directions are swapped: b's forward "
                    + "weights are a's backward ones and b's backward weights a's forward ones"));
        }
        for (LayerPair.Directions d : dirs) {
            settings(d, layer, tol, out);
            if (!swapped) {
                weights(d, layer, tol).ifPresent(out::add);
            }
        }
        out.sort((x, y) -> x.kind().compareTo(y.kind()));
        return out;
    }

    private static boolean directionsSwapped(LayerPair.Directions fw, LayerPair.Directions bw, Tolerance tol) {
        return !agree(fw.a(), fw.b(), tol) && agree(fw.a(), bw.b(), tol) && agree(bw.a(), fw.b(), tol);
    }

    private static boolean agree(RecurrentLayer a, RecurrentLayer b, Tolerance tol) {
        return WeightCheck.of(a.cell(), b.cell(), tol).stream().allMatch(GateWeights::agree);
    }

    private static void settings(LayerPair.Directions d, String layer, Tolerance tol, List<Cause> out) {
        RecurrentCell a = d.a().cell();
        RecurrentCell b = d.b().cell();
        boolean ra = WeightCheck.resetAfter(a);
        boolean rb = WeightCheck.resetAfter(b);
        if (ra != rb) {
            out.add(new Cause(Cause.Kind.RESET_AFTER, layer, d.label(), "reset_after differs: a " + resetAfter(ra)
                    + ", b " + resetAfter(rb) + " (ONNX: linear_before_reset " + (ra ? 1 : 0) + " vs " + (rb ? 1 : 0)
                    + "; PyTorch's GRU applies r after the product)"));
        }
        boolean ga = d.a().rnn().goBackwards();
        boolean gb = d.b().rnn().goBackwards();
        if (ga != gb) {
            out.add(new Cause(Cause.Kind.DIRECTION_REVERSED, layer, d.label(), "the direction is reversed: a reads "
                    + "the sequence " + (ga ? "backwards" : "forward") + ", b " + (gb ? "backwards" : "forward")
                    + " (go_backwards " + (ga ? "True" : "False") + " vs " + (gb ? "True" : "False") + ")"));
        }
        Map<String, List<String>> byPair = new LinkedHashMap<>();
        for (Band band : a.bands()) {
            Activation fa = a.activationOf(band);
            Activation fb = b.activationOf(b.bands().get(band.index()));
            if (!fa.equals(fb)) {
                byPair.computeIfAbsent("a " + fa.label() + ", b " + fb.label(), k -> new ArrayList<>())
                        .add(band.symbol());
            }
        }
        byPair.forEach((which, bands) -> out.add(new Cause(Cause.Kind.ACTIVATION, layer, d.label(), "the activation"
                + " of " + (bands.size() == 1 ? "gate " : "gates ") + String.join(", ", bands) + " differs: "
                + which)));
        CellOptionsCheck.of(a, b, tol, layer, d.label(), out);
    }

    private static String resetAfter(boolean value) {
        return value ? "True (r after the recurrent product)" : "False (r before it)";
    }

    private static Optional<Cause> weights(LayerPair.Directions d, String layer, Tolerance tol) {
        RecurrentCell a = d.a().cell();
        RecurrentCell b = d.b().cell();
        List<GateWeights> gates = WeightCheck.of(a, b, tol);
        if (gates.stream().allMatch(GateWeights::agree)) {
            return Optional.empty();
        }
        boolean kernels = gates.stream().allMatch(g -> g.row("W").agree() && g.row("U").agree());
        if (kernels) {
            return BiasCheck.explain(a, b, tol, layer, d.label());
        }
        Optional<int[]> q = GatePermutation.find(a.weights(), b.weights(), a.bands(), tol);
        if (q.isPresent()) {
            return Optional.of(new Cause(Cause.Kind.GATES_SWAPPED, layer, d.label(),
                    GatePermutation.describe(q.get(), a.bands(), a.kind())));
        }
        GateWeights worst = gates.get(0);
        for (GateWeights g : gates) {
            if (!(g.largestCounted() <= worst.largestCounted())) {
                worst = g;
            }
        }
        String array = "W";
        for (GateWeights.Row r : worst.rows()) {
            if (r.counts() && r.largest() == worst.largestCounted()) {
                array = r.array();
                break;
            }
        }
        return Optional.of(new Cause(Cause.Kind.WEIGHTS, layer, d.label(), "the weights differ in no pattern "
                + "recognised (gates in another order, biases, directions): largest |a - b| "
                + Num.format(worst.largestCounted()) + " in " + array + " of gate " + worst.gate()));
    }
}
