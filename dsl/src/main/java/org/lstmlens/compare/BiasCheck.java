package org.lstmlens.compare;

import java.util.Optional;
import org.lstmlens.core.Band;
import org.lstmlens.core.CellWeights;
import org.lstmlens.core.RecurrentCell;
import org.lstmlens.render.Num;

/**
 * Why two cells' biases differ when their W and U agree. Each file may keep one bias b or two, b (added to x.W) and
 * b' (added to h.U: PyTorch's bias_hh, ONNX's Rb, a Keras GRU's second row); what enters the math is mostly b + b'.
 * The usual mistakes of a hand conversion, tried in order, with the roles of the two files both ways: no bias at all,
 * one bias all zeros, only one of two biases kept, one counted twice, b' subtracted instead of added, b' folded into
 * b where r multiplies it (a GRU with reset_after).
 */
final class BiasCheck {
    private final Tolerance tol;

    private BiasCheck(Tolerance tol) {
        this.tol = tol;
    }

    /** The likely mistake, as a kind and words; empty when the biases agree. */
    static Optional<Cause> explain(RecurrentCell a, RecurrentCell b, Tolerance tol, String layer, String direction) {
        return new BiasCheck(tol).explain(a, b).map(f -> new Cause(f.kind, layer, direction, f.text));
    }

    private record Finding(Cause.Kind kind, String text) {
    }

    private Optional<Finding> explain(RecurrentCell a, RecurrentCell b) {
        Biases x = new Biases(a.weights());
        Biases y = new Biases(b.weights());
        if (tol.agree(x.sum, y.sum)) {
            if (tol.agree(x.b, y.b) && tol.agree(x.r, y.r)) {
                return Optional.empty();
            }
            boolean apart = false;
            for (Band band : a.bands()) {
                apart |= !WeightCheck.onlySumCounts(a, b, band);
            }
            return apart ? Optional.of(new Finding(Cause.Kind.BIAS_CHANGED, "b + b' agree but b and b' apart do not:"
                    + " in a GRU that applies r after the recurrent product, r multiplies b'_h, so b'_h cannot be"
                    + " folded into b_h")) : Optional.empty();
        }
        Optional<Finding> f = oneWay(x, y, "a", "b").or(() -> oneWay(y, x, "b", "a"));
        return f.isPresent() ? f : Optional.of(new Finding(Cause.Kind.BIAS_CHANGED, "the biases differ while W and"
                + " U agree (largest |a - b| of " + (x.hasRecurrent || y.hasRecurrent ? "b + b' " : "b ") + Num.format(WeightCheck.largest(x.sum, y.sum)) + "): a"
                + " bias was dropped, doubled or changed in a way not recognised"));
    }

    /** The mistakes by which {@code y} (file {@code yName}) lost or doubled {@code x}'s biases. */
    private Optional<Finding> oneWay(Biases x, Biases y, String xName, String yName) {
        boolean xTwo = x.hasRecurrent && !zero(x.r) && !zero(x.b);
        if (!y.hasBias && !y.hasRecurrent && !zero(x.sum)) {
            return missing(yName + " has no bias (use_bias=False); " + xName + "'s b" + (x.hasRecurrent ? " + b'" : "")
                    + " is not zero (largest |value| " + Num.format(largestAbs(x.sum)) + ")");
        }
        if (y.hasRecurrent && zero(y.r) && !zero(x.r)) {
            return missing(yName + "'s recurrent bias b' is all zeros, " + xName + "'s is not: b' was dropped");
        }
        if (y.hasBias && zero(y.b) && !zero(x.b)) {
            return missing(yName + "'s input bias b is all zeros, " + xName + "'s is not: b was dropped");
        }
        if (xTwo && tol.agree(y.sum, x.b)) {
            return missing(yName + "'s bias is " + xName + "'s input bias b alone: " + xName + "'s recurrent bias b'"
                    + " (PyTorch's bias_hh, ONNX's Rb) was dropped, where the two should be summed");
        }
        if (xTwo && tol.agree(y.sum, x.r)) {
            return missing(yName + "'s bias is " + xName + "'s recurrent bias b' alone: " + xName + "'s input bias b"
                    + " (PyTorch's bias_ih, ONNX's Wb) was dropped, where the two should be summed");
        }
        if (x.hasRecurrent && !zero(x.r) && tol.agree(y.sum, WeightCheck.plus(x.sum, x.r))) {
            return doubled(yName + " counts " + xName + "'s recurrent bias b' twice (b + 2 b')");
        }
        if (!zero(x.b) && x.hasRecurrent && tol.agree(y.sum, WeightCheck.plus(x.sum, x.b))) {
            return doubled(yName + " counts " + xName + "'s input bias b twice (2 b + b')");
        }
        if (!zero(x.sum) && tol.agree(y.sum, WeightCheck.plus(x.sum, x.sum))) {
            return doubled(yName + "'s bias is twice " + xName + "'s: the bias was counted twice");
        }
        if (xTwo && tol.agree(y.sum, minus(x.b, x.r))) {
            return Optional.of(new Finding(Cause.Kind.BIAS_CHANGED, yName + "'s bias is " + xName + "'s b - b': b'"
                    + " was subtracted where it should be added"));
        }
        return Optional.empty();
    }

    private static Optional<Finding> missing(String text) {
        return Optional.of(new Finding(Cause.Kind.BIAS_MISSING, text));
    }

    private static Optional<Finding> doubled(String text) {
        return Optional.of(new Finding(Cause.Kind.BIAS_DOUBLED, text));
    }

    private boolean zero(double[] v) {
        return tol.agree(v, new double[v.length]);
    }

    private static double largestAbs(double[] v) {
        return WeightCheck.largest(v, new double[v.length]);
    }

    private static double[] minus(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int k = 0; k < a.length; k++) {
            d[k] = a[k] - b[k];
        }
        return d;
    }

    /** One cell's biases over all bands, zeros where absent. */
    private static final class Biases {
        final boolean hasBias;
        final boolean hasRecurrent;
        final double[] b;
        final double[] r;
        final double[] sum;

        Biases(CellWeights w) {
            int n = w.bands() * w.units();
            hasBias = w.hasBias();
            hasRecurrent = w.hasRecurrentBias();
            b = w.bias().orElse(new double[n]);
            r = w.recurrentBias().orElse(new double[n]);
            sum = WeightCheck.plus(b, r);
        }
    }
}
