package io.fleetline.ota.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeySealerTest {
    private static final String ARN =
            "arn:aws:acm:eu-west-1:123456789012:certificate/0f3c4b1e-8e7a-4c55-9d0e-1b2c3d4e5f60";
    private final KeySealer sealer = new KeySealer(KeySealer.newKey());
    private final byte[] secret = "-----BEGIN PRIVATE KEY----- not really".getBytes(StandardCharsets.US_ASCII);

    @Test
    void a_sealed_key_opens_to_what_was_sealed_and_does_not_show_it() {
        byte[] sealed = sealer.seal(secret, ARN);

        assertThat(sealer.open(sealed, ARN)).isEqualTo(secret);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("PRIVATE KEY");
        assertThat(sealed).hasSize(1 + 12 + secret.length + 16);
    }

    @Test
    void sealing_twice_gives_different_bytes() {
        assertThat(sealer.seal(secret, ARN)).isNotEqualTo(sealer.seal(secret, ARN));
    }

    @Test
    void a_sealed_key_does_not_open_for_another_certificate() {
        byte[] sealed = sealer.seal(secret, ARN);

        assertThatThrownBy(() -> sealer.open(sealed, ARN.replace("0f3c", "1f3c")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not open");
    }

    @Test
    void a_sealed_key_does_not_open_with_another_servers_key() {
        byte[] sealed = sealer.seal(secret, ARN);

        assertThatThrownBy(() -> new KeySealer(KeySealer.newKey()).open(sealed, ARN))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("key file");
    }

    @Test
    void damaged_bytes_do_not_open() {
        byte[] sealed = sealer.seal(secret, ARN);
        sealed[sealed.length - 1] ^= 1;

        assertThatThrownBy(() -> sealer.open(sealed, ARN)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> sealer.open(new byte[] {1, 2, 3}, ARN)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("damaged");
    }

    @Test
    void a_key_must_be_32_bytes() {
        assertThatThrownBy(() -> new KeySealer(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }
}
