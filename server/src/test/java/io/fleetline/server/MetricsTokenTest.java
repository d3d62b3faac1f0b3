package io.fleetline.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A token file holds one token; anything else stops the start with the flag's name. */
class MetricsTokenTest {
    @TempDir
    Path dir;

    @Test
    void the_token_is_the_files_line_without_surrounding_whitespace() throws Exception {
        assertThat(MetricsToken.read(Files.writeString(dir.resolve("t"), "  abc-123_XYZ\n"))).isEqualTo("abc-123_XYZ");
    }

    @Test
    void an_empty_spaced_missing_or_huge_file_is_refused() throws Exception {
        for (String content : new String[] {"", "\n \n", "two words", "tab\there"}) {
            Path file = Files.writeString(dir.resolve("bad"), content);
            assertThatThrownBy(() -> MetricsToken.read(file)).isInstanceOf(StartupException.class)
                    .hasMessageContaining("--metrics-token-file");
        }
        assertThatThrownBy(() -> MetricsToken.read(dir.resolve("missing"))).isInstanceOf(StartupException.class)
                .hasMessageContaining("cannot read --metrics-token-file");
        Path huge = Files.writeString(dir.resolve("huge"), "x".repeat(MetricsToken.MAX_BYTES + 1));
        assertThatThrownBy(() -> MetricsToken.read(huge)).isInstanceOf(StartupException.class)
                .hasMessageContaining("not a token");
    }
}
