package org.lstmlens.compare;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.lstmlens.core.Activation;
import org.lstmlens.core.LstmCell;
import org.lstmlens.core.LstmOptions;
import org.lstmlens.core.LstmWeights;
import org.lstmlens.core.Peepholes;
import org.lstmlens.core.RecurrentCell;
import org.lstmlens.render.Num;

/**
 * What a cell computes beyond its gates' weights and activations, compared: ONNX's clip (any cell), and an LSTM's
 * peepholes, input_forget, output activation (ONNX's third activation) and projection (PyTorch's proj_size). Each
 * difference is a {@link Cause} of its own kind; a file without the option counts as its neutral value (no clip, no
 * peepholes, separate gates, h squashed with the candidate's activation, no projection).
 */
final class CellOptionsCheck {
    private CellOptionsCheck() {
    }

    static void of(RecurrentCell a, RecurrentCell b, Tolerance tol, String layer, String direction, List<Cause> out) {
        clip(a.clip(), b.clip(), layer, direction, out);
        if (!(a instanceof LstmCell) || !(b instanceof LstmCell)) {
            return;
        }
        LstmOptions oa = ((LstmCell) a).options();
        LstmOptions ob = ((LstmCell) b).options();
        peepholes(oa.peepholes(), ob.peepholes(), tol, layer, direction, out);
        if (oa.inputForget() != ob.inputForget()) {
            out.add(new Cause(Cause.Kind.INPUT_FORGET, layer, direction, "input_forget differs: a " + coupled(oa)
                    + ", b " + coupled(ob)));
        }
        Activation ha = ((LstmCell) a).outputActivation();
        Activation hb = ((LstmCell) b).outputActivation();
        if (!ha.equals(hb)) {
            out.add(new Cause(Cause.Kind.ACTIVATION, layer, direction, "the output activation (h = o * act(c); ONNX's"
                    + " third activation) differs: a " + ha.label() + ", b " + hb.label()));
        }
        projection(((LstmCell) a).weights(), ((LstmCell) b).weights(), tol, layer, direction, out);
    }

    private static void clip(OptionalDouble ca, OptionalDouble cb, String layer, String direction, List<Cause> out) {
        if (!ca.equals(cb)) {
            out.add(new Cause(Cause.Kind.CLIP, layer, direction, "the clip differs: a " + clipText(ca) + ", b "
                    + clipText(cb) + " (ONNX's clip bounds every activation input to [-clip, clip])"));
        }
    }

    private static String clipText(OptionalDouble c) {
        return c.isPresent() ? "clip=" + Num.format(c.getAsDouble()) : "no clip";
    }

    private static String coupled(LstmOptions o) {
        return o.inputForget() ? "1 (f = 1 - i)" : "0 (f from its own weights)";
    }

    private static void peepholes(Optional<Peepholes> pa, Optional<Peepholes> pb, Tolerance tol, String layer,
                                  String direction, List<Cause> out) {
        if (pa.isEmpty() && pb.isEmpty()) {
            return;
        }
        if (pa.isEmpty() || pb.isEmpty()) {
            out.add(new Cause(Cause.Kind.PEEPHOLES, layer, direction, "peepholes (ONNX's P) are in " + (pa.isPresent()
                    ? "a" : "b") + " only: the other file's i, f and o do not see c"));
            return;
        }
        Peepholes x = pa.get();
        Peepholes y = pb.get();
        String[] names = {"i", "f", "o"};
        double[][] va = {x.input(), x.forget(), x.output()};
        double[][] vb = {y.input(), y.forget(), y.output()};
        for (int g = 0; g < 3; g++) {
            if (!tol.agree(va[g], vb[g])) {
                out.add(new Cause(Cause.Kind.PEEPHOLES, layer, direction, "the peepholes differ: largest |a - b| "
                        + Num.format(WeightCheck.largest(va[g], vb[g])) + " in P_" + names[g]
                        + " (ONNX stores P as i, o, f)"));
                return;
            }
        }
    }

    private static void projection(LstmWeights a, LstmWeights b, Tolerance tol, String layer, String direction,
                                   List<Cause> out) {
        if (!a.hasProjection() && !b.hasProjection()) {
            return;
        }
        if (a.hasProjection() != b.hasProjection()) {
            out.add(new Cause(Cause.Kind.PROJECTION, layer, direction, "a projection (PyTorch's proj_size) is in "
                    + (a.hasProjection() ? "a" : "b") + " only"));
            return;
        }
        double[] pa = a.projection().orElseThrow().data;
        double[] pb = b.projection().orElseThrow().data;
        if (pa.length != pb.length || !tol.agree(pa, pb)) {
            out.add(new Cause(Cause.Kind.PROJECTION, layer, direction, "the projections (PyTorch's weight_hr) differ: "
                    + (pa.length != pb.length ? "proj_size " + a.outputSize() + " vs " + b.outputSize()
                    : "largest |a - b| " + Num.format(WeightCheck.largest(pa, pb)))));
        }
    }
}
