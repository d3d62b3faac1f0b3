package io.fleetline.blobs.object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.core.error.FleetlineException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class VersionIdTest {
    @Test
    void generated_ids_are_32_characters_the_cli_takes_as_an_argument_never_an_option() {
        IntStream.range(0, 20_000).mapToObj(i -> VersionId.generate().value()).forEach(id -> {
            assertThat(id).hasSize(32).matches("[A-Za-z0-9._]{32}");
            assertThat(VersionId.of(id).value()).isEqualTo(id);
        });
    }

    @Test
    void ids_made_before_with_a_dash_and_the_null_version_are_still_read() {
        assertThat(VersionId.of("-B7rSKGmibuxCje-08kYZ4_IYSrCl0Pa").value()).startsWith("-");
        assertThat(VersionId.of("null").isNull()).isTrue();
    }

    @Test
    void an_id_of_another_shape_is_an_invalid_argument() {
        assertThatThrownBy(() -> VersionId.of("../../etc/passwd")).isInstanceOf(FleetlineException.class)
                .hasMessageContaining("Invalid version id");
    }
}
