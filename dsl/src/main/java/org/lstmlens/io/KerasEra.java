package org.lstmlens.io;

import org.lstmlens.core.HardSigmoid;

/**
 * What the Keras that wrote a file computed where its config is silent: the {@code hard_sigmoid} formula
 * (0.2x+0.5 before Keras 3, x/6+0.5 from Keras 3) and the default recurrent activation (hard_sigmoid up to Keras
 * 2.2.5, sigmoid from 2.3.0, in tf.keras 2 and in Keras 3). Sources: ../shared/notes/KERAS_FORMATS.md sections 2.1, 4.1.
 *
 * @param version as stored, or null
 * @param major 1, 2 or 3
 * @param label e.g. {@code Keras 2.0.4}, {@code Keras 1 (no version in file)}
 */
record KerasEra(String version, int major, boolean tfKeras, boolean before23, String label) {

    /** The era of a version string; {@code fallbackMajor} when the file has none (1 for legacy, 3 for vars). */
    static KerasEra of(String version, int fallbackMajor) {
        if (version == null || version.isBlank()) {
            return new KerasEra(null, fallbackMajor, false, fallbackMajor < 3,
                    "Keras " + fallbackMajor + " (no version in file; assumed from its layout)");
        }
        String v = version.trim();
        int major = digit(v, 0, fallbackMajor);
        int minor = 0;
        int dot = v.indexOf('.');
        if (dot > 0) {
            minor = digit(v, dot + 1, 0);
        }
        // "-tf" marks tf.keras before TF 2.4; from 2.4 on the keras package is tf.keras itself
        boolean tf = v.endsWith("-tf") || (major == 2 && minor >= 4);
        boolean before23 = major < 2 || (major == 2 && minor < 3 && !tf);
        return new KerasEra(v, major, tf, before23, (tf ? "tf.keras " : "Keras ") + v);
    }

    HardSigmoid hardSigmoid() {
        return major >= 3 ? HardSigmoid.KERAS_3 : HardSigmoid.KERAS_2;
    }

    /**
     * Whether Bidirectional zeroes the outputs at masked steps when it returns sequences: Keras 3 and tf.keras set
     * {@code zero_output_for_mask = return_sequences} on both directions; standalone Keras 1 and 2 (up to 2.3, whose
     * {@code wrappers.py} calls the two layers as they are) repeat the previous output instead.
     */
    boolean bidirectionalZerosMaskedSteps() {
        return major >= 3 || tfKeras;
    }

    /**
     * A GRU's {@code reset_after} when neither its config nor its bias shape says: True in tf.keras 2 and Keras 3
     * (GRU v2), False in Keras 1 and Keras 2 multi-backend (../shared/notes/KERAS_FORMATS.md Part 2 §0).
     */
    boolean defaultResetAfter() {
        return major >= 3 || tfKeras;
    }

    /** The recurrent activation this Keras used when a config does not say. */
    String defaultRecurrentActivation() {
        return before23 ? "hard_sigmoid" : "sigmoid";
    }

    private static int digit(String s, int at, int fallback) {
        int end = at;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        return end == at ? fallback : Integer.parseInt(s.substring(at, Math.min(end, at + 6)));
    }
}
