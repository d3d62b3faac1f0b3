package io.fleetline.api.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code x-amz-copy-source} header as the CLIs and the SDK send it. */
class CopySourceTest {

    @Test
    void the_cli_sends_it_plain_with_a_version() {
        assertThat(CopySource.parse("my-iot-firmware/devices/fw.bin?versionId=v1"))
                .isEqualTo(new CopySource("my-iot-firmware", "devices/fw.bin", Optional.of("v1")));
    }

    @Test
    void the_sdk_sends_the_key_percent_encoded() {
        assertThat(CopySource.parse("src/a%20b/%C3%BC%2Bc")).isEqualTo(new CopySource("src", "a b/ü+c", Optional.empty()));
    }

    @Test
    void a_leading_slash_is_allowed_and_a_plus_is_a_plus() {
        assertThat(CopySource.parse("/src/a+b")).isEqualTo(new CopySource("src", "a+b", Optional.empty()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bucket-only", "/bucket/", "/", "", "src/%zz"})
    void anything_else_is_invalid_argument(String header) {
        assertThatThrownBy(() -> CopySource.parse(header))
                .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.code()).isEqualTo("InvalidArgument"));
    }
}
