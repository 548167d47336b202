package org.lstmlens.io.onnx;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lstmlens.error.ModelFileException;

/**
 * One activation of a recurrent operator as its {@code activations} attribute names it, with the alpha and beta it
 * takes. {@code activation_alpha} and {@code activation_beta} are consumed in the order of the activations, each only
 * by the functions that use it (Affine, ScaledTanh, HardSigmoid take both; LeakyRelu, ThresholdedRelu, Elu alpha);
 * a missing value is the default onnxruntime takes (LeakyRelu 0.01, HardSigmoid 0.2 and 0.5, Elu 1, else 0).
 *
 * @param name as ONNX spells it, e.g. {@code HardSigmoid}
 */
record OnnxActivation(String name, double alpha, double beta) {
    private static final Map<String, String> NAMES = Map.ofEntries(Map.entry("affine", "Affine"),
            Map.entry("relu", "Relu"), Map.entry("leakyrelu", "LeakyRelu"), Map.entry("thresholdedrelu",
            "ThresholdedRelu"), Map.entry("tanh", "Tanh"), Map.entry("scaledtanh", "ScaledTanh"),
            Map.entry("sigmoid", "Sigmoid"), Map.entry("hardsigmoid", "HardSigmoid"), Map.entry("elu", "Elu"),
            Map.entry("softsign", "Softsign"), Map.entry("softplus", "Softplus"));

    /**
     * The activations of a node: the attribute's list, or the operator's defaults, repeated for the reverse direction
     * of a bidirectional node when only one direction's are given.
     *
     * @param defaults the operator's defaults for one direction, e.g. Sigmoid, Tanh, Tanh for an LSTM
     */
    static List<List<OnnxActivation>> of(Attrs attrs, List<String> defaults, int directions, String where) {
        List<String> names = attrs.strings("activations");
        int per = defaults.size();
        if (names.isEmpty()) {
            names = new ArrayList<>();
            for (int d = 0; d < directions; d++) {
                names.addAll(defaults);
            }
        } else if (names.size() == per && directions == 2) {
            List<String> both = new ArrayList<>(names);
            both.addAll(names);
            names = both;
        } else if (names.size() != per * directions) {
            throw new ModelFileException(where + ": activations " + names + " has " + names.size() + " names; "
                    + (directions == 2 ? "a bidirectional node takes " + per + " or " + 2 * per : "it takes " + per)
                    + " (" + String.join(", ", defaults) + " by default)");
        }
        Iterator<Float> alphas = attrs.reals("activation_alpha").iterator();
        Iterator<Float> betas = attrs.reals("activation_beta").iterator();
        List<List<OnnxActivation>> out = new ArrayList<>();
        for (int d = 0; d < directions; d++) {
            List<OnnxActivation> dir = new ArrayList<>();
            for (int k = 0; k < per; k++) {
                dir.add(parse(names.get(d * per + k), alphas, betas, where));
            }
            out.add(List.copyOf(dir));
        }
        return out;
    }

    private static OnnxActivation parse(String given, Iterator<Float> alphas, Iterator<Float> betas, String where) {
        String name = NAMES.get(given.toLowerCase(Locale.ROOT));
        if (name == null) {
            throw new ModelFileException(where + ": unknown activation \"" + given + "\"; the recurrent operators take "
                    + String.join(", ", NAMES.values().stream().sorted().toList()));
        }
        boolean usesAlpha = List.of("Affine", "ScaledTanh", "HardSigmoid", "LeakyRelu", "ThresholdedRelu", "Elu")
                .contains(name);
        boolean usesBeta = List.of("Affine", "ScaledTanh", "HardSigmoid").contains(name);
        double alpha = usesAlpha ? next(alphas, defaultAlpha(name)) : 0;
        double beta = usesBeta ? next(betas, name.equals("HardSigmoid") ? 0.5f : 0f) : 0;
        return new OnnxActivation(name, alpha, beta);
    }

    private static float defaultAlpha(String name) {
        switch (name) {
            case "LeakyRelu": return 0.01f;
            case "HardSigmoid": return 0.2f;
            case "Elu": return 1f;
            default: return 0f;
        }
    }

    private static double next(Iterator<Float> it, float fallback) {
        return it.hasNext() ? it.next() : fallback;
    }

    /** As ONNX writes it, with its parameters: {@code HardSigmoid(0.3, 0.6)}. */
    String label() {
        switch (name) {
            case "Affine": case "ScaledTanh": case "HardSigmoid": return name + "(" + num(alpha) + ", " + num(beta) + ")";
            case "LeakyRelu": case "ThresholdedRelu": case "Elu": return name + "(" + num(alpha) + ")";
            default: return name;
        }
    }

    private static String num(double v) {
        return Float.toString((float) v);
    }
}
