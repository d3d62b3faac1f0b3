package io.fleetline.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.api.binding.RawRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The S3 checksums of a body, computed while it is read once. */
class ChecksumStreamTest {
    private static final byte[] CHECK = "123456789".getBytes(StandardCharsets.US_ASCII);

    /** The catalogue check values (CRC-32/ISO-HDLC, CRC-32C, CRC-64/NVME) and the digests of "123456789". */
    @ParameterizedTest
    @CsvSource({
        "CRC32, cbf43926",
        "CRC32C, e3069283",
        "CRC64NVME, ae8b14860a799888",
        "MD5, 25f9e794323b453885f5181f1b624d0b",
        "SHA1, f7c3bc1d808e04732adf679965ccc34ca7ae3441",
        "SHA256, 15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225",
    })
    void each_checksum_is_the_catalogues(ChecksumAlgorithm algorithm, String hex) throws IOException {
        ChecksumStream in = new ChecksumStream(new ByteArrayInputStream(CHECK), EnumSet.of(algorithm));
        in.readAllBytes();

        assertThat(HexFormat.of().formatHex(in.value(algorithm))).isEqualTo(hex);
    }

    @Test
    void a_checksum_is_there_only_once_the_end_was_read() throws IOException {
        ChecksumStream in = new ChecksumStream(new ByteArrayInputStream(CHECK), EnumSet.of(ChecksumAlgorithm.CRC32));
        in.readNBytes(9);

        assertThatThrownBy(() -> in.base64(ChecksumAlgorithm.CRC32)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void the_checksums_a_request_names_are_checked_from_its_head_and_its_trailer() throws IOException {
        RawRequest head = new RawRequest("PUT", "/b/k", "", Map.of("Content-MD5", List.of("JfnnlDI7RTiF9RgfG2JNCw=="),
                "x-amz-trailer", List.of("x-amz-checksum-crc32")), new byte[0]);
        ChecksumStream in = new ChecksumStream(new ByteArrayInputStream(CHECK), ChecksumStream.requestedBy(head));
        in.readAllBytes();

        assertThat(ChecksumStream.requestedBy(head)).containsExactlyInAnyOrder(ChecksumAlgorithm.MD5,
                ChecksumAlgorithm.CRC32);
        assertThat(in.mismatch(head, Map.of("x-amz-checksum-crc32", "y/Q5Jg=="))).isEmpty();
        assertThat(in.mismatch(head, Map.of("x-amz-checksum-crc32", "AAAAAA=="))).contains(ChecksumAlgorithm.CRC32);
    }
}
