package org.lstmlens.kernel.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** HMAC-SHA256 signing; the expected digest is RFC 4231's test case 2 (key "Jefe"). */
class SignerTest {
    private static final String RFC4231_CASE2 = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void should_sign_as_rfc_4231_says_over_the_concatenated_frames() {
        Signer signer = Signer.of("hmac-sha256", "Jefe");
        assertThat(signer.sign(bytes("what do ya want "), bytes("for nothing?"))).isEqualTo(RFC4231_CASE2);
    }

    @Test
    void should_verify_only_the_right_signature() {
        Signer signer = Signer.of("hmac-sha256", "Jefe");
        assertThat(signer.verify(bytes(RFC4231_CASE2), bytes("what do ya want for nothing?"))).isTrue();
        assertThat(signer.verify(bytes(RFC4231_CASE2.replace('5', '6')), bytes("what do ya want for nothing?"))).isFalse();
        assertThat(signer.verify(bytes(""), bytes("what do ya want for nothing?"))).isFalse();
    }

    @Test
    void should_not_sign_without_a_key() {
        Signer signer = Signer.of("hmac-sha256", "");
        assertThat(signer.sign(bytes("x"))).isEmpty();
        assertThat(signer.verify(bytes("anything"), bytes("x"))).isTrue();
    }

    @Test
    void should_refuse_an_unknown_scheme_by_name() {
        assertThatThrownBy(() -> Signer.of("hmac-nope", "k")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hmac-nope").hasMessageContaining("hmac-sha256");
    }
}
