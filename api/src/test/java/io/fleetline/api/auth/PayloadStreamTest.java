package io.fleetline.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetline.api.binding.RawRequest;
import io.fleetline.core.auth.AccessKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Streamed bodies in every form S3 clients send, decoded and checked as they are read. */
class PayloadStreamTest {
    private static final String KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final Instant AT = Instant.parse("2013-05-24T00:00:00Z");
    private static final SigV4Verifier VERIFIER = new SigV4Verifier(new InMemoryKeys(
            new AccessKey(KEY_ID, SECRET, Instant.EPOCH)), Clock.fixed(AT, ZoneOffset.UTC), "us-east-1");
    private static final ReferenceS3Signer SIGNER = new ReferenceS3Signer(KEY_ID, SECRET, "us-east-1", AT);
    private static final String SIGNED_CHUNKS = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
    private static final String SIGNED_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
    private static final String UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

    /** A PUT of {@code decodedLength} bytes in the given form, signed by the reference signer. */
    private static RawRequest head(String payload, long decodedLength, Map<String, String> extra) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "s3.amazonaws.com");
        headers.put("x-amz-date", SIGNER.amzDate());
        headers.put("x-amz-content-sha256", payload);
        headers.put("x-amz-decoded-content-length", Long.toString(decodedLength));
        headers.put("Content-Encoding", "aws-chunked");
        headers.putAll(extra);
        String signature = SIGNER.signature("PUT", "/examplebucket/chunkObject.txt", "", headers, payload);
        headers.put("Authorization", SIGNER.authorization(headers, signature));
        Map<String, List<String>> wire = new LinkedHashMap<>();
        headers.forEach((name, value) -> wire.put(name, List.of(value)));
        return new RawRequest("PUT", "/examplebucket/chunkObject.txt", "", wire, new byte[0]);
    }

    private static String seedOf(RawRequest head) {
        String authorization = head.header("authorization").orElseThrow();
        return authorization.substring(authorization.indexOf("Signature=") + "Signature=".length());
    }

    /** The body of {@code head}, written by the reference signer's chunk writer. */
    private static byte[] body(RawRequest head, boolean signed, Consumer<ReferenceS3Signer.ChunkWriter> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks.accept(signed ? SIGNER.chunks(out, seedOf(head)) : SIGNER.unsignedChunks(out));
        return out.toByteArray();
    }

    private static byte[] readAll(RawRequest head, byte[] body) throws IOException {
        try (InputStream in = VERIFIER.admit(head).stream(head, new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }

    private static byte[] a(int n) {
        byte[] bytes = new byte[n];
        Arrays.fill(bytes, (byte) 'a');
        return bytes;
    }

    @Nested
    class SignedChunks {
        /** AWS's own example: 66,560 bytes of 'a' in chunks of 64 KiB and 1 KiB, the signatures AWS lists. */
        @Test
        void the_example_in_awss_documentation_verifies_chunk_by_chunk() throws IOException {
            RawRequest head = head(SIGNED_CHUNKS, 66560, Map.of("Content-Length", "66824",
                    "x-amz-storage-class", "REDUCED_REDUNDANCY"));
            assertThat(seedOf(head)).isEqualTo("4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9");
            String body = "10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n"
                    + "a".repeat(65536) + "\r\n"
                    + "400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n"
                    + "a".repeat(1024) + "\r\n"
                    + "0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n";
            assertThat(body).hasSize(66824);

            assertThat(readAll(head, body.getBytes(StandardCharsets.US_ASCII))).isEqualTo(a(66560));
        }

        @Test
        void a_chunk_whose_data_was_changed_is_refused_before_the_end() {
            RawRequest head = head(SIGNED_CHUNKS, 2000, Map.of());
            byte[] body = body(head, true, w -> w.chunk(a(1000), 0, 1000).chunk(a(1000), 0, 1000)
                    .finish(Map.of(), false));
            body[1200] = 'b';

            assertThatThrownBy(() -> readAll(head, body)).isInstanceOfSatisfying(SignatureException.class,
                    e -> assertThat(e.reason()).isEqualTo(SignatureException.Reason.CHUNK_MISMATCH));
        }

        @Test
        void chunks_in_another_order_break_the_chain() {
            RawRequest head = head(SIGNED_CHUNKS, 2000, Map.of());
            byte[] first = "x".repeat(1000).getBytes(StandardCharsets.US_ASCII);
            byte[] second = "y".repeat(1000).getBytes(StandardCharsets.US_ASCII);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ReferenceS3Signer.ChunkWriter inOrder = SIGNER.chunks(new ByteArrayOutputStream(), seedOf(head));
            String firstSignature = inOrder.nextSignature(first, 0, 1000);
            String secondSignature = inOrder.nextSignature(second, 0, 1000);
            SIGNER.unsignedChunks(out).rawChunk("3e8;chunk-signature=" + secondSignature, second, 0, 1000)
                    .rawChunk("3e8;chunk-signature=" + firstSignature, first, 0, 1000);

            assertThatThrownBy(() -> readAll(head, out.toByteArray())).isInstanceOfSatisfying(
                    SignatureException.class, e -> assertThat(e.reason()).isEqualTo(
                            SignatureException.Reason.CHUNK_MISMATCH));
        }

        @Test
        void a_signed_trailer_is_verified_and_handed_over_after_the_end() throws IOException {
            RawRequest head = head(SIGNED_TRAILER, 1000, Map.of("x-amz-trailer", "x-amz-checksum-crc32"));
            byte[] body = body(head, true, w -> w.chunk(a(1000), 0, 1000)
                    .finish(Map.of("x-amz-checksum-crc32", "3kJ8Sg=="), true));

            try (PayloadStream in = VERIFIER.admit(head).stream(head, new ByteArrayInputStream(body))) {
                assertThat(in.trailers()).isEmpty();
                assertThat(in.readAllBytes()).isEqualTo(a(1000));
                assertThat(in.trailers()).containsExactly(Map.entry("x-amz-checksum-crc32", "3kJ8Sg=="));
                assertThat(in.complete()).isTrue();
            }
        }

        @Test
        void a_trailer_changed_after_signing_is_refused() {
            RawRequest head = head(SIGNED_TRAILER, 1000, Map.of("x-amz-trailer", "x-amz-checksum-crc32"));
            byte[] body = new String(body(head, true, w -> w.chunk(a(1000), 0, 1000)
                    .finish(Map.of("x-amz-checksum-crc32", "3kJ8Sg=="), true)), StandardCharsets.ISO_8859_1)
                    .replace("3kJ8Sg==", "AAAAAA==").getBytes(StandardCharsets.ISO_8859_1);

            assertThatThrownBy(() -> readAll(head, body)).isInstanceOfSatisfying(SignatureException.class,
                    e -> assertThat(e.reason()).isEqualTo(SignatureException.Reason.TRAILER_MISMATCH));
        }

        @Test
        void a_signed_trailer_form_without_its_trailer_signature_is_refused() {
            RawRequest head = head(SIGNED_TRAILER, 1000, Map.of("x-amz-trailer", "x-amz-checksum-crc32"));
            byte[] body = body(head, true, w -> w.chunk(a(1000), 0, 1000)
                    .finish(Map.of("x-amz-checksum-crc32", "3kJ8Sg=="), false));

            assertThatThrownBy(() -> readAll(head, body)).isInstanceOfSatisfying(BodyException.class,
                    e -> assertThat(e.reason()).isEqualTo(BodyException.Reason.TRAILER_MALFORMED));
        }
    }

    @Nested
    class UnsignedChunks {
        @Test
        void unsigned_chunks_decode_with_their_trailer() throws IOException {
            RawRequest head = head(UNSIGNED_TRAILER, 3000, Map.of("x-amz-trailer", "x-amz-checksum-crc32c"));
            byte[] body = body(head, false, w -> w.chunk(a(2048), 0, 2048).chunk(a(952), 0, 952)
                    .finish(Map.of("x-amz-checksum-crc32c", "abcdef=="), false));

            try (PayloadStream in = VERIFIER.admit(head).stream(head, new ByteArrayInputStream(body))) {
                assertThat(in.readAllBytes()).isEqualTo(a(3000));
                assertThat(in.trailers()).containsExactly(Map.entry("x-amz-checksum-crc32c", "abcdef=="));
                assertThat(in.length()).hasValue(3000);
            }
        }

        @Test
        void a_trailer_that_was_not_announced_is_refused() {
            RawRequest head = head(UNSIGNED_TRAILER, 10, Map.of("x-amz-trailer", "x-amz-checksum-crc32"));
            byte[] body = body(head, false, w -> w.chunk(a(10), 0, 10)
                    .finish(Map.of("x-amz-checksum-sha256", "abc="), false));

            assertThatThrownBy(() -> readAll(head, body)).isInstanceOfSatisfying(BodyException.class,
                    e -> assertThat(e.reason()).isEqualTo(BodyException.Reason.TRAILER_MALFORMED));
        }

        @Test
        void an_announced_trailer_that_does_not_come_is_refused() {
            RawRequest head = head(UNSIGNED_TRAILER, 10, Map.of("x-amz-trailer", "x-amz-checksum-crc32"));
            byte[] body = body(head, false, w -> w.chunk(a(10), 0, 10).finish(Map.of(), false));

            assertThatThrownBy(() -> readAll(head, body)).isInstanceOfSatisfying(BodyException.class,
                    e -> assertThat(e.reason()).isEqualTo(BodyException.Reason.TRAILER_MALFORMED));
        }

        @Test
        void chunks_holding_more_than_the_decoded_length_are_refused_at_the_chunk_header() {
            RawRequest head = head(UNSIGNED_TRAILER, 10, Map.of());
            byte[] body = body(head, false, w -> w.chunk(a(11), 0, 11).finish(Map.of(), false));

            assertThatThrownBy(() -> readAll(head, body)).isInstanceOfSatisfying(BodyException.class,
                    e -> assertThat(e.reason()).isEqualTo(BodyException.Reason.LENGTH_MISMATCH));
        }

        @Test
        void chunks_holding_less_than_the_decoded_length_are_refused_at_the_end() {
            RawRequest head = head(UNSIGNED_TRAILER, 12, Map.of());
            byte[] body = body(head, false, w -> w.chunk(a(11), 0, 11).finish(Map.of(), false));

            assertThatThrownBy(() -> readAll(head, body)).isInstanceOfSatisfying(BodyException.class,
                    e -> assertThat(e.reason()).isEqualTo(BodyException.Reason.LENGTH_MISMATCH));
        }

        /** Framing broken in each way a chunk header, a line end or the end of the body can be. */
        @ParameterizedTest
        @ValueSource(strings = {
            "zz\r\naaaaaaaaaa\r\n0\r\n\r\n",                 // a size that is not hex
            "-a\r\naaaaaaaaaa\r\n0\r\n\r\n",                 // a signed size
            "9\r\naaaaaaaaaa\r\n0\r\n\r\n",                  // a size one short: no CRLF after the data
            "a\naaaaaaaaaa\r\n0\r\n\r\n",                    // a bare LF
            "a\r\naaaaaaaaaa\r\n0\r\n\r\nextra",             // data after the end
            "a;chunk-signature=0000000000000000000000000000000000000000000000000000000000000000\r\naaaaaaaaaa\r\n",
            "1000000000000000\r\naaaaaaaaaa\r\n0\r\n\r\n",   // a size past any body
        })
        void broken_framing_is_refused_as_malformed(String body) {
            RawRequest head = head(UNSIGNED_TRAILER, 10, Map.of());

            assertThatThrownBy(() -> readAll(head, body.getBytes(StandardCharsets.ISO_8859_1)))
                    .isInstanceOfSatisfying(BodyException.class, e -> assertThat(e.reason())
                            .isIn(BodyException.Reason.MALFORMED, BodyException.Reason.LENGTH_MISMATCH));
        }

        @ParameterizedTest
        @ValueSource(strings = {"a\r\naaaaa", "a\r\naaaaaaaaaa\r\n", "a\r\naaaaaaaaaa\r\n0\r\n"})
        void a_body_cut_short_is_incomplete(String body) {
            RawRequest head = head(UNSIGNED_TRAILER, 10, Map.of());

            assertThatThrownBy(() -> readAll(head, body.getBytes(StandardCharsets.ISO_8859_1)))
                    .isInstanceOfSatisfying(BodyException.class, e -> assertThat(e.reason())
                            .isEqualTo(BodyException.Reason.INCOMPLETE));
        }
    }

    @Nested
    class PlainBodies {
        private RawRequest plain(String payloadHash) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Host", "s3.amazonaws.com");
            headers.put("x-amz-date", SIGNER.amzDate());
            headers.put("x-amz-content-sha256", payloadHash);
            String signature = SIGNER.signature("PUT", "/b/k", "", headers, payloadHash);
            headers.put("Authorization", SIGNER.authorization(headers, signature));
            Map<String, List<String>> wire = new LinkedHashMap<>();
            headers.forEach((name, value) -> wire.put(name, List.of(value)));
            return new RawRequest("PUT", "/b/k", "", wire, new byte[0]);
        }

        @Test
        void a_body_matching_its_declared_sha256_ends() throws IOException {
            RawRequest head = plain(ReferenceS3Signer.sha256Hex("hello"));

            assertThat(readAll(head, "hello".getBytes(StandardCharsets.US_ASCII))).asString().isEqualTo("hello");
        }

        @Test
        void a_body_not_matching_its_declared_sha256_throws_instead_of_ending() throws IOException {
            RawRequest head = plain(ReferenceS3Signer.sha256Hex("hello"));
            try (PayloadStream in = VERIFIER.admit(head).stream(head, new ByteArrayInputStream(
                    "hellO".getBytes(StandardCharsets.US_ASCII)))) {
                assertThat(in.readNBytes(5)).hasSize(5);

                assertThatThrownBy(in::read).isInstanceOfSatisfying(SignatureException.class,
                        e -> assertThat(e.reason()).isEqualTo(SignatureException.Reason.PAYLOAD_HASH_MISMATCH));
                assertThat(in.complete()).isFalse();
            }
        }

        @Test
        void an_unsigned_payload_is_read_as_sent() throws IOException {
            RawRequest head = plain("UNSIGNED-PAYLOAD");

            assertThat(readAll(head, "anything".getBytes(StandardCharsets.US_ASCII))).asString().isEqualTo("anything");
        }

        @Test
        void a_body_signed_by_its_hash_without_declaring_it_cannot_be_streamed() {
            RawRequest declared = plain(ReferenceS3Signer.sha256Hex(""));
            Map<String, List<String>> headers = new LinkedHashMap<>(declared.headers());
            headers.remove("x-amz-content-sha256");
            RawRequest head = new RawRequest("PUT", "/b/k", "", headers, new byte[0]);

            assertThatThrownBy(() -> VERIFIER.admit(head).stream(head, InputStream.nullInputStream()))
                    .isInstanceOfSatisfying(SignatureException.class, e -> assertThat(e.reason())
                            .isEqualTo(SignatureException.Reason.PAYLOAD_HASH_MISSING));
        }

        @Test
        void an_aws_chunked_body_is_refused_where_bodies_are_buffered() {
            RawRequest head = head(UNSIGNED_TRAILER, 10, Map.of());
            byte[] body = body(head, false, w -> w.chunk(a(10), 0, 10).finish(Map.of(), false));

            assertThatThrownBy(() -> VERIFIER.verify(head.withBody(body))).isInstanceOfSatisfying(
                    SignatureException.class, e -> assertThat(e.reason())
                            .isEqualTo(SignatureException.Reason.PAYLOAD_HASH_INVALID));
        }
    }
}
