package io.fleetline.blobs.object;

import static io.fleetline.blobs.Failures.assertFails;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleetline.core.error.ErrorCode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ObjectKeyTest {
    @Test
    void a_key_is_data_whatever_it_looks_like() {
        for (String key : List.of("../../etc/passwd", "/", "a//b", "nul\u0000byte", "..", "C:\\windows", "😀/é")) {
            assertThat(ObjectKey.of(key).value()).isEqualTo(key);
        }
    }

    @Test
    void a_key_may_have_1024_bytes_of_utf8_and_no_more() {
        assertThat(ObjectKey.of("k".repeat(1024)).utf8()).hasSize(1024);
        assertThat(ObjectKey.of("é".repeat(512)).utf8()).hasSize(1024);
        assertFails(() -> ObjectKey.of("k".repeat(1025)), ErrorCode.KEY_TOO_LONG).hasMessage("Your key is too long");
        // 342 characters, 1026 bytes: the limit is on bytes, not characters
        assertFails(() -> ObjectKey.of("€".repeat(342)), ErrorCode.KEY_TOO_LONG);
        assertFails(() -> ObjectKey.of("😀".repeat(257)), ErrorCode.KEY_TOO_LONG);
    }

    @Test
    void an_empty_key_or_one_that_is_not_unicode_is_refused() {
        assertFails(() -> ObjectKey.of(""), ErrorCode.INVALID_ARGUMENT);
        assertFails(() -> ObjectKey.of("lone\uD800surrogate"), ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void keys_order_by_their_utf8_bytes_as_s3_lists_them() {
        // Java orders U+FF61 after U+1F600 (surrogates are D800-DFFF); UTF-8 and S3 order it before
        List<String> sorted = Stream.of("😀", "｡", "b", "a/b", "a", "é", "B").map(ObjectKey::of).sorted()
                .map(ObjectKey::value).toList();
        assertThat(sorted).containsExactly("B", "a", "a/b", "b", "é", "｡", "😀");
    }
}
