package org.lstmlens.data;

import java.io.Serializable;
import java.math.BigInteger;

/**
 * A sum of doubles kept exactly, so that adding and merging are associative and commutative to the last bit: the
 * same values in any order, on any number of threads or machines, give the same sum. Every finite double is an
 * integer times 2^-1074; the sum is held as 32-bit limbs of that integer (a superaccumulator), over the window of
 * limbs the values have touched. A limb absorbs 2^29 additions of at most 2^33 before carries are propagated. Read
 * as the double nearest the exact sum ({@link #value()}). NaN and infinities are summed apart (their sum is order-free).
 */
final class ExactSum implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final long LOW32 = 0xFFFFFFFFL;
    private static final int ADDS_BEFORE_CARRY = 1 << 29;

    private long[] limbs = new long[0];  // limbs[i] weighs 2^(32 * (base + i) - 1074)
    private int base;
    private int adds;
    private double special;               // the sum of the non-finite values, 0 when none

    /** Adds {@code v} exactly. */
    void add(double v) {
        if (v == 0) {
            return;
        }
        if (!Double.isFinite(v)) {
            special += v;
            return;
        }
        long bits = Double.doubleToRawLongBits(v);
        int exp = (int) ((bits >>> 52) & 0x7ff);
        long mant = bits & 0xFFFFFFFFFFFFFL;
        if (exp == 0) {
            exp = 1;            // subnormal: mant * 2^-1074
        } else {
            mant |= 1L << 52;
        }
        int pos = exp - 1;      // v = mant * 2^(pos - 1074)
        int limb = pos >>> 5;
        int shift = pos & 31;
        long m0 = (mant & LOW32) << shift;   // < 2^63: limbs limb, limb + 1
        long m1 = (mant >>> 32) << shift;    // < 2^52: limbs limb + 1, limb + 2
        long sign = bits < 0 ? -1 : 1;
        cover(limb, limb + 2);
        int i = limb - base;
        limbs[i] += sign * (m0 & LOW32);
        limbs[i + 1] += sign * ((m0 >>> 32) + (m1 & LOW32));
        limbs[i + 2] += sign * (m1 >>> 32);
        if (++adds >= ADDS_BEFORE_CARRY) {
            carry();
        }
    }

    /** Adds every value of {@code other} (left unchanged in value). */
    void merge(ExactSum other) {
        special += other.special;
        if (other.limbs.length == 0) {
            return;
        }
        other.carry();
        carry();
        cover(other.base, other.base + other.limbs.length - 1);
        for (int i = 0; i < other.limbs.length; i++) {
            limbs[other.base + i - base] += other.limbs[i];
        }
        carry();
    }

    /** The double nearest the exact sum (ties to even). */
    double value() {
        if (limbs.length == 0) {
            return 0.0 + special;
        }
        carry();
        BigInteger n = BigInteger.ZERO;
        for (int i = limbs.length - 1; i >= 0; i--) {
            n = n.shiftLeft(32).add(BigInteger.valueOf(limbs[i]));
        }
        return nearest(n, 32 * base - 1074) + special;
    }

    /** n * 2^scale rounded once: the top 62 bits and a sticky bit for the rest decide the rounding exactly. */
    static double nearest(BigInteger n, int scale) {
        if (n.signum() == 0) {
            return 0.0;
        }
        BigInteger abs = n.abs();
        int len = abs.bitLength();
        if (len <= 62) {
            return Math.scalb((double) n.longValue(), scale);
        }
        int shift = len - 62;
        long top = abs.shiftRight(shift).longValue();
        if (abs.getLowestSetBit() < shift) {
            top |= 1;
        }
        return Math.scalb(n.signum() * (double) top, scale + shift);
    }

    private void cover(int lo, int hi) {
        if (limbs.length == 0) {
            limbs = new long[hi - lo + 2];
            base = lo;
            return;
        }
        int newBase = Math.min(base, lo);
        int newTop = Math.max(base + limbs.length - 1, hi + 1);
        if (newBase == base && newTop == base + limbs.length - 1) {
            return;
        }
        long[] grown = new long[newTop - newBase + 1];
        System.arraycopy(limbs, 0, grown, base - newBase, limbs.length);
        limbs = grown;
        base = newBase;
    }

    /** Propagates carries so that every limb but the top one is in [0, 2^32); the value is unchanged. */
    private void carry() {
        adds = 0;
        if (limbs.length == 0) {
            return;
        }
        for (int i = 0; i < limbs.length - 1; i++) {
            long c = limbs[i] >> 32;
            limbs[i] -= c << 32;
            limbs[i + 1] += c;
        }
        if (Math.abs(limbs[limbs.length - 1]) >= 1L << 32) {
            cover(base, base + limbs.length);  // room for the top limb's carry
            carry();
        }
    }
}
