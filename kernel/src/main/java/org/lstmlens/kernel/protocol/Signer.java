package org.lstmlens.kernel.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

import io.github.spencerpark.jupyter.messages.HMACGenerator;

/**
 * Signs and checks messages with the connection file's key: HMAC over the header, parent header, metadata and
 * content frames exactly as sent. An empty key means no signing (the spec's "authentication disabled").
 *
 * <p>The signature is jupyter-jvm-basekernel's {@link HMACGenerator} (the spec's scheme names mapped to the JVM's
 * MACs); the check is ours: the base kernel compares signatures with {@code String.equals}, which leaks timing, and
 * {@link #verify} compares in constant time.
 */
public final class Signer {
    private final HMACGenerator mac;

    private Signer(HMACGenerator mac) {
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
        try {
            return new Signer(new HMACGenerator(scheme, key));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("signature_scheme \"" + scheme + "\" is not supported; expected hmac-sha256", e);
        }
    }

    /** The lowercase hex signature of the frames, or "" without a key. */
    public String sign(byte[]... frames) {
        if (mac == null) {
            return "";
        }
        return mac.calculateSignature(frames);
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
