package org.lstmlens.compare;

import org.lstmlens.error.LstmException;
import org.lstmlens.render.Num;

/**
 * When two numbers count as the same: {@code |a - b| <= relative * max(1, |a|, |b|)}, relative to the larger value
 * and absolute below 1 (gates lie in [0, 1]). The default, 1e-5, is float32 noise: two frameworks computing one network
 * in float32 differ by about 1e-7 per step, and a file's weights convert exactly.
 *
 * @param relative the bound, a positive number
 */
public record Tolerance(double relative) {
    /** 1e-5: float32 noise, with room for long sequences. */
    public static final Tolerance FLOAT32 = new Tolerance(1e-5);

    /** @throws LstmException for a bound that is not a positive number */
    public Tolerance {
        if (!(relative > 0) || Double.isInfinite(relative)) {
            throw new LstmException("tolerance: expected a positive number such as 1e-5, got " + relative);
        }
    }

    /** Whether a and b agree; never for NaN. */
    public boolean agree(double a, double b) {
        return Math.abs(a - b) <= relative * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
    }

    /** Whether every pair a[k], b[k] agrees (arrays of one length). */
    public boolean agree(double[] a, double[] b) {
        for (int k = 0; k < a.length; k++) {
            if (!agree(a[k], b[k])) {
                return false;
            }
        }
        return true;
    }

    /** The rule in words, e.g. {@code |a - b| <= 1e-05 * max(1, |a|, |b|)}. */
    public String rule() {
        return "|a - b| <= " + Num.format(relative) + " * max(1, |a|, |b|)";
    }

    @Override
    public String toString() {
        return rule();
    }
}
