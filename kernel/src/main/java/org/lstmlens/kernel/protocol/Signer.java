package org.lstmlens.kernel.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks messages with the connection file's key: HMAC over the header, parent header, metadata and
 * content frames exactly as sent. An empty key means no signing (the spec's "authentication disabled").
 *
 * <p>Why not the base kernel's HMACGenerator: it compares signatures with {@code String.equals}, which leaks timing;
 * {@link #verify} compares in constant time.
 */
public final class Signer {
    private final Mac mac;

    private Signer(Mac mac) {
        this.mac = mac;
    }

    /**
     * A signer for {@code scheme} ("hmac-sha256") and {@code key}.
     *
     * @throws IllegalArgumentException for a scheme the JVM does not offer
     */
    public static Signer of(String scheme, String key) {
        if (key == null || key.isEmpty()) {
            return new Signer(null);
        }
        String algorithm = scheme.replace("-", "").replace("hmac", "Hmac").replace("sha", "SHA");
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
            return new Signer(mac);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("signature_scheme \"" + scheme + "\" is not supported; expected hmac-sha256", e);
        }
    }

    /** The lowercase hex signature of the frames, or "" without a key. */
    public synchronized String sign(byte[]... frames) {
        if (mac == null) {
            return "";
        }
        for (byte[] frame : frames) {
            mac.update(frame);
        }
        return HexFormat.of().formatHex(mac.doFinal());
    }

    /** Whether {@code signature} is right for the frames; compared in constant time. */
    public boolean verify(byte[] signature, byte[]... frames) {
        if (mac == null) {
            return true;
        }
        byte[] expected = sign(frames).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature);
    }
}
