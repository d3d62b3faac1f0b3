package io.fleetline.blobs.object;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class ETagTest {
    @Test
    void a_single_part_etag_is_the_quoted_hex_md5() throws Exception {
        byte[] md5 = MessageDigest.getInstance("MD5").digest("hello".getBytes());
        assertThat(ETag.ofMd5(md5).value()).isEqualTo("\"5d41402abc4b2a76b9719d911017c592\"");
        assertThat(ETag.ofMd5(md5).md5()).isEqualTo(md5);
    }

    @Test
    void a_multipart_etag_is_the_md5_of_the_parts_md5s_and_their_count() throws Exception {
        MessageDigest digest = MessageDigest.getInstance("MD5");
        byte[] first = digest.digest("part one".getBytes());
        byte[] second = digest.digest("part two".getBytes());
        digest.update(first);
        digest.update(second);
        String expected = "\"" + HexFormat.of().formatHex(digest.digest()) + "-2\"";

        ETag etag = ETag.multipart(List.of(ETag.ofMd5(first), ETag.ofMd5(second)));
        assertThat(etag.value()).isEqualTo(expected);
        assertThat(etag.isMultipart()).isTrue();
    }

    @Test
    void matches_conditional_header_values_as_s3_compares_them() {
        ETag etag = ETag.ofMd5Hex("5d41402abc4b2a76b9719d911017c592");
        assertThat(etag.matchesAny("\"5d41402abc4b2a76b9719d911017c592\"")).isTrue();
        assertThat(etag.matchesAny("5d41402abc4b2a76b9719d911017c592")).isTrue();
        assertThat(etag.matchesAny("W/\"5d41402abc4b2a76b9719d911017c592\"")).isTrue();
        assertThat(etag.matchesAny("\"other\", \"5d41402abc4b2a76b9719d911017c592\"")).isTrue();
        assertThat(etag.matchesAny("*")).isTrue();
        assertThat(etag.matchesAny("\"00000000000000000000000000000000\"")).isFalse();
    }
}
